/**
 * `npm run bench:cli` (and the first part of `npm run bench`): how long the `passend` command takes to start and
 * answer, beside bare Node (`node -e 0`) on the same machine in the same run, runs interleaved so that a change in
 * the machine's load weighs on every command alike. Writes the figures into BENCHMARKS.md.
 *
 * Usage: tsx bench/cli-startup.ts [--runs N] [--tsx-runs N] [--no-write]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeMarkedSection } from './markdown-file.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'passend.js');
const STALE_NOTE = '[passend] dist/ is';

interface Command {
  readonly label: string;
  readonly args: readonly string[];
  /** The exit code that shows it did what it should. */
  readonly code: number;
  /** Only the tsx row: measured fewer times, since each run takes seconds. */
  readonly slow?: true;
}

const COMMANDS: readonly Command[] = [
  { label: '`node -e 0` (bare Node)', args: ['-e', '0'], code: 0 },
  { label: '`passend --help`', args: [BIN, '--help'], code: 0 },
  {
    // Refused as the address is checked, after the client is loaded and before anything connects: start-up
    // without a network wait (an unreachable host:port waits out the 5 s connect timeout instead).
    label: '`passend case show demo-casus-m --address http://127.0.0.1:7233` (refused, exit 2)',
    args: [BIN, 'case', 'show', 'demo-casus-m', '--address', 'http://127.0.0.1:7233'],
    code: 2,
  },
  {
    label: '`passend simulate scenarios/case-m.json`',
    args: [BIN, 'simulate', join(ROOT, 'scenarios', 'case-m.json')],
    code: 0,
  },
  {
    // What bin/passend.js did before: the TypeScript sources through tsx on every call.
    label: '`passend --help` through tsx (the sources, as before dist/)',
    args: [
      '--input-type=module',
      '-e',
      "import { register } from 'tsx/esm/api'; register(); const { main } = await import('./cli/passend.ts'); process.exitCode = await main(['--help']);",
    ],
    code: 0,
    slow: true,
  },
];

function timeOnce(command: Command): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, command.args, { cwd: ROOT, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.stderr.includes(STALE_NOTE))
    throw new Error(
      'dist/ went stale during the run (the sources changed): the figures would be tsx, not dist/',
    );
  if (result.status !== command.code)
    throw new Error(`${command.label} exited ${result.status}, expected ${command.code}:\n${result.stderr}`);
  return ms;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    'tsx-runs': { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
  },
  strict: true,
});
const runs = Number(flags.runs);
const tsxRuns = Number(flags['tsx-runs']);
if (!(Number.isInteger(runs) && runs > 0 && Number.isInteger(tsxRuns) && tsxRuns >= 0))
  throw new Error('--runs must be a whole number above 0 and --tsx-runs one of 0 or more');

// dist/ as the sources are now, so that bin/passend.js runs it rather than falling back to tsx.
const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.js'), '--if-stale'], {
  stdio: 'inherit',
});
if (build.status !== 0) throw new Error('the build failed; see above');

const load = loadavg()[0]!;
const times = new Map<Command, number[]>(COMMANDS.map((command) => [command, []]));
for (const command of COMMANDS) timeOnce(command); // warm the file cache; not counted
for (let round = 0; round < runs; round++) {
  // Interleaved, in alternating order, so that drift in the machine's load reaches every row alike.
  const order = round % 2 === 0 ? COMMANDS : [...COMMANDS].reverse();
  for (const command of order) {
    if (command.slow && round >= tsxRuns) continue;
    times.get(command)!.push(timeOnce(command));
  }
}

const bare = median(times.get(COMMANDS[0]!)!);
const rows = COMMANDS.filter((command) => times.get(command)!.length > 0).map((command) => {
  const ms = times.get(command)!;
  return `| ${command.label} | ${ms.length} | ${median(ms).toFixed(0)} ms | ${(median(ms) / bare).toFixed(1)} |`;
});
const date = new Date().toISOString().slice(0, 10);
const section = [
  '<!-- cli:start -->',
  '',
  `Measured ${date} with \`npm run bench:cli\` (\`tsx bench/cli-startup.ts --runs ${runs} --tsx-runs ${tsxRuns}\`), Node ${process.version}, load average ${load.toFixed(1)} at the start; each figure is the median wall time of a fresh process from spawn to exit, the runs of all rows interleaved.`,
  '',
  '| command | runs | median | × bare Node |',
  '| --- | --- | --- | --- |',
  ...rows,
  '',
  '<!-- cli:end -->',
].join('\n');
process.stdout.write(`${section}\n`);
if (!flags['no-write']) {
  await writeMarkedSection(
    join(ROOT, 'BENCHMARKS.md'),
    {
      start: '<!-- cli:start -->',
      end: '<!-- cli:end -->',
      newFile: '# Benchmarks\n',
      introWhenAbsent: () => '## CLI start-up\n\n',
    },
    section,
  );
}
