/**
 * The scale bench on its own: the overdue query and the dashboard's data endpoint at growing numbers of open
 * cases on a dev server. `npm run bench` (scripts/bench.sh) runs it after bench/run.ts.
 *
 * Usage: npx tsx bench/scale-main.ts [--sizes 1000,10000] [--repeats 20] [--overdue-share 0.1] [--start-budget S]
 *        [--server dev|postgres] [--concurrency N] [--no-write]
 */
import { parseArgs } from 'node:util';
import type { ScaleOptions } from './scale.js';
import { MAX_SIZE, runScaleBench, ScaleOptionsError, validateScaleOptions } from './scale.js';

const USAGE =
  'usage: npx tsx bench/scale-main.ts [--sizes N,N,...] [--repeats N] [--overdue-share F] [--start-budget S]\n' +
  '                                   [--server dev|postgres] [--concurrency N] [--no-write]\n' +
  `  --sizes N,N,...     open cases to measure at, ascending, each at most ${MAX_SIZE} (default 1000,10000)\n` +
  '  --repeats N         measured runs of every query per size (default 20)\n' +
  '  --overdue-share F   share of the open cases that is overdue, between 0 and 1 (default 0.1)\n' +
  '  --start-budget S    seconds that starting cases may take in all; a size that would not fit is lowered\n' +
  '                      to the largest multiple of 1000 that does (default: no limit)\n' +
  '  --server S          dev (the Temporal CLI dev server, default) or postgres (the Temporal server on\n' +
  '                      PostgreSQL, as npm run start:postgres; needs scripts/setup.sh --postgres)\n' +
  '  --concurrency N     case starts in flight at once, 1-1000 (default 50)\n' +
  '  --no-write          print the figures only; leave BENCHMARKS.md alone';

function positiveInteger(flag: string, raw: string): number {
  if (!/^[1-9]\d*$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) {
    throw new ScaleOptionsError(`${flag} must be a positive integer, got "${raw}"`);
  }
  return Number(raw);
}

function parseOptions(argv: readonly string[]): ScaleOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        sizes: { type: 'string' },
        repeats: { type: 'string' },
        'overdue-share': { type: 'string' },
        'start-budget': { type: 'string' },
        server: { type: 'string' },
        concurrency: { type: 'string' },
        'no-write': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ScaleOptionsError((error as Error).message);
  }
  if (values.help === true) return 'help';
  const sizes =
    values.sizes === undefined
      ? [1_000, 10_000]
      : values.sizes.split(',').map((part) => positiveInteger('--sizes', part));
  const rawShare = values['overdue-share'];
  let overdueShare = 0.1;
  if (rawShare !== undefined) {
    if (!/^(0?\.\d+|0|1)$/.test(rawShare.trim())) {
      throw new ScaleOptionsError(`--overdue-share must be a decimal between 0 and 1, got "${rawShare}"`);
    }
    overdueShare = Number(rawShare);
  }
  const server = values.server ?? 'dev';
  if (server !== 'dev' && server !== 'postgres') {
    throw new ScaleOptionsError(`--server must be dev or postgres, got "${server}"`);
  }
  const options: ScaleOptions = {
    server,
    ...(values.concurrency === undefined
      ? {}
      : { concurrency: positiveInteger('--concurrency', values.concurrency) }),
    sizes,
    overdueShare,
    repeats: values.repeats === undefined ? 20 : positiveInteger('--repeats', values.repeats),
    write: values['no-write'] !== true,
    ...(values['start-budget'] === undefined
      ? {}
      : { startBudgetSeconds: positiveInteger('--start-budget', values['start-budget']) }),
    command: `npx tsx bench/scale-main.ts${argv.length === 0 ? '' : ` ${argv.join(' ')}`}`,
  };
  validateScaleOptions(options);
  return options;
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseOptions(argv);
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  // A closed stdout (`| head`) must not end the process before the dev server is stopped.
  process.stdout.on('error', () => undefined);
  await runScaleBench(options);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof ScaleOptionsError) {
      console.error(`[scale] ${error.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error('[scale] failed:', error);
    process.exit(1);
  },
);
