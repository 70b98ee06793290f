// The fault suite of issue 10, bounded for CI: a worker process and a dev server on a SQLite file are killed
// outright at seeded random moments while events stream into every case and deadline timers fall due (faults/run.ts).
// Afterwards no accepted event is lost or doubled, every due deadline was recorded once, every notification id
// stands for one content, and every history replays. `npm run faults` runs the larger run RELIABILITY.md records.
import { describe, expect, it } from 'vitest';
import { runFaults } from '../../faults/run.js';
import { installQuietRuntime } from '../support/temporal-env.js';

describe('cases under worker and server kills', () => {
  it('lose nothing, double nothing, record every due deadline once, and replay', async () => {
    installQuietRuntime();
    const figures = await runFaults({ cases: 6, events: 10, workerKills: 2, serverKills: 1, seed: 7 });
    expect(figures).toMatchObject({
      eventsSent: 60,
      eventsJournaled: 60,
      eventsLost: 0,
      eventsDoubled: 0,
      eventsRefused: 0,
      breachesRecordedOnce: 6,
      breachesDoubled: 0,
      notificationIdsWithTwoContents: 0,
      notificationsMissing: 0,
      historiesReplayed: 6,
      replayFailures: [],
    });
    // The kills happened under load: sends were under way when they struck.
    expect(figures.sendsInFlightAtKills).toBeGreaterThan(0);
  }, 300_000);
});
