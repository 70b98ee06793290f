/** There is no case with this id (never started, or removed after Temporal's retention period). */
export class CaseNotFoundError extends Error {
  override readonly name = 'CaseNotFoundError';
  readonly caseId: string;
  constructor(caseId: string) {
    super(`case ${caseId} does not exist`);
    this.caseId = caseId;
  }
}

/** A case with this id was already started; a case id is never reused. */
export class CaseExistsError extends Error {
  override readonly name = 'CaseExistsError';
  readonly caseId: string;
  constructor(caseId: string) {
    super(`case ${caseId} already exists; a case id can be started only once`);
    this.caseId = caseId;
  }
}

/**
 * The Temporal namespace does not know the case search attributes, so no case can start there: register them
 * first (`registerCaseSearchAttributes` from `passend-routes/worker`, or `--search-attribute NAME=Type` for each
 * when starting a dev server). Nothing was started; `cause` is the server's refusal.
 */
export class SearchAttributesMissingError extends Error {
  override readonly name = 'SearchAttributesMissingError';
  constructor(detail: string, cause: unknown) {
    super(
      `the Temporal server cannot start cases: ${detail}. Register the case search attributes first ` +
        '(registerCaseSearchAttributes from passend-routes/worker, or --search-attribute NAME=Type for each ' +
        'when starting a dev server)',
      { cause },
    );
  }
}

/** Why Temporal could not answer: what an operator looks at first. */
export type UnavailableReason = 'temporal-unreachable' | 'no-worker' | 'case-stuck' | 'timeout';

/**
 * Temporal (the server), its workers or the case's own workflow tasks are not available now: nothing was read and
 * a sent event may or may not have been applied, so retry the same event (same `idempotencyKey`) after
 * `retryAfterSeconds`. Never a refusal of the event itself.
 */
export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
  readonly reason: UnavailableReason;
  readonly retryAfterSeconds: number;
  constructor(reason: UnavailableReason, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.reason = reason;
    this.retryAfterSeconds = reason === 'case-stuck' ? 60 : reason === 'no-worker' ? 15 : 5;
  }
}
