import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import type { Actor } from '../core/index.js';
import { ActorSchema, IdentifierSchema, InstantSchema } from '../core/index.js';
import { UsageError } from './usage-error.js';

type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Parsed flags by name, and the positional arguments. */
export interface ParsedFlags {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** Parses flags strictly: an unknown flag or a missing value is a UsageError naming it. */
export function parseFlags(argv: readonly string[], options: FlagSpec): ParsedFlags {
  return parseTypedFlags(argv, options);
}

/**
 * What {@link parseTypedFlags} returns, named so that its declaration can be emitted: the inferred type mentions
 * `ParseArgsOptionsConfig`, which `node:util` does not export.
 */
export type TypedFlags<T extends NonNullable<ParseArgsConfig['options']>> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
>;

/** {@link parseFlags} with the values typed by `options` (repeatable flags, `multiple: true`, give arrays). */
export function parseTypedFlags<const T extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: T,
): TypedFlags<T> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The value of an optional string flag. */
export function optional(values: ParsedFlags['values'], flag: string): string | undefined {
  const value = values[flag];
  return typeof value === 'string' ? value : undefined;
}

/** The value of a required string flag. */
export function required(values: Record<string, unknown>, flag: string): string {
  const value = values[flag];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${flag} is required`);
  return value;
}

/** `--actor role:id`, e.g. `--actor intern-begeleider:ib-12`. */
export function parseActor(value: string): Actor {
  const [role, ...rest] = value.split(':');
  const parsed = ActorSchema.safeParse({ role, id: rest.join(':') });
  if (!parsed.success) {
    const reasons = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new UsageError(`--actor must be role:id (${reasons})`);
  }
  return parsed.data;
}

/** A JSON object flag such as `--payload '{"spoor":"gezin"}'`. */
export function parseJsonObject(flag: string, value: string | undefined): Record<string, unknown> {
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new UsageError(`--${flag} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--${flag} must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** The arguments as the user typed them, quoted, so an empty or spaced one is visible in a message. */
function quoted(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(' ');
}

/** Exactly `names.length` positional arguments; the message says which were expected and which came. */
export function positionals(values: readonly string[], names: readonly string[]): string[] {
  if (values.length !== names.length) {
    const expected = names.length === 0 ? 'no arguments' : names.map((name) => `<${name}>`).join(' ');
    const got = `${values.length} argument${values.length === 1 ? '' : 's'}`;
    throw new UsageError(
      `expected ${expected}, got ${got}${values.length === 0 ? '' : `: ${quoted(values)}`}`,
    );
  }
  return [...values];
}

/** A command that takes no positional arguments got none; an extra one is a typo, not something to ignore. */
export function noArguments(command: string, values: readonly string[]): void {
  if (values.length > 0) throw new UsageError(`${command} takes no arguments, got ${quoted(values)}`);
}

/**
 * Why `value` fails `schema`, in the reader's words. A malformed moment gets an example of what is expected
 * instead of zod's "Invalid ISO datetime" (and no range complaint about a moment that is no moment); the
 * core's own messages ("must be an identifier: …") are kept as they are, with the value unless they quote it.
 */
function reasonOf(schema: z.ZodType<string>, value: string): string | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return undefined;
  const malformedMoment = parsed.error.issues.some(
    (issue) => issue.code === 'invalid_format' && (issue as { format?: string }).format === 'datetime',
  );
  const reason = malformedMoment
    ? 'must be an ISO 8601 date-time with an offset, such as 2013-03-01T09:00:00+01:00'
    : [...new Set(parsed.error.issues.map((issue) => issue.message))].join('; ');
  const shown = JSON.stringify(value);
  return reason.includes(shown) ? reason : `${reason} (got ${shown})`;
}

/** A positional argument checked by a core schema; the message names the argument, as `<caseId>: …`. */
export function checkedArgument(name: string, value: string, schema: z.ZodType<string>): string {
  const reason = reasonOf(schema, value);
  if (reason !== undefined) throw new UsageError(`<${name}>: ${reason}`);
  return value;
}

/** An optional string flag checked by a core schema; the message names the flag, as `--at must be …`. */
export function checkedFlag(
  values: Record<string, unknown>,
  flag: string,
  schema: z.ZodType<string>,
): string | undefined {
  const value = values[flag];
  if (typeof value !== 'string') return undefined;
  const reason = reasonOf(schema, value);
  if (reason !== undefined) throw new UsageError(`--${flag} ${reason}`);
  return value;
}

/** A required flag that must be an identifier (`--organisatie`, `--regisseur`, …). */
export function requiredIdentifier(values: Record<string, unknown>, flag: string): string {
  required(values, flag);
  return checkedFlag(values, flag, IdentifierSchema) as string;
}

/** An optional flag that must be an instant with an offset (`--at`), as the core's InstantSchema defines it. */
export function instantFlag(values: Record<string, unknown>, flag: string): string | undefined {
  return checkedFlag(values, flag, InstantSchema);
}

/**
 * `--port`: the flag, else the environment variable, else the default; a UsageError unless it is 0-65535.
 * The message names where the bad value came from: a `--port` the user never typed would send them looking
 * for a flag instead of the variable set in their shell or service file.
 */
export function parsePortFlag(
  value: string | undefined,
  variable: string,
  fallback: number,
  options: { readonly hasFlag?: boolean } = {},
): number {
  const fromEnvironment = value === undefined ? process.env[variable] : undefined;
  const raw = value ?? fromEnvironment ?? String(fallback);
  const port = /^[0-9]{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (port >= 0 && port <= 65_535) return port;
  if (fromEnvironment !== undefined) {
    const hint = options.hasFlag === false ? '' : '; --port overrides it';
    throw new UsageError(
      `${variable} must be a port number 0-65535, not "${raw}" (from the environment${hint})`,
    );
  }
  throw new UsageError(`--port must be a port number 0-65535, not "${raw}"`);
}
