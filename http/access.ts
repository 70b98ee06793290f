import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { PseudonymousIdSchema } from '../core/index.js';

/**
 * Who may do what through the HTTP API:
 * - `integrator`: starts cases and sends events, only in the organisations and regions its token names;
 * - `coordinator`: reads and lists the cases of its organisation or its region;
 * - `auditor`: reads everything, changes nothing.
 */
export const ApiRoleSchema = z.enum(['integrator', 'coordinator', 'auditor']);
export type ApiRole = z.infer<typeof ApiRoleSchema>;

const idList = z.array(PseudonymousIdSchema).min(1, { message: 'must name at least one' });

/** Where an integrator may start cases: a case must name one of these organisations and one of these regions. */
export const StartInSchema = z.strictObject({ organisaties: idList, regios: idList });

/**
 * One bearer token: the role it grants, the organisation (and region) it acts for, and who holds it. The ids are
 * new input: none may hold a BSN (the actor id is journaled as the submitter of every event sent with it).
 */
export const AccessTokenSchema = z.strictObject({
  token: z
    .string()
    .min(24, { message: 'must be at least 24 characters: generate it, e.g. `openssl rand -hex 32`' })
    .regex(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' }),
  role: ApiRoleSchema,
  organisatie: PseudonymousIdSchema,
  /** A coordinator also sees every case of this region, whatever its organisation. Not for integrators. */
  regio: PseudonymousIdSchema.optional(),
  /**
   * An integrator's reach, required for integrators and only for them: it starts cases only in these
   * organisations and regions, and sends to and reads only the cases that lie in both.
   */
  startIn: StartInSchema.optional(),
  /** Who holds the token: an id that the access log records with every request, and the journal with each event. */
  actorId: PseudonymousIdSchema,
});

/** What is wrong with a token's role-bound fields: an integrator's reach is named, and nobody else has one. */
function roleFieldIssues(entry: Record<string, unknown>): { field: string; message: string }[] {
  if (entry['role'] === 'integrator') {
    return [
      ...(entry['startIn'] === undefined
        ? [
            {
              field: 'startIn',
              message:
                'is required for an integrator: the organisations and regions it may start cases in, ' +
                'e.g. { "organisaties": ["swv-breda"], "regios": ["breda"] }',
            },
          ]
        : []),
      ...(entry['regio'] === undefined
        ? []
        : [
            {
              field: 'regio',
              message: "widens a coordinator's view only; an integrator names its regions in startIn.regios",
            },
          ]),
    ];
  }
  return entry['startIn'] === undefined || typeof entry['role'] !== 'string'
    ? []
    : [{ field: 'startIn', message: `is for integrators only; a ${entry['role']} starts no cases` }];
}

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
        const fields = (entry ?? {}) as Record<string, unknown>;
        for (const field of ['token', 'actorId'] as const) {
          const value = fields[field];
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
        for (const { field, message } of roleFieldIssues(fields))
          context.addIssue({ code: 'custom', path: ['tokens', index, field], message });
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
  /** An integrator's reach (see {@link AccessTokenSchema}); `null` for other roles. */
  readonly startIn: { readonly organisaties: readonly string[]; readonly regios: readonly string[] } | null;
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
 * Why a request has no principal, so that a 401 can say what to fix: no `Authorization` header, one that is
 * not `Bearer <token>`, or a token the server does not know.
 */
export type AccessProblem = 'token-missing' | 'authorization-malformed' | 'token-unknown';

/** What an `Authorization` header comes to: the principal of its token, or why there is none. */
export type Identification =
  | { readonly principal: Principal; readonly problem?: never }
  | { readonly principal?: never; readonly problem: AccessProblem };

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
        startIn: entry.startIn ?? null,
        actorId: entry.actorId,
      },
    }));
  }

  /** The principal of an `Authorization` header (`Bearer <token>`), or `undefined` when absent or unknown. */
  authenticate(header: string | undefined): Principal | undefined {
    return this.identify(header).principal;
  }

  /** The principal of an `Authorization` header, or which of the three ways it fell short. */
  identify(header: string | undefined): Identification {
    if (header === undefined || header.trim() === '') return { problem: 'token-missing' };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] === undefined) return { problem: 'authorization-malformed' };
    const offered = digest(match[1]);
    let found: Principal | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, offered)) found = entry.principal;
    }
    return found === undefined ? { problem: 'token-unknown' } : { principal: found };
  }
}

const PROBLEM_MESSAGES: Readonly<Record<AccessProblem, string>> = {
  'token-missing': 'a bearer token is required (Authorization: Bearer <token>)',
  'authorization-malformed':
    'the Authorization header must be "Bearer <token>", one token after the word Bearer',
  'token-unknown':
    "the bearer token is not recognised: it is not (or no longer) in the server's access configuration",
};

/** The body of a 401: `reason` says what was wrong, the message what to do about it. */
export function unauthorizedBody(problem: AccessProblem): {
  error: 'unauthorized';
  reason: AccessProblem;
  message: string;
} {
  return { error: 'unauthorized', reason: problem, message: PROBLEM_MESSAGES[problem] };
}

/**
 * The `WWW-Authenticate` header of a 401 (RFC 6750): a token that was sent but not accepted is `invalid_token`,
 * a request without one gets the bare challenge.
 */
export function bearerChallenge(problem: unknown): string {
  return problem === 'token-unknown' || problem === 'authorization-malformed'
    ? `Bearer realm="passend", error="${problem === 'token-unknown' ? 'invalid_token' : 'invalid_request'}"`
    : 'Bearer realm="passend"';
}

/** What an {@link AccessFile} reports: a changed file taken into use, or one refused (the last good one stays). */
export interface AccessFileEvents {
  readonly onReload?: (config: AccessConfig) => void;
  readonly onRefused?: (error: Error) => void;
}

/**
 * The access configuration file, read again when it changes: each request looks at the file's modification time,
 * size and inode (a stat, no read), so a token added or revoked counts from the next request without a restart.
 * A change that is not a valid configuration (or a file gone) is reported once and refused: the last good
 * tokens stay in force, as bad input changes nothing.
 */
export class AccessFile {
  /** The configuration in force: the file's last valid content. */
  config: AccessConfig;
  private control: AccessControl;
  private seen: string;

  /** Reads `path` now; a missing or invalid file throws here, before the server starts. */
  constructor(
    readonly path: string,
    private readonly events: AccessFileEvents = {},
  ) {
    this.seen = this.stamp();
    this.config = loadAccessConfig(path);
    this.control = new AccessControl(this.config);
  }

  /** The access control of the file as it is now (reloaded first when the file changed since the last look). */
  current(): AccessControl {
    const stamp = this.stamp();
    if (stamp === this.seen) return this.control;
    this.seen = stamp;
    try {
      if (stamp === 'gone') throw new RangeError(`${this.path}: the access configuration is gone`);
      this.config = loadAccessConfig(this.path);
      this.control = new AccessControl(this.config);
      this.events.onReload?.(this.config);
    } catch (error) {
      this.events.onRefused?.(error as Error);
    }
    return this.control;
  }

  private stamp(): string {
    try {
      const stat = statSync(this.path);
      return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch {
      return 'gone';
    }
  }
}

/** The access control in force for each request: a fixed configuration's, or an access file's as it is now. */
export function accessControlOf(access: AccessConfig | AccessFile): () => AccessControl {
  if (access instanceof AccessFile) return () => access.current();
  const control = new AccessControl(access);
  return () => control;
}
