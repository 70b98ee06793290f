// What `/health` and the dashboard say about the service as a whole: does Temporal answer, does a worker poll the
// case task queue, and which cases are stuck (their workflow tasks keep failing). The scan for stuck cases asks
// Temporal about every open case, so it runs at most once per `stuckScanTtlMs` and is shared by every caller.
import type { PassendClient, StuckScan } from '../client/index.js';

/** The health of the service: `ok`, or `degraded` with the reasons. */
export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly temporal: 'ok' | 'unreachable';
  /** Workers that polled the case task queue in the last 75 s; null when Temporal did not answer. */
  readonly workers: { readonly taskQueue: string; readonly polling: number } | null;
  /** How many open cases are stuck (ids only on the dashboard and from `passend doctor`); null when unknown. */
  readonly stuckCases: {
    readonly count: number;
    readonly checked: number;
    readonly checkedAt: string;
  } | null;
  readonly reasons: readonly string[];
}

/** Tuning of the health checks. */
export interface HealthOptions {
  /** How long one scan for stuck cases is reused (default 60 s). */
  readonly stuckScanTtlMs?: number;
  /** At most this many open cases are scanned (default 10,000). */
  readonly stuckScanLimit?: number;
  /** How long `/health` waits for a scan that is under way before answering with the previous one (default 3 s). */
  readonly stuckScanWaitMs?: number;
}

const settle = <T>(work: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([work, new Promise<undefined>((done) => setTimeout(() => done(undefined), ms).unref())]);

/** The health checks of one HTTP server, with the stuck-case scan they share. */
export function healthMonitor(passend: PassendClient, options: HealthOptions = {}) {
  const ttl = options.stuckScanTtlMs ?? 60_000;
  let last: { scan: StuckScan; at: number } | undefined;
  let running: Promise<StuckScan> | undefined;

  /** The latest scan for stuck cases, fresh within the TTL; a new one waits at most `stuckScanWaitMs`. */
  async function stuckCases(): Promise<{ scan: StuckScan; at: number } | undefined> {
    if (last !== undefined && Date.now() - last.at < ttl) return last;
    // Its own deadline, not the request's that happened to start it: the scan outlives that request.
    running ??= passend.client
      .withDeadline(Date.now() + 300_000, () =>
        passend.stuckCases({ limit: options.stuckScanLimit ?? 10_000 }),
      )
      .then(
        (scan) => {
          last = { scan, at: Date.now() };
          running = undefined;
          return scan;
        },
        (error: unknown) => {
          running = undefined;
          throw error;
        },
      );
    await settle(
      running.catch(() => undefined),
      options.stuckScanWaitMs ?? 3_000,
    );
    return last;
  }

  async function report(): Promise<HealthReport> {
    const reachable = await settle(
      passend.client.workflowService.getSystemInfo({}).then(
        () => true,
        () => false,
      ),
      3_000,
    );
    if (reachable !== true) {
      return {
        status: 'degraded',
        temporal: 'unreachable',
        workers: null,
        stuckCases: null,
        reasons: ['the Temporal server does not answer'],
      };
    }
    const [polling, stuck] = await Promise.all([
      settle(
        passend.workerCount().catch(() => undefined),
        3_000,
      ),
      stuckCases(),
    ]);
    const reasons: string[] = [];
    if (polling === 0)
      reasons.push(`no worker polls the task queue ${passend.taskQueue} (none in the last 75 seconds)`);
    if (polling === undefined) reasons.push(`the pollers of the task queue ${passend.taskQueue} are unknown`);
    const count = stuck?.scan.stuck.length ?? 0;
    if (count > 0)
      reasons.push(
        `${count} case(s) stuck: their workflow tasks keep failing (passend doctor; passend case repair)`,
      );
    return {
      status: reasons.length === 0 ? 'ok' : 'degraded',
      temporal: 'ok',
      workers: polling === undefined ? null : { taskQueue: passend.taskQueue, polling },
      stuckCases:
        stuck === undefined
          ? null
          : { count, checked: stuck.scan.checked, checkedAt: new Date(stuck.at).toISOString() },
      reasons,
    };
  }

  return { report, stuckCases };
}

export type HealthMonitor = ReturnType<typeof healthMonitor>;
