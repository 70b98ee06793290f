// Issue 12, item 5: an event registered by mistake is corrected by a `correctie` naming its journal entry and a
// reason. The core recomputes the case without it; the original stays in the journal and the chain stays intact.
import { describe, expect, it } from 'vitest';
import type { CaseState, Deadline, EventEntry } from '../../core/index.js';
import {
  advanceTo,
  applyEvent,
  canonical,
  kpiReport,
  persistCase,
  stageOf,
  verifyChain,
  viewCase,
  visibilityOf,
} from '../../core/index.js';
import { caseAt } from '../../audit/index.js';
import { accepted, ev, notificationsOf, openTestCase, rejected, T0 } from '../support/core-cases.js';
import { exportOf } from '../support/audit-export.js';

const day = (days: number, hours = 0) =>
  new Date(Date.parse(T0) + days * 86_400_000 + hours * 3_600_000).toISOString();

const correctie = (seq: number, at: string, reden: string | null = 'verkeerde-casus') =>
  ev('correctie', reden === null ? { seq } : { seq, reden }, at);

const intakeNorm = (state: CaseState): Deadline =>
  state.deadlines.find((deadline) => deadline.normId === 'intake-na-signaal')!;

/** A signal, and an intake registered on day 1 that belonged to another child. */
function mistakenIntake(): CaseState {
  return accepted(applyEvent(openTestCase(), ev('intake.gehouden', {}, day(1)), day(1))).state;
}

/** Levi's light path, with a referral to care for the child's track registered by mistake on day 3. */
function mistakenReferral(): CaseState {
  const opened = openTestCase();
  const mdo = accepted(
    applyEvent(opened, ev('mdo.afgesproken', { soort: 'licht', sporen: ['kind', 'gezin'] }, day(2)), day(2)),
  ).state;
  return accepted(
    applyEvent(mdo, ev('zorg.aangemeld', { spoor: 'kind', aanbieder: 'aanbieder-1' }, day(3)), day(3)),
  ).state;
}

