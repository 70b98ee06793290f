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
