// Issue 12 on a real Temporal server (the time-skipping test server, for weeks): terms to the end of the last day
// with the Algemene termijnenwet, across both changes of summer time, a decision at 23:59 and at 00:00, a breach
// retracted by a late-registered event, and escalation steps as durable timers. Dates are counted from the test
// server's clock, so the test holds on any day it runs; the core's own tests pin the exact dates.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseView, Deadline, JournalEntry } from '../../core/index.js';
import { dueMoment } from '../../core/index.js';
import { fromLocal, toLocal } from '../../core/calendar.js';
import { caseAt, exportCase, replayExports } from '../../audit/index.js';
import { workflowsPath } from '../../worker/index.js';
import { event, useCaseServer } from '../support/case-env.js';
import { eventually } from '../support/eventually.js';
import { bundleOnce } from '../support/temporal-env.js';

const DAY = 86_400_000;
const server = useCaseServer('time-skipping', 'deadline-counting');

/** A local date as `{ year, month, day }`, moved by `days`. */
interface Day {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}
const dayOf = (millis: number): Day => {
  const { year, month, day } = toLocal(millis);
  return { year, month, day };
};
const plus = (d: Day, days: number): Day => {
  const moved = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
};
const daysFrom = (from: Day, to: Day) =>
  Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / DAY);
/** The instant at `hour:minute` on Amsterdam's wall clock on a day. */
const local = (d: Day, hour = 0, minute = 0) =>
  new Date(fromLocal({ ...d, hour, minute, second: 0, millisecond: 0 })).toISOString();
const weekday = (d: Day) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
const lastSunday = (year: number, month: number): Day => {
  const last = new Date(Date.UTC(year, month, 0));
  return { year, month, day: last.getUTCDate() - last.getUTCDay() };
};

async function serverNow(): Promise<number> {
  return await server().env.currentTimeMs();
}

/** Skips the test server's clock on to `instant` (if it is not there yet). */
async function skipTo(instant: string): Promise<void> {
  const ms = Date.parse(instant) - (await serverNow());
  if (ms > 0) await server().env.sleep(ms);
}

/** Today on the server's clock, a day later when it is close to midnight (so a start does not straddle it). */
async function today(): Promise<Day> {
  const now = await serverNow();
  if (toLocal(now).hour === 23) await server().env.sleep(2 * 3_600_000);
  return dayOf(await serverNow());
}

/** Opens a zorgplicht case today whose term, counted from the day after receipt, ends on `lastDay`. */
async function zorgplichtEndingOn(caseId: string, start: Day, lastDay: Day): Promise<CaseView> {
  return await server().client.startCase(
    {
      caseId,
      routeId: 'zorgplicht',
      organisatie: 'po-school-1',
      regio: 'regio-1',
      normOverrides: { zorgplicht: { term: { amount: daysFrom(start, lastDay), unit: 'dagen' } } },
    },
    event('aanmelding.ontvangen', { regisseur: 'zc-1', school: 'school-1' }),
  );
}

const zorgplichtOf = (view: CaseView): Deadline =>
  view.deadlines.find((deadline) => deadline.normId === 'zorgplicht')!;

/** A breach noticed when its timer fired: at the due moment, or the fraction of a second the server took after it. */
function expectBreachedAt(deadline: Deadline, due: string): void {
  expect(deadline.status).toBe('overschreden');
  expect(deadline.dueAt).toBe(due);
  const lag = Date.parse(deadline.detectedAt ?? '') - Date.parse(due);
  expect(lag).toBeGreaterThanOrEqual(0);
  expect(lag).toBeLessThan(60_000);
}

async function caseOf(caseId: string): Promise<CaseView> {
  return await server().client.getCase(caseId);
}

function zorgplichtEntries(view: CaseView): JournalEntry[] {
  return view.journal.filter((entry) => entry.kind !== 'gebeurtenis' && entry.normId === 'zorgplicht');
}