describe('a correction recomputes the case without the corrected entry', () => {
  it('takes the case back to where it stood without it, and keeps the original entry in an intact chain', () => {
    const before = mistakenIntake();
    expect(stageOf(before.snapshot)).toBe('intake');
    const corrected = accepted(applyEvent(before, correctie(2, day(3)), day(3))).state;
    expect(stageOf(corrected.snapshot)).toBe('signaal');
    expect(corrected.journal.slice(0, before.journal.length)).toEqual(before.journal);
    expect(corrected.journal[before.journal.length]).toMatchObject({
      kind: 'gebeurtenis',
      type: 'correctie',
      payload: { seq: 2, reden: 'verkeerde-casus' },
      stageBefore: 'intake',
      stageAfter: 'signaal',
      recordedAt: day(3),
    });
    expect(verifyChain(corrected.journal, corrected.caseId)).toMatchObject({ ok: true });
    expect(intakeNorm(corrected)).toMatchObject({ status: 'lopend', metAt: null });
  });

  it('publishes the stage as held since the event that entered it, not since the correction', () => {
    const corrected = accepted(applyEvent(mistakenIntake(), correctie(2, day(3)), day(3))).state;
    expect(visibilityOf(corrected)).toMatchObject({ stage: 'signaal', stageSince: T0 });
  });

  it('gives the deadlines of a case that never had the entry', () => {
    const never = advanceTo(openTestCase(), day(3)).state;
    const corrected = accepted(applyEvent(mistakenIntake(), correctie(2, day(3)), day(3))).state;
    expect(corrected.deadlines).toEqual(never.deadlines);
  });

  it('records a warning and breach the entry hid as detected at the correction, each with a notification', () => {
    const decision = accepted(applyEvent(mistakenIntake(), correctie(2, day(10)), day(10)));
    const deadline = intakeNorm(decision.state);
    expect(deadline).toMatchObject({ status: 'overschreden', detectedAt: day(10), warnedAt: day(10) });
    const kinds = decision.state.journal.slice(-3).map((entry) => entry.kind);
    expect(kinds).toEqual(['gebeurtenis', 'deadline.waarschuwing', 'deadline.overschreden']);
    expect(notificationsOf(decision.effects)).toEqual([
      expect.objectContaining({
        kind: 'deadline.waarschuwing',
        deadlineId: deadline.id,
        detectedAt: day(10),
      }),
      expect.objectContaining({
        kind: 'deadline.overschreden',
        deadlineId: deadline.id,
        detectedAt: day(10),
      }),
    ]);
    expect(viewCase(decision.state).breaches).toBe(1);
  });

  it('retracts a breach that rested on the entry, with a notification, and drops its deadline', () => {
    // The referral starts the treeknorm for the child's intake (4 weeks); its timer records the breach.
    const referred = mistakenReferral();
    const breached = advanceTo(referred, day(40)).state;
    const treeknorm = breached.deadlines.find((deadline) => deadline.normId === 'treeknorm-intake')!;
    expect(treeknorm.status).toBe('overschreden');
    const decision = accepted(applyEvent(breached, correctie(3, day(41)), day(41)));
    const { state } = decision;
    expect(state.deadlines.some((deadline) => deadline.id === treeknorm.id)).toBe(false);
    const correction = state.journal.find(
      (entry) => entry.kind === 'gebeurtenis' && entry.type === 'correctie',
    )!;
    expect(correction).toMatchObject({ deadlines: { vervallen: [treeknorm.id] } });
    const breach = breached.journal.find((entry) => entry.kind === 'deadline.overschreden')!;
    expect(state.journal.at(-1)).toEqual(
      expect.objectContaining({
        kind: 'deadline.ingetrokken',
        deadlineId: treeknorm.id,
        breachSeq: breach.seq,
        causedBySeq: correction.seq,
        detectedAt: day(41),
      }),
    );
    expect(state.journal.at(-1)).not.toHaveProperty('metAt');
    expect(notificationsOf(decision.effects)).toEqual([
      expect.objectContaining({ kind: 'deadline.ingetrokken', deadlineId: treeknorm.id }),
    ]);
    expect(viewCase(state).breaches).toBe(0);
    expect(verifyChain(state.journal, state.caseId)).toMatchObject({ ok: true });
  });

  it('keeps later events, applied again without the corrected one', () => {
    const referred = mistakenReferral();
    const started = accepted(
      applyEvent(referred, ev('ondersteuning.gestart', { spoor: 'gezin' }, day(4)), day(4)),
    );
    const corrected = accepted(applyEvent(started.state, correctie(3, day(5)), day(5))).state;
    const entries = corrected.journal.filter((entry): entry is EventEntry => entry.kind === 'gebeurtenis');
    expect(entries.map((entry) => entry.type)).toEqual([
      'signaal.gemeld',
      'mdo.afgesproken',
      'zorg.aangemeld',
      'ondersteuning.gestart',
      'correctie',
    ]);
    expect(corrected.deadlines.some((deadline) => deadline.normId === 'treeknorm-intake')).toBe(false);
    expect(corrected.snapshot.value).toMatchObject({
      arrangement: { lopend: { kind: 'voorbereiding', gezin: 'gestart' } },
    });
  });

  it('a retry of the corrected event is still a duplicate: its idempotency key stays used', () => {
    const before = mistakenIntake();
    const mistaken = before.journal[1] as EventEntry;
    const corrected = accepted(applyEvent(before, correctie(2, day(3)), day(3))).state;
    const retry = applyEvent(
      corrected,
      ev('intake.gehouden', {}, mistaken.occurredAt, mistaken.idempotencyKey),
      day(4),
    );
    expect(accepted(retry).duplicate).toBe(true);
  });

  it('a second correction leaves the first one standing', () => {
    const referred = mistakenReferral();
    const intake = accepted(
      applyEvent(
        referred,
        ev('overbrugging.gestart', { spoor: 'kind', aanbieder: 'aanbieder-1' }, day(4)),
        day(4),
      ),
    );
    const first = accepted(applyEvent(intake.state, correctie(4, day(5)), day(5))).state;
    const second = accepted(applyEvent(first, correctie(3, day(6), 'dubbel-geregistreerd'), day(6))).state;
    expect(second.deadlines.some((deadline) => deadline.normId === 'treeknorm-intake')).toBe(false);
    expect(second.snapshot.value).toMatchObject({ arrangement: { lopend: { kind: 'voorbereiding' } } });
  });
});

describe('the KPIs of a corrected case', () => {
  it('rest on the events that stand: the withdrawn event and the correction count for nothing', () => {
    const before = mistakenIntake();
    const corrected = accepted(applyEvent(before, correctie(2, day(10)), day(10))).state;
    const never = advanceTo(openTestCase(), day(10)).state;
    const report = (state: CaseState) => kpiReport([viewCase(state)], T0, day(11));
    expect(report(corrected).registrationLag).toEqual(report(never).registrationLag);
    expect(report(corrected).throughputPerStage).toEqual(report(never).throughputPerStage);
    expect(report(corrected).deadlinesPerNorm).toEqual(report(never).deadlinesPerNorm);
  });
});

