import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { IdentifierSchema } from '../core/index.js';

/**
 * Who may do what through the HTTP API:
 * - `integrator`: starts cases and sends events, for its own organisation only;
 * - `coordinator`: reads and lists the cases of its organisation or its region;
 * - `auditor`: reads everything, changes nothing.
 */
export const ApiRoleSchema = z.enum(['integrator', 'coordinator', 'auditor']);
export type ApiRole = z.infer<typeof ApiRoleSchema>;

/** One bearer token: the role it grants, the organisation (and region) it acts for, and who holds it. */
export const AccessTokenSchema = z.strictObject({
  token: z
    .string()
    .min(24, { message: 'must be at least 24 characters: generate it, e.g. `openssl rand -hex 32`' })
    .regex(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' }),
  role: ApiRoleSchema,
  organisatie: IdentifierSchema,
  /** A coordinator also sees every case of this region, whatever its organisation. */
  regio: IdentifierSchema.optional(),
  /** Who holds the token: an id that the access log records with every request. */
  actorId: IdentifierSchema,
});

/** The access configuration file (`config/access.json`): bearer tokens mapped to a role and an organisation. */
export const AccessConfigSchema = z
  .strictObject({
    $comment: z.string().optional(),
    tokens: z.array(AccessTokenSchema).min(1, { message: 'must list at least one token' }),
  })
  .superRefine(
    (config, context) => {
      // Runs even when other fields are at fault, so one pass names every problem; hence the defensive reads.
      const seen = { token: new Map<string, number>(), actorId: new Map<string, number>() };
      const reasons = {
        token: (first: number) => `is the same token as tokens.${first}.token; every token must be unique`,
        actorId: (first: number) =>
          `is already used by tokens.${first}; the access log must tell holders apart`,
      };
      (config.tokens as unknown[]).forEach((entry, index) => {
        for (const field of ['token', 'actorId'] as const) {
          const value = (entry as Record<string, unknown> | null)?.[field];
          if (typeof value !== 'string') continue;
          const first = seen[field].get(value);
          if (first === undefined) seen[field].set(value, index);
          else
            context.addIssue({
              code: 'custom',
              path: ['tokens', index, field],
              message: reasons[field](first),
            });
        }
      });
    },
    { when: (payload) => Array.isArray((payload.value as { tokens?: unknown } | null)?.tokens) },
  );
export type AccessConfig = z.infer<typeof AccessConfigSchema>;
export type AccessConfigInput = z.input<typeof AccessConfigSchema>;

/** The holder of a valid token, as the server acts on it (the token itself is not kept). */
export interface Principal {
  readonly role: ApiRole;
  readonly organisatie: string;
  readonly regio: string | null;
  readonly actorId: string;
}

/** Parses an access configuration; the error names the origin and every field at fault with its reason. */
export function parseAccessConfig(raw: unknown, origin: string): AccessConfig {
  const parsed = AccessConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new RangeError(`${origin}: not a valid access configuration\n  ${issues.join('\n  ')}`);
}

/** Reads and validates an access configuration file. */
export function loadAccessConfig(path: string): AccessConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RangeError(`${path}: not readable JSON (${(error as Error).message})`);
  }
  return parseAccessConfig(raw, path);
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Resolves bearer tokens to principals. Every known token is compared, in constant time on equal-length
 * digests, so neither the position of a match nor a common prefix shows in the response time.
 */
export class AccessControl {
  private readonly entries: readonly { digest: Buffer; principal: Principal }[];

  constructor(config: AccessConfig) {
    this.entries = config.tokens.map((entry) => ({
      digest: digest(entry.token),
      principal: {
        role: entry.role,
        organisatie: entry.organisatie,
        regio: entry.regio ?? null,
        actorId: entry.actorId,
      },
    }));
  }

  /** The principal of an `Authorization` header (`Bearer <token>`), or `undefined` when absent or unknown. */
  authenticate(header: string | undefined): Principal | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (match?.[1] === undefined) return undefined;
    const offered = digest(match[1]);
    let found: Principal | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, offered)) found = entry.principal;
    }
    return found;
  }
}
