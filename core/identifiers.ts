import { z } from 'zod';

/**
 * A pseudonymous identifier: an id from the integrator's own system, never a name, a BSN or free text.
 * The pattern leaves no room for spaces, so a sentence about a child cannot pass as an id.
 */
export const IdentifierSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, {
  message: 'must be an identifier: 1-64 letters, digits, ".", "_", ":" or "-", no spaces',
});

/**
 * Case ids that would collide with a path of the HTTP API, each with the path it is: a case with such an id
 * could be started but never read over HTTP. Every static segment under `/cases/` belongs here
 * (test/http/openapi.test.ts checks the route table against it).
 */
export const RESERVED_CASE_IDS: Readonly<Record<string, string>> = {
  overdue: 'GET /cases/overdue lists the overdue cases',
};

// An identifier's only regex metacharacter is `.`.
const reservedAlternatives = Object.keys(RESERVED_CASE_IDS).map((id) => id.replaceAll('.', '\\.'));
const notReserved = new RegExp(`^(?!(?:${reservedAlternatives.join('|')})$)`);

/**
 * The id of a new case: an identifier that is not reserved. Starting a case applies it (client, CLI, HTTP,
 * scenario files); reading, sending to and replaying a case take any identifier, so a case started before the
 * rule, and its history, stay usable. A lookahead pattern rather than a refinement, so the exported JSON
 * Schemas and the OpenAPI document carry the rule too.
 */
export const CaseIdSchema = IdentifierSchema.regex(notReserved, {
  error: (issue) => {
    const id = String(issue.input);
    return `"${id}" is reserved (${RESERVED_CASE_IDS[id] ?? 'a path of the HTTP API'}), so a case with this id could not be read over HTTP; choose another id`;
  },
});

/** The roles that may act in a route, as the users name them. */
export const RoleSchema = z.enum([
  'leerkracht',
  'intern-begeleider',
  'mentor',
  'zorgcoordinator',
  'schoolmaatschappelijk-werk',
  'jgz',
  'cjg',
  'wijkteam',
  'ouder',
  'jongere',
  'swv',
  'plaatsingscommissie',
  'zorgaanbieder',
  'jeugdzorg',
  'gemeente',
  'leerplicht',
]);
export type Role = z.infer<typeof RoleSchema>;

/** Who acted: a role and a pseudonymous id. */
export const ActorSchema = z.strictObject({ role: RoleSchema, id: IdentifierSchema });
export type Actor = z.infer<typeof ActorSchema>;

const FIRST_INSTANT = Date.UTC(1900, 0, 1);
const LAST_INSTANT = Date.UTC(2200, 0, 1) - 1;

/**
 * An ISO 8601 date-time with an explicit offset (`Z` or `+01:00`), so no moment is ambiguous, from 1900 to 2199
 * (UTC): the range the calendars count in, and whose instants compare correctly as normalised strings.
 */
export const InstantSchema = z.iso.datetime({ offset: true }).refine(
  (value) => {
    const millis = Date.parse(value);
    // A string that is no date-time at all has its one issue already, from the format check.
    return Number.isNaN(millis) || (millis >= FIRST_INSTANT && millis <= LAST_INSTANT);
  },
  { message: 'must lie between 1900-01-01 and 2199-12-31 (UTC)' },
);
