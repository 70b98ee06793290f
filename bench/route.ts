import type { CaseStart, EventInput } from '../core/index.js';

/**
 * The route every bench case runs: a Breda-like integral case from signal to closure, thirteen events
 * (the first opens the case). Every event changes the case, so the workflow reschedules its timer each time;
 * `occurredAt` is left out, so each event happens when the engine receives it and no deadline is breached.
 */
const STEPS: readonly Omit<EventInput, 'idempotencyKey'>[] = [
  {
    type: 'signaal.gemeld',
    payload: { regisseur: 'swv-breda-cl-04' },
    actor: actor('intern-begeleider', 'ib-breda-12'),
  },
  { type: 'intake.gehouden', payload: { locatie: 'thuis' }, actor: actor('swv', 'swv-breda-cl-04') },
  { type: 'plaatsingscommissie.aangevraagd', payload: {}, actor: actor('swv', 'swv-breda-cl-04') },
  {
    type: 'plaatsingscommissie.besloten',
    payload: { soort: 'integraal', sporen: ['kind', 'gezin'] },
    actor: actor('plaatsingscommissie', 'pc-breda'),
  },
  {
    type: 'zorg.aangemeld',
    payload: { spoor: 'kind', aanbieder: 'jz-breda-01' },
    actor: actor('swv', 'swv-breda-cl-04'),
  },
  { type: 'zorg.intake-gehouden', payload: { spoor: 'kind' }, actor: actor('jeugdzorg', 'jz-breda-01') },
  { type: 'wachtlijst.geplaatst', payload: { spoor: 'kind' }, actor: actor('jeugdzorg', 'jz-breda-01') },
  {
    type: 'overbrugging.gestart',
    payload: { spoor: 'kind', aanbieder: 'jgz-breda-02', maxContacten: 3 },
    actor: actor('jgz', 'jgz-breda-02'),
  },
  { type: 'overbrugging.contact', payload: { spoor: 'kind' }, actor: actor('jgz', 'jgz-breda-02') },
  { type: 'zorg.gestart', payload: { spoor: 'kind' }, actor: actor('jeugdzorg', 'jz-breda-01') },
  { type: 'ondersteuning.gestart', payload: { spoor: 'gezin' }, actor: actor('cjg', 'cjg-breda-03') },
  { type: 'evaluatie.gestart', payload: {}, actor: actor('swv', 'swv-breda-cl-04') },
  { type: 'casus.afgesloten', payload: { reden: 'doelen-bereikt' }, actor: actor('swv', 'swv-breda-cl-04') },
];

function actor(role: EventInput['actor']['role'], id: string): EventInput['actor'] {
  return { role, id };
}

/** Events per full route, the opening event included. */
export const ROUTE_EVENTS = STEPS.length;

/** How many events a case that stays open receives (the memory measurement): up to the committee's decision. */
export const OPEN_CASE_EVENTS = 4;

/** The start of bench case `caseId`. */
export function benchStart(caseId: string): CaseStart {
  return { caseId, organisatie: 'swv-breda', regio: 'breda' };
}

/** The events of bench case `caseId`, the first `count` of the route (all by default), with fresh keys. */
export function benchEvents(caseId: string, count: number = ROUTE_EVENTS): EventInput[] {
  return STEPS.slice(0, count).map((step, index) => ({ ...step, idempotencyKey: `${caseId}/${index + 1}` }));
}
