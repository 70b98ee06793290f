import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import { temporalCliPath } from '../infra/index.js';
import { searchAttributeFlags } from '../workflows/search-attributes.js';

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject()));
    });
  });
}

/**
 * The Temporal dev server as an operator runs it (`npm start` does the same): a process of its own keeping its
 * state in a SQLite file, so that a test can kill it outright and start it again on the same file and port.
 */
export interface ServerProcess {
  readonly address: string;
  /** Kills the server with SIGKILL and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts the server again on the same file and port; resolves once it answers. */
  restart(): Promise<void>;
  /** Stops the server (SIGTERM) for good. */
  stop(): Promise<void>;
}

export async function startServerProcess(dbFile: string): Promise<ServerProcess> {
  const port = await freePort();
  const uiPort = await freePort();
  const address = `127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    const server = spawn(
      temporalCliPath(),
      [
        'server',
        'start-dev',
        '--db-filename',
        dbFile,
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--ui-port',
        String(uiPort),
        '--headless',
        '--log-level',
        'error',
        '--dynamic-config-value',
        'frontend.enableExecuteMultiOperation=true',
        ...searchAttributeFlags(),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let errors = '';
    server.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
    child = server;
    exited = new Promise((resolve) => server.once('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the dev server exited (${server.exitCode}):\n${errors}`);
      try {
        const connection = await Connection.connect({ address, connectTimeout: '1s' });
        await connection.workflowService.getSystemInfo({});
        await connection.close();
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`the dev server did not answer on ${address} in 60 s`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  };
  const signal = async (name: NodeJS.Signals) => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  await start();
  return { address, kill: () => signal('SIGKILL'), restart: start, stop: () => signal('SIGTERM') };
}
