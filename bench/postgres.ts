/**
 * `npm run bench:postgres`: the Temporal server on PostgreSQL (npm run start:postgres's stack) beside the dev
 * server, in one run: start-up time (the dev server; the PostgreSQL stack cold, with a new cluster and schemas, and
 * warm, on the cluster of the cold start) and the case workflow's events/s through the full route, in blocks
 * ordered dev, postgres, postgres, dev, ... so that the machine's load weighs on both alike. Writes the figures
 * into BENCHMARKS.md (its own section) unless --no-write.
 *
 * Usage: npm run bench:postgres -- [--cases N] [--concurrency N] [--rounds N] [--no-write]
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { PassendClient } from '../client/index.js';
import { startPostgresStack } from '../infra/index.js';
import { createCaseWorker } from '../worker/index.js';
import { caseWorkflowId } from '../workflows/definitions.js';
import { devServerPid, treeCpuMs } from './cpu.js';
import { installQuietRuntime, startBenchEnv } from './dev-env.js';
import { machineInfo } from './machine.js';
import { writeMarkedSection } from './markdown-file.js';
import { benchEvents, benchStart, ROUTE_EVENTS } from './route.js';

const BENCHMARKS_MD = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
const MARKS = {
  start: '<!-- postgres:start -->',
  end: '<!-- postgres:end -->',
  newFile: '# Benchmarks\n',
  introWhenAbsent: () =>
    '## Temporal server on PostgreSQL\n\n`npm run bench:postgres` measures the stack of `npm run start:postgres` ' +
    '(the Temporal server 1.29.1 on PostgreSQL 15, SQL visibility on PostgreSQL) beside the dev server in one ' +
    'run; docs/deployment.md says what the figures mean for a deployment.\n\n',
};

type Server = 'dev' | 'postgres';
const log = (line: string) => console.log(`[bench:postgres] ${line}`);

function options() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '120' },
      concurrency: { type: 'string', default: '20' },
      rounds: { type: 'string', default: '3' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const count = (flag: 'cases' | 'concurrency' | 'rounds'): number => {
    const value = Number(values[flag]);
    if (!Number.isInteger(value) || value < 1) {
      console.error(`[bench:postgres] --${flag} must be a whole number of 1 or more, not "${values[flag]}"`);
      process.exit(2);
    }
    return value;
  };
  return {
    cases: count('cases'),
    concurrency: count('concurrency'),
    rounds: count('rounds'),
    write: !values['no-write'],
  };
}

/** A scratch folder PostgreSQL's account can enter (as root it runs as postgres). */
function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'passend-bench-postgres-'));
  chmodSync(dir, 0o755);
  return dir;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** Seconds from nothing to a server that takes cases: `rounds` times each, interleaved. */
async function measureStartup(rounds: number): Promise<Record<'dev' | 'cold' | 'warm', number[]>> {
  const seconds = { dev: [] as number[], cold: [] as number[], warm: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    let began = performance.now();
    const env = await startBenchEnv();
    seconds.dev.push((performance.now() - began) / 1000);
    await env.teardown();
    const dir = scratchDir();
    try {
      for (const kind of ['cold', 'warm'] as const) {
        began = performance.now();
        const stack = await startPostgresStack({ dir });
        seconds[kind].push((performance.now() - began) / 1000);
        await stack.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    log(
      `start-up round ${round + 1}: dev ${seconds.dev.at(-1)?.toFixed(2)} s, postgres cold ${seconds.cold.at(-1)?.toFixed(2)} s, warm ${seconds.warm.at(-1)?.toFixed(2)} s`,
    );
  }
  return seconds;
}

/** Runs `cases` full-route cases, `concurrency` at a time; resolves with the seconds it took. */
async function runBlock(
  passend: PassendClient,
  client: Client,
  prefix: string,
  cases: number,
  concurrency: number,
) {
  let next = 0;
  const began = performance.now();
  const lane = async () => {
    while (next < cases) {
      const caseId = `${prefix}-${next++}`;
      const [first, ...rest] = benchEvents(caseId);
      if (first === undefined) return;
      await passend.startCase(benchStart(caseId), first);
      for (const event of rest) await passend.sendEvent(caseId, event);
      await client.workflow.getHandle(caseWorkflowId(caseId)).result();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cases) }, lane));
  return (performance.now() - began) / 1000;
}

