import { z } from 'zod';

/**
 * A pseudonymous identifier: an id from the integrator's own system, never a name, a BSN or free text.
 * The pattern leaves no room for spaces, so a sentence about a child cannot pass as an id.
 */
export const IdentifierSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, {
  message: 'must be an identifier: 1-64 letters, digits, ".", "_", ":" or "-", no spaces',
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

/** An ISO 8601 date-time with an explicit offset (`Z` or `+01:00`), so no moment is ambiguous. */
export const InstantSchema = z.iso.datetime({ offset: true });
