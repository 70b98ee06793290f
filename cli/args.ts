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

/**
 * English flags accepted for the Dutch domain words the commands use (`--organisation` for `--organisatie`), so
 * that one vocabulary runs through the CLI, the HTTP API and the docs without breaking a script.
 */
export const FLAG_ALIASES: Readonly<Record<string, string>> = {
  organisation: 'organisatie',
  region: 'regio',
  'region-config': 'regio-config',
};

/** `argv` with each English alias the command does not take itself written as its Dutch flag. */
function withAliasesResolved(argv: readonly string[], names: ReadonlySet<string>): string[] {
  const end = argv.indexOf('--');
  return argv.map((arg, index) => {
    if ((end !== -1 && index >= end) || !arg.startsWith('--')) return arg;
    const [name = '', ...value] = arg.slice(2).split('=');
    const dutch = FLAG_ALIASES[name];
    if (dutch === undefined || names.has(name) || !names.has(dutch)) return arg;
    return `--${[dutch, ...value].join('=')}`;
  });
}

/** Edit distance between two flag names (insertions, deletions, substitutions and swaps of neighbours). */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i]!;
      const above = rows[i - 1]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The flag (or command) a mistyped `name` most likely meant: the closest by edit distance (an English alias
 * counts as its Dutch flag), or one it begins; `undefined` when none is close enough to be worth suggesting.
 */
export function closestFlag(name: string, names: readonly string[]): string | undefined {
  const candidates = [
    ...names.map((flag) => [flag, flag] as const),
    ...Object.entries(FLAG_ALIASES).filter(([, dutch]) => names.includes(dutch)),
  ];
  let best: { flag: string; distance: number } | undefined;
  for (const [spelling, flag] of candidates) {
    const distance = spelling.startsWith(name) && name.length >= 3 ? 1 : editDistance(name, spelling);
    if (best === undefined || distance < best.distance) best = { flag, distance };
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return best !== undefined && best.distance <= limit ? best.flag : undefined;
}

/**
 * The first problem with the flags of `argv`, in the reader's words: an unknown flag (with the nearest known
 * one), a missing value, or a value given to a switch. Node's own messages for these quote unevenly and suggest
 * nothing.
 */
function flagProblem(
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
): string | undefined {
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const shorts = new Map(
    Object.entries(options).flatMap(([name, spec]) => (spec.short === undefined ? [] : [[spec.short, name]])),
  );
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const name = token.rawName.startsWith('--') ? token.name : shorts.get(token.name);
    const spec = name === undefined ? undefined : options[name];
    if (spec === undefined) {
      const suggestion = token.rawName.startsWith('--')
        ? closestFlag(token.name, Object.keys(options))
        : undefined;
      return `unknown flag ${token.rawName}${suggestion === undefined ? '' : ` (did you mean --${suggestion}?)`}`;
    }
    if (spec.type === 'string' && token.value === undefined) return `${token.rawName} needs a value`;
    if (spec.type === 'string' && !token.inlineValue && token.value?.startsWith('--') === true)
      return `${token.rawName} needs a value (the next argument, ${token.value}, is a flag)`;
    if (
      spec.type === 'string' &&
      !token.inlineValue &&
      token.value !== undefined &&
      token.value.length > 1 &&
      token.value.startsWith('-')
    )
      return `${token.rawName} needs a value; for one that begins with "-", write ${token.rawName}=${token.value}`;
    if (spec.type === 'boolean' && token.inlineValue === true)
      return `${token.rawName} is a switch and takes no value (got ${JSON.stringify(token.value)})`;
  }
  return undefined;
}

/**
 * {@link parseFlags} with the values typed by `options` (repeatable flags, `multiple: true`, give arrays). The
 * English aliases of {@link FLAG_ALIASES} are read as their Dutch flags.
 */
export function parseTypedFlags<const T extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: T,
): TypedFlags<T> {
  const args = withAliasesResolved(argv, new Set(Object.keys(options)));
  const problem = flagProblem(args, options);
  if (problem !== undefined) throw new UsageError(problem);
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
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
