import { CaseExistsError, CaseNotFoundError } from '../client/errors.js';
import { EventRejectedError } from '../core/index.js';
import { formatRejection } from './format.js';
import { asksForJson, commandPathOf, commandsOf, unknownCommand, usageErrorText } from './help.js';
import { UsageError } from './usage-error.js';

/** A command line naming no command: the error says which word was not one, and the nearest that is. */
export class UnknownCommandError extends UsageError {
  constructor(readonly word: string) {
    super(`unknown command "${word}"`);
  }
}

/** What a failure is, as text for stderr and as JSON (the HTTP API's error shapes) for stdout; and its exit code. */
async function describe(
  error: unknown,
  argv: readonly string[],
  usage: () => Promise<string>,
): Promise<{ text: string; json: Record<string, unknown>; code: number }> {
  if (error instanceof UsageError) {
    const commands = commandsOf(await usage());
    const message =
      error instanceof UnknownCommandError ? unknownCommand(error.word, commands) : error.message;
    const path = commandPathOf(argv, commands);
    return {
      text: usageErrorText(message, path, commands),
      json: {
        error: 'usage',
        message,
        help: path === undefined ? 'passend --help' : `passend ${path} --help`,
      },
      code: 2,
    };
  }
  if (error instanceof EventRejectedError) {
    return {
      text: `passend: ${formatRejection(error.rejection)}\n`,
      json: { error: 'event-rejected', rejection: error.rejection },
      code: 1,
    };
  }
  if (error instanceof CaseNotFoundError || error instanceof CaseExistsError) {
    const kind = error instanceof CaseNotFoundError ? 'case-not-found' : 'case-exists';
    return {
      text: `passend: ${error.message}\n`,
      json: { error: kind, caseId: error.caseId, message: error.message },
      code: 1,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { text: `passend: ${message}\n`, json: { error: 'failed', message }, code: 1 };
}

/**
 * Reports a command that failed: its message on stderr, and with `--json` the same as one JSON object on stdout,
 * so a script reading stdout sees why there is no answer. Returns the exit code: 2 for a bad command line, else 1.
 */
export async function reportFailure(
  error: unknown,
  argv: readonly string[],
  usage: () => Promise<string>,
): Promise<number> {
  const { text, json, code } = await describe(error, argv, usage);
  process.stderr.write(text);
  if (asksForJson(argv)) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  return code;
}
