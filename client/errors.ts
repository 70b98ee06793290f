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
