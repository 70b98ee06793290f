// `npm run faults [-- --cases N --events N --worker-kills N --server-kills N --seed N]`: a fault run (faults/run.ts)
// with the figures RELIABILITY.md records. Exits 1 when an event was lost or doubled, a deadline was not recorded
// exactly once, a notification id had two contents, or a history did not replay.
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runFaults } from './run.js';

const OPTIONS = {
  cases: { type: 'string', default: '50' },
  events: { type: 'string', default: '40' },
  'worker-kills': { type: 'string', default: '3' },
  'server-kills': { type: 'string', default: '2' },
  seed: { type: 'string', default: '1' },
} as const;

function flags() {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (error) {
    process.stderr.write(
      `[faults] ${(error as Error).message.split('\n')[0]}; the flags are ${Object.keys(OPTIONS)
        .map((flag) => `--${flag}`)
        .join(', ')}\n`,
    );
    process.exit(2);
  }
}
const values = flags();

function count(flag: keyof typeof values): number {
  const text = values[flag];
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`[faults] --${flag} must be a whole number of 0 or more, not "${String(text)}"\n`);
    process.exit(2);
  }
  return value;
}

// Warnings only: the replays at the end would otherwise log every replay worker's start and stop.
Runtime.install({ logger: new DefaultLogger('WARN') });

const figures = await runFaults({
  cases: Math.max(1, count('cases')),
  events: count('events'),
  workerKills: count('worker-kills'),
  serverKills: count('server-kills'),
  seed: count('seed'),
  say: (line) => process.stderr.write(`[faults] ${line}\n`),
});
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
const failed =
  figures.eventsLost +
    figures.eventsDoubled +
    figures.breachesDoubled +
    figures.notificationIdsWithTwoContents >
    0 ||
  figures.breachesRecordedOnce !== figures.deadlinesDue ||
  figures.notificationsMissing > 0 ||
  figures.replayFailures.length > 0;
process.exit(failed ? 1 : 0);
