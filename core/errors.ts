/** One problem with an input: where it is (a dotted path) and what is wrong. */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** Why the engine refused an event. Each code tells the caller what to do: none of these is worth a retry. */
export type RejectionCode =
  | 'invalid-event'
  | 'unknown-event-type'
  | 'invalid-payload'
  | 'not-allowed-in-stage'
  | 'occurred-in-future'
  | 'occurred-before-previous'
  | 'idempotency-conflict'
  | 'deadline-refused'
  | 'case-closed'
  // A correction (`correctie`) that names no event it can withdraw, or after which a later entry cannot be applied.
  | 'correction-refused'
  // The event's payload was refused before it was read: with encryption on, not sealed, or sealed for another case.
  | 'payload-refused';

/** A refused event as plain data, so it crosses Temporal, HTTP and the CLI unchanged. */
export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
  readonly stage: string | null;
  readonly issues: readonly Issue[];
}

/** Thrown by integrator-facing APIs when the engine refuses an event; the case is unchanged. */
export class EventRejectedError extends Error {
  override readonly name = 'EventRejectedError';
  readonly rejection: Rejection;
  constructor(rejection: Rejection) {
    super(rejection.message);
    this.rejection = rejection;
  }
  get code(): RejectionCode {
    return this.rejection.code;
  }
}

/** Turns zod-style issues into our dotted-path issues, with an optional prefix such as `payload`. */
export function toIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix?: string,
): Issue[] {
  return issues.map((issue) => {
    const path = [...(prefix === undefined ? [] : [prefix]), ...issue.path.map(String)].join('.');
    return { path: path === '' ? '(root)' : path, message: issue.message };
  });
}

/** Normalises anything thrown into an Error, so callers can rely on `message`. */
export function ensureError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