describe('deadlines as the law counts them, on a real Temporal server', () => {
  it('a term ending on Christmas moves to the end of the next working day: on time at 23:59, breached at 00:00, then escalated until met', async () => {
    const start = await today();
    const year = start.month === 12 && start.day >= 18 ? start.year + 1 : start.year;
    const christmas = { year, month: 12, day: 25 };
    // Algemene termijnenwet art. 1: past both Christmas days and the weekend, to the next working day.
    let lastDay = plus(christmas, 1);
    while (lastDay.day === 26 || weekday(lastDay) === 0 || weekday(lastDay) === 6) lastDay = plus(lastDay, 1);
    const due = local(plus(lastDay, 1));

    const views = await Promise.all(
      ['kerst-2359', 'kerst-0000', 'kerst-opschalen'].map((id) => zorgplichtEndingOn(id, start, christmas)),
    );
    for (const view of views) {
      const deadline = zorgplichtOf(view);
      expect(deadline.dueAt).toBe(due);
      // The live workflow and the pure core count the same due moment.
      expect(
        dueMoment(
          view.normDefinitions.find((norm) => norm.id === 'zorgplicht')!,
          deadline.startedAt,
        ),
      ).toBe(due);
    }

    await skipTo(local(lastDay, 23, 59));
    const onTime = await server().client.sendEvent(
      'kerst-2359',
      event('toelating.besloten', { besluit: 'toegelaten' }, { occurredAt: local(lastDay, 23, 59) }),
    );
    expect(onTime.recorded.some((entry) => entry.kind === 'deadline.overschreden')).toBe(false);
    expect(zorgplichtOf(await caseOf('kerst-2359')).status).toBe('gehaald');

    await skipTo(new Date(Date.parse(due) + 60_000).toISOString());
    const breached = await eventually(
      () => caseOf('kerst-0000'),
      (view) => zorgplichtOf(view).status === 'overschreden',
    );
    expectBreachedAt(zorgplichtOf(breached), due);
    await server().client.sendEvent(
      'kerst-0000',
      event('toelating.besloten', { besluit: 'toegelaten' }, { occurredAt: due }),
    );
    expect(zorgplichtOf(await caseOf('kerst-0000')).status).toBe('gehaald-na-overschrijding');

    // Escalation: the regisseur at the breach, the coordinator 5 working days later (a timer of the workflow).
    const planned = zorgplichtOf(await caseOf('kerst-opschalen')).opschaling!;
    expect(planned.map((step) => [step.stap, step.rol])).toEqual([
      [1, 'regisseur'],
      [2, 'coordinator'],
      [3, 'leerplichtambtenaar'],
    ]);
    const coordinator = planned[1]!.at;
    await skipTo(new Date(Date.parse(coordinator) + 60_000).toISOString());
    const escalated = await eventually(
      () => caseOf('kerst-opschalen'),
      (view) =>
        zorgplichtEntries(view).some((entry) => entry.kind === 'deadline.opgeschaald' && entry.stap === 2),
    );
    expect(zorgplichtEntries(escalated).map((entry) => entry.kind)).toEqual([
      'deadline.waarschuwing',
      'deadline.overschreden',
      'deadline.opgeschaald',
      'deadline.opgeschaald',
    ]);
    const outbox = await eventually(
      async () => readFileSync(server().outboxPath, 'utf8'),
      (text) =>
        text.includes('kerst-opschalen/zorgplicht#1/deadline.opgeschaald/') && text.includes(`/${2}"`),
    );
    expect(outbox).toContain(`"notificationId":"kerst-opschalen/zorgplicht#1/deadline.opgeschaald/${due}/2"`);

    // Met: the third step never comes.
    await server().client.sendEvent(
      'kerst-opschalen',
      event('toelating.besloten', { besluit: 'toegelaten' }),
    );
    await skipTo(new Date(Date.parse(planned[2]!.at) + DAY).toISOString());
    const stopped = await caseOf('kerst-opschalen');
    expect(zorgplichtEntries(stopped).filter((entry) => entry.kind === 'deadline.opgeschaald')).toHaveLength(
      2,
    );
    expect(zorgplichtOf(stopped).opschaling?.[2]?.sentAt).toBeNull();

    // What this workflow commanded (escalation timers, notifications) replays from its history.
    const exported = await exportCase(server().env.client, 'kerst-opschalen', {
      now: new Date(await serverNow()),
    });
    const replayed = await replayExports([exported], { workflowBundle: await bundleOnce(workflowsPath()) });
    expect(replayed.flat().map((run) => run.ok)).toEqual([true]);
  });

  it('across the change to and from summer time, the term ends at 00:00 on the local clock of its last day', async () => {
    const start = await today();
    const changes = [
      {
        name: 'to summer time',
        change: lastSunday(start.year + (start.month >= 3 ? 1 : 0), 3),
        offsetHours: 2,
      },
      {
        name: 'from summer time',
        change: lastSunday(start.year + (start.month >= 10 ? 1 : 0), 10),
        offsetHours: 1,
      },
    ];
    const cases = await Promise.all(
      changes.map(async ({ name, change, offsetHours }) => {
        // The Wednesday after the change: never a holiday.
        const lastDay = plus(change, 3);
        const view = await zorgplichtEndingOn(`zomertijd-${offsetHours}`, start, lastDay);
        const due = local(plus(lastDay, 1));
        expect(zorgplichtOf(view).dueAt, name).toBe(due);
        expect(new Date(due).getUTCHours(), name).toBe(24 - offsetHours);
        return { caseId: view.caseId, due };
      }),
    );
    const last = cases
      .map((c) => c.due)
      .sort()
      .at(-1)!;
    await skipTo(new Date(Date.parse(last) + 60_000).toISOString());
    for (const { caseId, due } of cases) {
      const view = await eventually(
        () => caseOf(caseId),
        (current) => zorgplichtOf(current).status === 'overschreden',
      );
      expectBreachedAt(zorgplichtOf(view), due);
    }
  });

  it('a breach the timer recorded is retracted when the intake registered later happened before the due moment', async () => {
    const signalDay = await today();
    const caseId = 'laat-geregistreerd';
    await server().client.startCase(
      {
        caseId,
        organisatie: 'swv-1',
        regio: 'regio-1',
        normOverrides: {
          'intake-na-signaal': { telwijze: { vanaf: 'dag-na-ontvangst', tot: 'einde-dag', bron: 'regio-1' } },
        },
      },
      event('signaal.gemeld', { regisseur: 'ib-1' }),
    );
    const due = local(plus(signalDay, 8));
    await skipTo(new Date(Date.parse(due) + 60_000).toISOString());
    const breached = await eventually(
      () => caseOf(caseId),
      (view) => view.breaches === 1,
    );
    const intakeOf = (view: CaseView) => view.deadlines.find((d) => d.normId === 'intake-na-signaal')!;
    expectBreachedAt(intakeOf(breached), due);

    // Three days later the intake of day 4 is registered.
    await server().env.sleep(3 * DAY);
    const intakeAt = local(plus(signalDay, 4), 14);
    const answer = await server().client.sendEvent(
      caseId,
      event('intake.gehouden', {}, { occurredAt: intakeAt }),
    );
    expect(answer.recorded.map((entry) => entry.kind)).toEqual(['gebeurtenis', 'deadline.ingetrokken']);
    const live = await caseOf(caseId);
    expect(intakeOf(live)).toMatchObject({
      status: 'gehaald',
      metAt: intakeAt,
      ingetrokken: { bySeq: answer.recorded[0]!.seq },
    });
    expect(live.breaches).toBe(0);
    const outbox = await eventually(
      async () => readFileSync(server().outboxPath, 'utf8'),
      (text) => text.includes(`${caseId}/intake-na-signaal#1/deadline.ingetrokken/`),
    );
    expect(outbox).toContain(`${caseId}/intake-na-signaal#1/deadline.overschreden/`);

    // `passend audit at` reads the exported case and gives the same answer.
    const now = new Date(await serverNow());
    const exported = await exportCase(server().env.client, caseId, { now });
    const audited = caseAt(exported, now.toISOString()).deadlines.find(
      (d) => d.normId === 'intake-na-signaal',
    )!;
    expect(audited).toMatchObject({ status: 'gehaald', metAt: intakeAt, daysLate: null });
  });
});
