// Two `passend worker` processes on one task queue against the Temporal server on PostgreSQL; one is killed
// outright (SIGKILL) while events stream into every case and deadline timers fall due, and is not started again.
// The other carries every case on: no accepted event is lost or doubled, every due deadline is recorded once,
// every notification has one content, and every history replays (faults/run.ts checks each of these).
import { describe, expect, it } from 'vitest';
import { runFaults } from '../../faults/run.js';
import { usePostgresStack } from '../support/postgres-env.js';

const stack = usePostgresStack();

describe('a worker killed while the other runs, on PostgreSQL', () => {
  it('loses nothing, doubles nothing, records every due deadline once, and replays', async () => {
    // Seed 3 puts the kill about 13 s into the 20 s of sends, with half of every case's events still to come.
    const figures = await runFaults({
      cases: 6,
      events: 8,
      workerKills: 1,
      serverKills: 0,
      seed: 3,
      server: { address: stack().address },
      steadyWorkers: 1,
      restartKilledWorker: false,
      killUnderLoad: true,
    });
    expect(figures).toMatchObject({
      eventsSent: 48,
      eventsJournaled: 48,
      eventsLost: 0,
      eventsDoubled: 0,
      eventsRefused: 0,
      breachesRecordedOnce: 6,
      workerKills: 1,
      breachesDoubled: 0,
      notificationIdsWithTwoContents: 0,
      notificationsMissing: 0,
      historiesReplayed: 6,
      replayFailures: [],
    });
    // The kill struck under load: sends were under way.
    expect(figures.sendsInFlightAtKills).toBeGreaterThan(0);
  }, 300_000);
});
