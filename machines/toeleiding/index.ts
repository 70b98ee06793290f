import type { RouteDefinition } from '../../core/route.js';
import { toeleidingEventDocs, toeleidingPayloads } from './events.js';
import { toeleidingMachine } from './machine.js';

export { toeleidingMachine } from './machine.js';
export type { Plan, SpoorGegevens, ToeleidingContext } from './machine.js';
export { SpoorSchema, SPOREN, toeleidingPayloads, toeleidingEventDocs } from './events.js';
export type { Spoor, ToeleidingEvent, ToeleidingEventType } from './events.js';

/** The toeleiding route as the engine hosts it. */
export const toeleiding: RouteDefinition = {
  id: 'toeleiding',
  version: '1.0.0',
  title: 'Toeleiding passend onderwijs en jeugdhulp',
  machine: toeleidingMachine,
  startEvent: 'signaal.gemeld',
  payloads: toeleidingPayloads,
  eventDocs: toeleidingEventDocs,
  norms: ['breda-route', 'intake-na-signaal', 'treeknorm-intake', 'treeknorm-behandeling', 'thuiszitter'],
  startInput: (payload) => ({ regisseur: (payload as { regisseur: string }).regisseur }),
};
