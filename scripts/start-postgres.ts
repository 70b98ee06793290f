// `npm run start:postgres`: the stack of `npm start` on the Temporal server itself (go.temporal.io/server) on
// PostgreSQL, with SQL visibility on PostgreSQL, and two case workers on one task queue. PostgreSQL's cluster and
// the server's config live outside the clone ($PASSEND_POSTGRES_DATA); Ctrl-C stops everything, a second run
// reuses the cluster and updates the schemas if the server build needs it.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { startPostgresStack } from '../infra/index.js';
import { runStackAsMain } from './stack.js';

/**
 * The stack's folder. As root, PostgreSQL runs as the `postgres` account, which cannot enter root's home: the
 * folder is then under /var/lib.
 */
function stackDir(): string {
  const override = process.env['PASSEND_POSTGRES_DATA'];
  if (override !== undefined && override !== '') return resolve(override);
  if (process.getuid?.() === 0) return '/var/lib/passend-routes/postgres-stack';
  const share = process.env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share');
  return join(share, 'passend-routes', 'postgres-stack');
}

runStackAsMain({
  serverName: 'the Temporal server',
  workers: 2,
  webUi: false,
  async start({ port }) {
    const dir = stackDir();
    const say = (line: string) => process.stdout.write(`[passend] postgres   ${line}\n`);
    const stack = await startPostgresStack({ dir, frontendPort: port, say });
    let stopped = false;
    const ended = Promise.race([
      new Promise<number | null>((done) => stack.temporal.process.once('exit', (code) => done(code))),
      new Promise<number | null>((done) => stack.postgres.process.once('exit', (code) => done(code))),
    ]);
    return {
      address: stack.address,
      lines: [
        `Temporal   ${stack.address} (Temporal server ${stack.serverVersion}, namespace ${stack.namespace}, log ${stack.temporal.logPath})`,
        `PostgreSQL 127.0.0.1:${stack.postgres.port} (cluster and config in ${dir}; started in ${stack.timings.total} s)`,
      ],
      exited: ended,
      async stop() {
        if (stopped) return;
        stopped = true;
        await stack.stop();
      },
    };
  },
});
