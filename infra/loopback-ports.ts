import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

/** Whether nothing listens on `127.0.0.1:port`: we can bind it ourselves. */
export function loopbackPortIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/**
 * Distinct free loopback ports below the kernel's ephemeral range (Linux: from 32768), so that no outgoing
 * connection is handed one of them between this choice and the server binding it. Below 32768 also because the
 * Temporal server stores membership ports in a SMALLINT column.
 */
export async function freeLoopbackPorts(count: number, avoid: readonly number[] = []): Promise<number[]> {
  const ephemeral = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').then(
    (text) => Number(text.trim().split(/\s+/)[0]),
    () => 32768,
  );
  const low = 20_000;
  const high = Math.max(low + 1000, Math.min(ephemeral, 32768));
  const ports: number[] = [];
  for (let attempt = 0; ports.length < count; attempt++) {
    if (attempt > 1000) throw new Error(`no ${count} free loopback ports between ${low} and ${high}`);
    const port = low + Math.floor(Math.random() * (high - low));
    if (!ports.includes(port) && !avoid.includes(port) && (await loopbackPortIsFree(port))) ports.push(port);
  }
  return ports;
}
