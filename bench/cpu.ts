import { readdirSync, readFileSync } from 'node:fs';

/** Linux's clock tick for /proc/<pid>/stat times: 100 Hz on every mainstream kernel configuration. */
const TICKS_PER_SECOND = 100;

/**
 * The pid of the dev server listening on `address` (`host:port`), found by its command line in /proc.
 * The SDK starts it detached, so it is not a child of this process. Undefined when /proc is not there.
 */
export function devServerPid(address: string): number | undefined {
  const port = address.split(':').at(-1);
  if (port === undefined) return undefined;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const portAt = args.indexOf('--port');
      if (args.includes('start-dev') && portAt >= 0 && args[portAt + 1] === port) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

/** CPU milliseconds (user + system) a process (or, with `path`, a thread) has used so far, from /proc; undefined if unreadable. */
export function processCpuMs(pid: number, path = `/proc/${pid}/stat`): number | undefined {
  try {
    const stat = readFileSync(path, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** CPU milliseconds this process (every thread: client, worker, workflow threads) has used so far. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** The ids of this process's threads that Node runs JavaScript on (named `node`), from /proc/self/task. */
export function nodeThreadIds(): Set<number> {
  const ids = new Set<number>();
  try {
    for (const entry of readdirSync('/proc/self/task')) {
      try {
        if (readFileSync(`/proc/self/task/${entry}/comm`, 'utf8').trim() === 'node') ids.add(Number(entry));
      } catch {
        // The thread ended while we looked.
      }
    }
  } catch {
    // No /proc: no per-thread figures.
  }
  return ids;
}

/** CPU milliseconds used so far by threads `ids` of this process; undefined if none is readable. */
export function threadsCpuMs(ids: ReadonlySet<number>): number | undefined {
  let sum: number | undefined;
  for (const id of ids) {
    const ms = processCpuMs(id, `/proc/self/task/${id}/stat`);
    if (ms !== undefined) sum = (sum ?? 0) + ms;
  }
  return sum;
}

/** CPU milliseconds used so far by the processes `roots` and all their descendants (Linux /proc). */
export function treeCpuMs(roots: readonly number[]): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = parents.get(at))
      if (roots.includes(at)) return true;
    return false;
  };
  let sum = 0;
  for (const pid of parents.keys()) if (inTree(pid)) sum += processCpuMs(pid) ?? 0;
  return sum;
}
