// `npm start`: the Temporal dev server (SQLite in the data folder, Web UI on), the case worker, and the seed
// cases as demo data with their real, backdated dates. Ctrl-C stops everything; a second run reuses the data.
import { join } from 'node:path';
import { exited, spawnWatched, temporalCliPath } from '../infra/index.js';
import { searchAttributeFlags } from '../workflows/search-attributes.js';
import { runStackAsMain } from './stack.js';

runStackAsMain({
  serverName: 'the Temporal dev server',
  workers: 1,
  webUi: true,
  async start({ port, uiPort, dataDir, codecUrl }) {
    const database = join(dataDir, 'temporal.db');
    // Under a watchdog in its own process group: Ctrl-C reaches only us, so the worker stops before the server
    // it talks to, and the server stops when we exit or are killed outright.
    const server = spawnWatched(
      temporalCliPath(),
      [
        'server',
        'start-dev',
        '--db-filename',
        database,
        '--port',
        String(port),
        '--ui-port',
        String(uiPort),
        '--namespace',
        'default',
        '--ip',
        '127.0.0.1',
        '--log-level',
        'error',
        '--dynamic-config-value',
        'frontend.enableExecuteMultiOperation=true',
        ...searchAttributeFlags(),
        ...(codecUrl === undefined ? [] : ['--ui-codec-endpoint', codecUrl]),
      ],
      { stderr: 'inherit' },
    );
    const stop = () => {
      if (server.exitCode === null) server.kill('SIGTERM');
    };
    process.once('exit', stop);
    return {
      address: `127.0.0.1:${port}`,
      lines: [
        `Temporal   127.0.0.1:${port} (namespace default, data ${database})`,
        `Web UI     http://localhost:${uiPort}/namespaces/default/workflows`,
      ],
      exited: exited(server).then(() => server.exitCode),
      async stop() {
        stop();
        await exited(server);
      },
    };
  },
});
