// The histories of issue 10's fault run (test/fixtures/fault-histories/, its README names the events that matter),
// against the current code. crash-1 replays. crash-6 cannot be replayed by any code that acts on a due deadline:
// the worker that recorded it was handed a fired timer with a stale clock and decided "not yet due" (its timer 7
// re-armed for the 43.348 s of timer 6); such a case is repaired by resetting it to its last good workflow task
// (`passend case repair`). The clock's own test below runs the loop's decision on crash-6's recorded moments.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import type { HistoryJson } from '../../audit/history.js';
import { historyFromJson } from '../../audit/proto-json.js';
import { codecFromEnvironment, dataConverterWith } from '../../codec/index.js';
import { workflowsPath } from '../../worker/index.js';
import { createCaseClock, nextWake } from '../../workflows/clock.js';
import { bundleOnce, installQuietRuntime } from '../support/temporal-env.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/fault-histories/${name}`, import.meta.url));
const history = (name: string) => JSON.parse(readFileSync(fixture(name), 'utf8')) as HistoryJson;

interface Event {
  readonly eventId: string;
  readonly eventTime: string;
  readonly eventType: string;
  readonly timerStartedEventAttributes?: { readonly timerId: string; readonly startToFireTimeout: string };
}

async function replay(name: string): Promise<unknown> {
  installQuietRuntime();
  const codec = codecFromEnvironment({ PASSEND_ENCRYPTION_KEYRING: fixture('keyring.json') });
  return await Worker.runReplayHistory(
    { workflowBundle: await bundleOnce(workflowsPath()), dataConverter: dataConverterWith(codec) },
    historyFromJson(history(name)),
    `fault-run-${name}`,
  ).then(
    () => 'replays',
    (error: unknown) => error,
  );
}

describe('the histories of the fault run', () => {
  it('crash-1 replays against the current code', async () => {
    expect(await replay('crash-1.history.json')).toBe('replays');
  });

  it('crash-6 holds the stale decision at event 54 and cannot be replayed: a case to repair by reset', async () => {
    const error = await replay('crash-6.history.json');
    expect(error).toBeInstanceOf(DeterminismViolationError);
    expect(String(error)).toContain('HistoryEvent(id: 54, TimerStarted)');
  });

  it('its recorded moments: a loop deciding by the stale clock re-arms timer 7 as recorded; the fixed loop acts', () => {
    const events = (history('crash-6.history.json') as unknown as { events: Event[] }).events;
    const byId = (id: number) => events.find((event) => Number(event.eventId) === id)!;
    const seconds = (event: Event) =>
      Number.parseFloat(event.timerStartedEventAttributes!.startToFireTimeout);
    // Timer 6 was armed in the task started at event 44, on that task's clock, for the intake's due moment.
    const armedClock = Date.parse(byId(44).eventTime);
    const timer6 = byId(49);
    expect(timer6.timerStartedEventAttributes?.timerId).toBe('6');
    const due = Math.round(armedClock + seconds(timer6) * 1000);
    expect(new Date(due).toISOString()).toBe('2026-12-03T07:15:19.099Z');
    expect(byId(50).eventType).toBe('EVENT_TYPE_TIMER_FIRED');

    // The restarted worker was handed the firing with the clock of event 44 (not event 52's).
    const stale = createCaseClock(() => Math.floor(armedClock));
    const byClockAlone = nextWake(due, stale.now());
    expect(byClockAlone).toEqual({ act: false, wait: expect.closeTo(seconds(byId(54)) * 1000, -1) });

    const fixed = createCaseClock(() => Math.floor(armedClock));
    fixed.fired(due);
    expect(nextWake(due, fixed.now())).toEqual({ act: true });
    // A replay reads event 52's clock, after the due moment: it acts too, so recording and replay agree.
    expect(nextWake(due, createCaseClock(() => Date.parse(byId(52).eventTime)).now())).toEqual({ act: true });
  });
});

describe('the case clock', () => {
  it('never runs backwards, and a fired timer raises it to its moment only', () => {
    let wall = 1_000;
    const clock = createCaseClock(() => wall);
    expect(clock.now()).toBe(1_000);
    wall = 900;
    expect(clock.now()).toBe(1_000);
    clock.fired(5_000);
    expect(clock.now()).toBe(5_000);
    clock.fired(2_000);
    wall = 6_000;
    expect(clock.now()).toBe(6_000);
    expect(nextWake(undefined, 6_000)).toEqual({ act: false, wait: undefined });
    expect(nextWake(6_000, 6_000)).toEqual({ act: true });
    expect(nextWake(6_001, 6_000)).toEqual({ act: false, wait: 1 });
  });
});
