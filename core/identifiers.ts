import { z } from 'zod';

/**
 * A pseudonymous identifier: an id from the integrator's own system, never a name, a BSN or free text.
 * The pattern leaves no room for spaces, so a sentence about a child cannot pass as an id.
 */
export const IdentifierSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, {
  message: 'must be an identifier: 1-64 letters, digits, ".", "_", ":" or "-", no spaces',
});

/** Why an identifier that holds a BSN is refused (the path of the issue names the field). */
export const BSN_IDENTIFIER_MESSAGE =
  'holds a BSN (9 digits that pass the eleven-test): an identifier must be pseudonymous, an id from your ' +
  'own system, never a citizen service number; choose another id';

/** The parts of an identifier between its separators: a BSN may stand alone or as one of them (`kind-<bsn>`). */
const SEPARATORS = /[._:/-]/;

/** Whether nine digits pass the BSN eleven-test (elfproef): 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11. */
export function passesElevenTest(digits: string): boolean {
  if (!/^[0-9]{9}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < 8; index++) sum += (9 - index) * Number(digits[index]);
  return (sum - Number(digits[8])) % 11 === 0;
}

/**
 * Whether an identifier holds a BSN: it is, or one of its parts between `.`, `_`, `:`, `/` and `-` is, nine digits
 * that pass the eleven-test. Only whole parts count, so a random id (a UUID has no part of nine characters) is
 * never refused by chance.
 */
export function holdsBsn(value: string): boolean {
  return value.split(SEPARATORS).some(passesElevenTest);
}

/**
 * An identifier of new input (a new case, an event offered now, an access token): pseudonymous, so one that holds
 * a BSN is refused. What is already recorded keeps {@link IdentifierSchema}, so a case or history written before
 * the rule still reads and replays.
 */
export const PseudonymousIdSchema = IdentifierSchema.refine((value) => !holdsBsn(value), {
  message: BSN_IDENTIFIER_MESSAGE,
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
 * The id of a new case: a pseudonymous identifier that is not reserved. Starting a case applies it (client, CLI,
 * HTTP, scenario files); reading, sending to and replaying a case take any identifier, so a case started before
 * the rule, and its history, stay usable. The reserved ids are a lookahead pattern rather than a refinement, so
 * the exported JSON Schemas and the OpenAPI document carry that rule too (the eleven-test cannot be a pattern).
 */
export const CaseIdSchema = PseudonymousIdSchema.regex(notReserved, {
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
  'veilig-thuis',
  'gemeente',
  'leerplicht',
]);
export type Role = z.infer<typeof RoleSchema>;

/** Who acted: a role and a pseudonymous id. */
export const ActorSchema = z.strictObject({ role: RoleSchema, id: IdentifierSchema });
export type Actor = z.infer<typeof ActorSchema>;

/** Who acts in an event offered now: its id may not hold a BSN (see {@link PseudonymousIdSchema}). */
export const NewActorSchema = z.strictObject({ role: RoleSchema, id: PseudonymousIdSchema });

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
