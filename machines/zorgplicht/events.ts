import { z } from 'zod';
import { IdentifierSchema } from '../../core/identifiers.js';
import type { Actor } from '../../core/identifiers.js';
import { RegieRedenSchema } from '../toeleiding/events.js';

/** Payload schemas of the zorgplicht route, one per event type. */
export const zorgplichtPayloads = {
  'aanmelding.ontvangen': z.strictObject({ regisseur: IdentifierSchema, school: IdentifierSchema }),
  'toelating.besloten': z.strictObject({
    besluit: z.enum(['toegelaten', 'elders-toegelaten', 'afgewezen-met-aanbod']),
    school: IdentifierSchema.optional(),
  }),
  'tijdelijk.ingeschreven': z.strictObject({}),
  'aanmelding.ingetrokken': z.strictObject({}),
  'plaatsing.gestart': z.strictObject({ school: IdentifierSchema }),
  'opp.vastgesteld': z.strictObject({}),
  'opp.geevalueerd': z.strictObject({ uitkomst: z.enum(['doorgaan', 'bijstellen', 'afronden']) }),
  'verzuim.gemeld': z.strictObject({}),
  'verzuim.beeindigd': z.strictObject({}),
  'casus.afgesloten': z.strictObject({
    reden: z.enum(['doelen-bereikt', 'overgedragen', 'verhuisd', 'anders']),
  }),
  'regie.overgedragen': z.strictObject({ regisseur: IdentifierSchema, reden: RegieRedenSchema }),
} as const;

type Payloads = typeof zorgplichtPayloads;
export type ZorgplichtEventType = keyof Payloads;

/** An event as the zorgplicht machine sees it. */
export type ZorgplichtEvent = {
  [K in ZorgplichtEventType]: { type: K; payload: z.output<Payloads[K]>; actor: Actor; occurredAt: string };
}[ZorgplichtEventType];

/** What each event does, for the README's event table and error messages. */
export const zorgplichtEventDocs: Record<ZorgplichtEventType, string> = {
  'aanmelding.ontvangen': 'the school received a written registration (start event; names the regisseur)',
  'toelating.besloten':
    'the school board decides: admitted here, admitted elsewhere, or refused with an offer',
  'tijdelijk.ingeschreven': 'no decision yet: the child is enrolled temporarily',
  'aanmelding.ingetrokken': 'the parents withdraw the registration',
  'plaatsing.gestart': 'the child starts at the school; the OPP term starts',
  'opp.vastgesteld': 'the ontwikkelingsperspectief (OPP) is set with the parents (the plan, revision 1)',
  'opp.geevalueerd': 'the OPP is evaluated with the parents (the plan gets a new revision)',
  'verzuim.gemeld': 'the child is absent (relative absence); the thuiszitter clock starts',
  'verzuim.beeindigd': 'the child is back in school',
  'casus.afgesloten': 'the case is closed, with a reason',
  'regie.overgedragen': 'regie passes to a new regisseur, with a reason',
};
