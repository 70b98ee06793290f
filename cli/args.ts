import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Actor } from '../core/index.js';
import { ActorSchema } from '../core/index.js';
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

/** {@link parseFlags} with the values typed by `options` (repeatable flags, `multiple: true`, give arrays). */
export function parseTypedFlags<const T extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: T,
) {
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

/** Exactly `count` positional arguments, named for the error message. */
export function positionals(values: readonly string[], names: readonly string[]): string[] {
  if (values.length !== names.length) {
    throw new UsageError(
      `expected ${names.map((name) => `<${name}>`).join(' ')}, got ${values.length} argument(s)`,
    );
  }
  return [...values];
}

/** `--port`: the flag, else the environment variable, else the default; a UsageError unless it is 0-65535. */
export function parsePortFlag(value: string | undefined, variable: string, fallback: number): number {
  const raw = value ?? process.env[variable] ?? String(fallback);
  const port = /^[0-9]{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(port >= 0 && port <= 65_535))
    throw new UsageError(`--port must be a port number 0-65535, not "${raw}"`);
  return port;
}
