import { describe, expect, it } from 'vitest';
import type { CaseState, Decision, EventInput } from '../../core/index.js';
import { applyEvent, openCase, ScenarioSchema, simulate, UNPINNED, viewCase } from '../../core/index.js';
import { loadScenario } from '../../scenarios/index.js';

const aanmelding = {
  type: 'aanmelding.ontvangen',
  payload: { regisseur: 'zc-1', school: 'school-1' },
  actor: { role: 'ouder', id: 'ouder-1' },
  occurredAt: '2026-01-12T08:00:00.000Z',
  idempotencyKey: 'z/1',
} as const;

// Cases recorded under the zorgplicht's clock-time version (2014-1) keep running by it: these tests pin to it.
// test/core/telwijze.test.ts counts the current version, to the end of the last day.
function opened(): CaseState {
  const decision = openCase(
    { caseId: 'z', routeId: 'zorgplicht', organisatie: 'o', regio: 'r' },
    aanmelding,
    '2026-01-12T08:00:00.000Z',
    { pin: UNPINNED },
  );
  if (!decision.ok) throw new Error(decision.rejection.message);
  return decision.state;
}

let keys = 1;
function send(state: CaseState, type: string, payload: Record<string, unknown>, at: string): Decision {
  const event: EventInput = {
    type,
    payload,
    actor: { role: 'zorgcoordinator', id: 'zc-1' },
    occurredAt: at,
    idempotencyKey: `z/${++keys}`,
  };
  return applyEvent(state, event, at);
}

function accepted(decision: Decision): CaseState {
  if (!decision.ok) throw new Error(`${decision.rejection.code}: ${decision.rejection.message}`);
  return decision.state;
}

const zorgplichtOf = (state: CaseState) =>
  state.deadlines.find((deadline) => deadline.normId === 'zorgplicht')!;