describe('a correction that cannot be applied is refused and changes nothing', () => {
  const refusedBy = (state: CaseState, input: Record<string, unknown>, at: string) => {
    const before = canonical(persistCase(state));
    const rejection = rejected(applyEvent(state, input, at));
    expect(canonical(persistCase(state))).toBe(before);
    return rejection;
  };

  it('an entry that does not exist', () => {
    const rejection = refusedBy(mistakenIntake(), correctie(9, day(3)), day(3));
    expect(rejection).toMatchObject({ code: 'correction-refused' });
    expect(rejection.issues).toEqual([
      { path: 'payload.seq', message: 'no such entry: the journal holds entries 1 to 2' },
    ]);
  });

  it('the opening entry', () => {
    const rejection = refusedBy(mistakenIntake(), correctie(1, day(3)), day(3));
    expect(rejection.issues).toEqual([
      { path: 'payload.seq', message: 'the opening event cannot be corrected: without it there is no case' },
    ]);
  });

  it('an entry the engine recorded itself', () => {
    const breached = advanceTo(openTestCase(), day(10)).state;
    const breach = breached.journal.find((entry) => entry.kind === 'deadline.overschreden')!;
    const rejection = refusedBy(breached, correctie(breach.seq, day(10)), day(10));
    expect(rejection.issues[0]).toMatchObject({ path: 'payload.seq' });
    expect(rejection.message).toBe(
      `journal entry ${breach.seq} is a deadline.overschreden, which the engine recorded itself`,
    );
  });

  it('an entry already corrected, and a correction itself', () => {
    const corrected = accepted(applyEvent(mistakenIntake(), correctie(2, day(3)), day(3))).state;
    const correction = corrected.journal.find(
      (entry) => entry.kind === 'gebeurtenis' && entry.type === 'correctie',
    )!;
    expect(refusedBy(corrected, correctie(2, day(4)), day(4)).issues).toEqual([
      { path: 'payload.seq', message: `already corrected (entry ${correction.seq})` },
    ]);
    expect(refusedBy(corrected, correctie(correction.seq, day(4)), day(4)).issues).toEqual([
      { path: 'payload.seq', message: 'a correction cannot be corrected' },
    ]);
  });

  it('a correction without a reason, or with one that is no code', () => {
    const state = mistakenIntake();
    expect(refusedBy(state, correctie(2, day(3), null), day(3))).toMatchObject({
      code: 'invalid-payload',
      issues: [expect.objectContaining({ path: 'payload.reden' })],
    });
    expect(refusedBy(state, correctie(2, day(3), 'Jan had het fout'), day(3)).issues).toEqual([
      expect.objectContaining({ path: 'payload.reden' }),
    ]);
  });

  it('a correction after which a later entry can no longer be applied names that entry and why', () => {
    const referred = mistakenReferral();
    const intake = accepted(
      applyEvent(referred, ev('zorg.intake-gehouden', { spoor: 'kind' }, day(5)), day(5)),
    );
    const rejection = refusedBy(intake.state, correctie(3, day(6)), day(6));
    expect(rejection.code).toBe('correction-refused');
    expect(rejection.message).toMatch(
      /^without entry 3 \(zorg\.aangemeld\) entry 4 \(zorg\.intake-gehouden\) can no longer be applied: "zorg\.intake-gehouden" is not allowed/,
    );
    expect(rejection.issues[0]?.path).toBe('payload.seq');
  });
});

describe('audit at agrees with the live case around a correction', () => {
  it('after the correction it leaves the entry out; before it, the case as it was then known', () => {
    const corrected = accepted(applyEvent(mistakenIntake(), correctie(2, day(10)), day(10))).state;
    const exported = exportOf(viewCase(corrected), day(11));
    const after = caseAt(exported, day(11));
    expect(after.stage).toBe(stageOf(corrected.snapshot));
    const live = advanceTo(corrected, day(11)).state;
    expect(after.deadlines.map(({ id, status, dueAt, metAt }) => ({ id, status, dueAt, metAt }))).toEqual(
      live.deadlines.map(({ id, status, dueAt, metAt }) => ({ id, status, dueAt, metAt })),
    );
    expect(after.findings).toEqual([]);
    const correction = corrected.journal.find(
      (entry) => entry.kind === 'gebeurtenis' && entry.type === 'correctie',
    )!;
    expect(after.withdrawn).toEqual([
      {
        seq: 2,
        type: 'intake.gehouden',
        correctedBySeq: correction.seq,
        correctedAt: day(10),
        reden: 'verkeerde-casus',
      },
    ]);
    const earlier = caseAt(exported, day(2));
    expect(earlier.withdrawn).toEqual([]);
    expect(earlier.stage).toBe('intake');
    expect(earlier.deadlines.find((deadline) => deadline.normId === 'intake-na-signaal')?.status).toBe(
      'gehaald',
    );
  });
});