async function main(): Promise<void> {
  const settings = options();
  installQuietRuntime();
  const load = loadavg()[0] ?? 0;
  log(`start-up, ${settings.rounds} rounds`);
  const startup = await measureStartup(settings.rounds);

  log('throughput: both servers up, one case worker each');
  const dir = scratchDir();
  const dev = await startBenchEnv();
  const stack = await startPostgresStack({ dir });
  const closers: (() => Promise<void>)[] = [];
  try {
    const devPid = devServerPid(dev.address);
    const serverPids: Record<Server, number[]> = {
      dev: devPid === undefined ? [] : [devPid],
      postgres: [stack.temporal.process.pid ?? -1, stack.postgres.process.pid ?? -1],
    };
    const targets = new Map<Server, { passend: PassendClient; client: Client }>();
    for (const [server, address] of [
      ['dev', dev.address],
      ['postgres', stack.address],
    ] as const) {
      const connection = await Connection.connect({ address });
      const client = new Client({ connection });
      const workerConnection = await NativeConnection.connect({ address });
      const worker = await createCaseWorker({
        connection: workerConnection,
        outboxPath: join(dir, `${server}.jsonl`),
      });
      const running = worker.run();
      closers.push(async () => {
        worker.shutdown();
        await running;
        await workerConnection.close();
        await connection.close();
      });
      targets.set(server, { passend: new PassendClient(client), client });
    }
    // A warm-up block on each, uncounted: the workers' first workflows pay for V8 contexts and caches.
    for (const server of ['dev', 'postgres'] as const) {
      const target = targets.get(server)!;
      await runBlock(target.passend, target.client, `warm-${server}`, 10, settings.concurrency);
    }
    const order: Server[] = ['dev', 'postgres', 'postgres', 'dev', 'dev', 'postgres', 'postgres', 'dev'];
    const perBlock = Math.max(1, Math.round(settings.cases / 4));
    const totals = {
      dev: { events: 0, seconds: 0, serverCpuMs: 0 },
      postgres: { events: 0, seconds: 0, serverCpuMs: 0 },
    };
    for (const [index, server] of order.entries()) {
      const target = targets.get(server)!;
      const cpuBefore = treeCpuMs(serverPids[server]);
      const seconds = await runBlock(
        target.passend,
        target.client,
        `b${index}-${server}`,
        perBlock,
        settings.concurrency,
      );
      totals[server].events += perBlock * ROUTE_EVENTS;
      totals[server].seconds += seconds;
      totals[server].serverCpuMs += treeCpuMs(serverPids[server]) - cpuBefore;
      log(
        `block ${index + 1}/${order.length} ${server}: ${((perBlock * ROUTE_EVENTS) / seconds).toFixed(1)} events/s`,
      );
    }
    const rate = (server: Server) => totals[server].events / totals[server].seconds;
    const cpuPerEvent = (server: Server) => totals[server].serverCpuMs / totals[server].events;
    const figures = {
      devStart: median(startup.dev),
      coldStart: median(startup.cold),
      warmStart: median(startup.warm),
      devRate: rate('dev'),
      postgresRate: rate('postgres'),
      devCpu: cpuPerEvent('dev'),
      postgresCpu: cpuPerEvent('postgres'),
    };
    const machine = machineInfo();
    const date = new Date().toISOString().slice(0, 10);
    const section = [
      MARKS.start,
      `Measured ${date} on ${machine.cores} cores (${machine.cpuModel}), load average ${load.toFixed(2)} at the start; ` +
        `${perBlock * 4} cases per server through the full route (${ROUTE_EVENTS} events each), ${settings.concurrency} at a time, ` +
        `one case worker per server, blocks dev, postgres, postgres, dev (twice); start-up: median of ${settings.rounds} rounds.`,
      '',
      '| figure | dev server (SQLite) | Temporal server on PostgreSQL | ratio |',
      '| --- | --- | --- | --- |',
      `| start-up to a namespace that takes cases (s) | ${figures.devStart.toFixed(2)} | cold ${figures.coldStart.toFixed(2)}, warm ${figures.warmStart.toFixed(2)} | ${(figures.warmStart / figures.devStart).toFixed(2)}× (warm) |`,
      `| case workflow, events/s | ${figures.devRate.toFixed(1)} | ${figures.postgresRate.toFixed(1)} | ${(figures.postgresRate / figures.devRate).toFixed(2)}× |`,
      `| server CPU per event (ms; Temporal and PostgreSQL processes together) | ${figures.devCpu.toFixed(2)} | ${figures.postgresCpu.toFixed(2)} | ${(figures.postgresCpu / figures.devCpu).toFixed(2)}× |`,
      MARKS.end,
    ].join('\n');
    console.log(section);
    if (settings.write) {
      await writeMarkedSection(BENCHMARKS_MD, MARKS, section);
      log(`written to ${BENCHMARKS_MD}`);
    }
  } finally {
    for (const close of closers) await close();
    await dev.teardown();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:postgres] ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