describe('deadlines move only as their norm allows', () => {
  it('zorgplicht: extends once by four weeks and shows the original and the new due moment', () => {
    const state = accepted(
      send(
        opened(),
        'deadline.verlengd',
        { normId: 'zorgplicht', reden: 'nader-onderzoek', ouderGeinformeerd: true },
        '2026-02-16T09:00:00.000Z',
      ),
    );
    const deadline = zorgplichtOf(state);
    expect(deadline.originalDueAt).toBe('2026-02-23T08:00:00.000Z');
    expect(deadline.dueAt).toBe('2026-03-23T08:00:00.000Z');
    expect(deadline.extensions).toEqual([
      {
        at: '2026-02-16T09:00:00.000Z',
        reden: 'nader-onderzoek',
        from: '2026-02-23T08:00:00.000Z',
        to: '2026-03-23T08:00:00.000Z',
      },
    ]);
    const entry = state.journal.at(-1);
    expect(entry?.kind === 'gebeurtenis' && entry.deadlines.verlengd).toEqual([
      { id: deadline.id, from: '2026-02-23T08:00:00.000Z', to: '2026-03-23T08:00:00.000Z' },
    ]);
    const again = send(
      state,
      'deadline.verlengd',
      { normId: 'zorgplicht', reden: 'capaciteit', ouderGeinformeerd: true },
      '2026-03-02T09:00:00.000Z',
    );
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.rejection.code).toBe('deadline-refused');
  });

  it('zorgplicht: refuses an extension unless the parents were informed, naming the field', () => {
    const before = opened();
    const decision = send(
      before,
      'deadline.verlengd',
      { normId: 'zorgplicht', reden: 'nader-onderzoek' },
      '2026-02-16T09:00:00.000Z',
    );
    expect(decision.ok).toBe(false);
    if (!decision.ok)
      expect(decision.rejection.issues.map((issue) => issue.path)).toEqual(['payload.ouderGeinformeerd']);
    expect(zorgplichtOf(before).dueAt).toBe('2026-02-23T08:00:00.000Z');
  });

  it('refuses to suspend a norm that is not suspendable, and an unknown norm', () => {
    const state = opened();
    for (const payload of [
      { normId: 'zorgplicht', reden: 'wacht-op-gezin' },
      { normId: 'bestaat-niet', reden: 'wacht-op-gezin' },
    ]) {
      const decision = send(state, 'deadline.opgeschort', payload, '2026-01-20T09:00:00.000Z');
      expect(decision.ok).toBe(false);
      if (!decision.ok) expect(decision.rejection.code).toBe('deadline-refused');
    }
  });

  it('a suspension stops the clock: the due moment moves by the time it stood still, and nothing breaches meanwhile', () => {
    const signaal = {
      type: 'signaal.gemeld',
      payload: { regisseur: 'r-1' },
      actor: { role: 'leerkracht', id: 'lk-1' },
      occurredAt: '2026-01-05T08:00:00.000Z',
      idempotencyKey: 's/1',
    } as const;
    const start = openCase(
      { caseId: 's', organisatie: 'o', regio: 'r' },
      signaal,
      '2026-01-05T08:00:00.000Z',
    );
    if (!start.ok) throw new Error(start.rejection.message);
    const paused = accepted(
      send(
        start.state,
        'deadline.opgeschort',
        { normId: 'breda-route', reden: 'wacht-op-gezin' },
        '2026-01-08T08:00:00.000Z',
      ),
    );
    const breda = () => paused.deadlines.find((deadline) => deadline.normId === 'breda-route')!;
    expect(breda().status).toBe('opgeschort');
    // Ten days suspended; in the meantime the breda-route due moment passes without a breach.
    const resumed = accepted(
      send(paused, 'deadline.hervat', { normId: 'breda-route' }, '2026-01-28T08:00:00.000Z'),
    );
    const moved = resumed.deadlines.find((deadline) => deadline.normId === 'breda-route')!;
    expect(moved.status).toBe('lopend');
    expect(moved.originalDueAt).toBe('2026-01-26T08:00:00.000Z');
    expect(moved.dueAt).toBe('2026-02-15T08:00:00.000Z');
    expect(moved.suspensions).toEqual([
      { from: '2026-01-08T08:00:00.000Z', to: '2026-01-28T08:00:00.000Z', reden: 'wacht-op-gezin' },
    ]);
    expect(
      resumed.journal.some(
        (entry) => entry.kind === 'deadline.overschreden' && entry.normId === 'breda-route',
      ),
    ).toBe(false);
    expect(viewCase(resumed).nextDueAt).not.toBe('2026-01-26T08:00:00.000Z');
  });

  it('the zorgplicht fixture: extended once, the second extension refused, then breached and decided late', () => {
    const scenario = ScenarioSchema.parse(
      loadScenario(
        new URL('../fixtures/scenarios/zorgplicht-verlengd-te-laat.json', import.meta.url).pathname,
      ),
    );
    const result = simulate(scenario, { pin: UNPINNED });
    expect(result.rejected.map(({ index, rejection }) => [index, rejection.code])).toEqual([
      [2, 'deadline-refused'],
    ]);
    const zorgplicht = zorgplichtOf(result.state);
    expect(zorgplicht.status).toBe('gehaald-na-overschrijding');
    expect(zorgplicht.dueAt).toBe('2026-03-23T08:00:00.000Z');
    const kinds = result.state.journal
      .filter((entry) => entry.kind !== 'gebeurtenis' && entry.normId === 'zorgplicht')
      .map((entry) => entry.kind);
    // One warning before the original due moment, a new one before the extended due moment, then the breach.
    expect(kinds).toEqual(['deadline.waarschuwing', 'deadline.waarschuwing', 'deadline.overschreden']);
    const breach = result.state.journal.find(
      (entry) => entry.kind === 'deadline.overschreden' && entry.normId === 'zorgplicht',
    );
    expect(breach?.kind === 'deadline.overschreden' && breach.detectedAt).toBe('2026-03-23T08:00:00.000Z');
  });
});
