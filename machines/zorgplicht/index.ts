import type { RouteDefinition } from '../../core/route.js';
import { zorgplichtEventDocs, zorgplichtPayloads } from './events.js';
import { zorgplichtMachine } from './machine.js';

export { zorgplichtMachine } from './machine.js';
export type { OppPlan, ZorgplichtContext } from './machine.js';
export { zorgplichtEventDocs, zorgplichtPayloads } from './events.js';
export type { ZorgplichtEvent, ZorgplichtEventType } from './events.js';

/** The zorgplicht route as the engine hosts it. */
export const zorgplicht: RouteDefinition = {
  id: 'zorgplicht',
  version: '1.0.0',
  title: 'Zorgplicht: aanmelding, toelating, plaatsing en OPP',
  machine: zorgplichtMachine,
  startEvent: 'aanmelding.ontvangen',
  payloads: zorgplichtPayloads,
  eventDocs: zorgplichtEventDocs,
  norms: [
    'zorgplicht',
    'zorgplicht-tijdelijke-inschrijving',
    'opp-opgesteld',
    'opp-geevalueerd',
    'thuiszitter',
  ],
  startInput: (payload) => {
    const { regisseur, school } = payload as { regisseur: string; school: string };
    return { regisseur, school };
  },
};
