/** A bad command line: the message names the flag or argument and the reason. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
