// End to end: `npm run start:postgres` (scripts/start-postgres.ts) as a real process tree — PostgreSQL, the
// Temporal server, two workers, the HTTP API — driven by the `passend` CLI over the wire, stopped with SIGINT to
// its process group as Ctrl-C does, leaving no server behind, and started again on the same cluster.
import type { ExecFileException } from 'node:child_process';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../core/index.js';
import { freeLoopbackPorts, loopbackPortIsFree } from '../../infra/index.js';
import { kill, processesMentioning, ROOT, StartedStack } from '../e2e/started-stack.js';
import { eventually } from '../support/eventually.js';

const READY_MS = 120_000;
const STOP_MS = 30_000;
const READY_LINE = '[passend] ready; Ctrl-C stops everything';

describe('npm run start:postgres, end to end', () => {
  let stackDir = '';
  let dataDir = '';
  let temporalPort = 0;
  let httpPort = 0;
  let env: NodeJS.ProcessEnv = {};
  const stacks: StartedStack[] = [];

  /** `node bin/passend.js <args> --address 127.0.0.1:<port>`; never rejects. */
  function passend(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((done) => {
      execFile(
        process.execPath,
        [join(ROOT, 'bin', 'passend.js'), ...args, '--address', `127.0.0.1:${temporalPort}`],
        { cwd: ROOT, env, timeout: 30_000 },
        (error: ExecFileException | null, stdout: string, stderr: string) =>
          done({
            code: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
            stdout,
            stderr,
          }),
      );
    });
  }

  async function startReady(): Promise<StartedStack> {
    const started = new StartedStack(env, 'scripts/start-postgres.ts');
    stacks.push(started);
    await started.waitForStdout(READY_LINE, READY_MS);
    return started;
  }

  /** Ends every process of the stack that is still there: start-postgres.ts, the server, PostgreSQL. */
  async function destroyAll(): Promise<void> {
    for (const started of stacks) await started.destroy(dataDir);
    for (const pid of await processesMentioning(stackDir)) kill(pid, 'SIGKILL');
  }

  beforeAll(async () => {
    stackDir = mkdtempSync(join(tmpdir(), 'passend-start-postgres-'));
    // As root, PostgreSQL runs as the postgres account, which must be able to enter the folder.
    chmodSync(stackDir, 0o755);
    dataDir = mkdtempSync(join(tmpdir(), 'passend-start-postgres-data-'));
    [temporalPort = 0, httpPort = 0] = await freeLoopbackPorts(2);
    env = {
      ...process.env,
      PASSEND_POSTGRES_DATA: stackDir,
      PASSEND_DATA: dataDir,
      PASSEND_TEMPORAL_PORT: String(temporalPort),
      PASSEND_HTTP_PORT: String(httpPort),
      PASSEND_ACCESS: join(ROOT, 'config', 'access.example.json'),
    };
    delete env['TEMPORAL_ADDRESS'];
    delete env['TEMPORAL_NAMESPACE'];
  });

  afterAll(async () => {
    await destroyAll();
    rmSync(stackDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it(
    'starts PostgreSQL, the Temporal server, two workers and the demo cases, serves the CLI and the HTTP API, and stops on Ctrl-C leaving nothing behind',
    async () => {
      const started = await startReady();
      expect(started.stdout, started.output).toContain('initialising a PostgreSQL cluster');
      expect(started.stdout, started.output).toMatch(
        new RegExp(
          `\\[passend\\] Temporal   127\\.0\\.0\\.1:${temporalPort} \\(Temporal server \\d+\\.\\d+\\.\\d+, namespace default`,
        ),
      );
      expect(started.stdout, started.output).toContain('[passend] workers    2 on task queue passend-routes');
      const demoLines = started.lines.filter((line) => line.startsWith('demo '));
      expect(demoLines.length, started.output).toBeGreaterThan(0);
      for (const line of demoLines) expect(line, started.output).toMatch(/^demo \S+: loaded, stage /);

      // Both workers poll the task queue, each under its own identity.
      const health = await eventually(
        async () =>
          (await (await fetch(`http://127.0.0.1:${httpPort}/health`)).json()) as {
            status: string;
            workers: { polling: number };
          },
        (body) => body.workers.polling >= 2,
        30,
      );
      expect(health).toMatchObject({ status: 'ok', workers: { polling: 2 } });

      const demoCaseId = demoLines[0]?.split(' ')[1]?.replace(/:$/, '') ?? '';
      const show = await passend('case', 'show', demoCaseId, '--json');
      expect(show.code, show.stderr).toBe(0);
      expect((JSON.parse(show.stdout) as CaseView).caseId).toBe(demoCaseId);
      // The overdue list is a visibility query, answered by PostgreSQL.
      const overdue = await passend('overdue', '--at-risk', '--json');
      expect(overdue.code, overdue.stderr).toBe(0);
      const listed = JSON.parse(overdue.stdout) as { count: number; cases: { caseId: string }[] };
      expect(listed.count).toBe(listed.cases.length);

      started.signal('SIGINT');
      const exit = await started.waitForExit(STOP_MS);
      expect(exit.code, started.output).toBe(0);
      expect(started.stdout.trimEnd().endsWith('[passend] stopped'), started.output).toBe(true);
      expect(await processesMentioning(stackDir), 'a Temporal server or PostgreSQL is still running').toEqual(
        [],
      );
      expect(await loopbackPortIsFree(temporalPort)).toBe(true);
      expect(await loopbackPortIsFree(httpPort)).toBe(true);
    },
    READY_MS + STOP_MS + 60_000,
  );

  it(
    'starts again on the same cluster: nothing initialised, the demo cases already there',
    async () => {
      const started = await startReady();
      expect(started.stdout, started.output).not.toContain('initialising a PostgreSQL cluster');
      const demoLines = started.lines.filter((line) => line.startsWith('demo '));
      expect(demoLines.length, started.output).toBeGreaterThan(0);
      for (const line of demoLines) expect(line, started.output).toMatch(/: already there$/);
      started.signal('SIGINT');
      expect((await started.waitForExit(STOP_MS)).code, started.output).toBe(0);
    },
    READY_MS + STOP_MS + 10_000,
  );
});
