// The answer of `GET /dashboard/cases/:caseId/route`, as zod schemas: the server's route table and OpenAPI
// document use them, and the dashboard's script reads its types from here (zod only, no server code).
import { z } from 'zod';

export const CaseRouteDeadlineSchema = z.object({
  id: z.string(),
  normId: z.string(),
  title: z.string(),
  spoor: z.string().nullable(),
  status: z.enum(['lopend', 'opgeschort', 'overschreden']),
  dueAt: z.string(),
  watches: z
    .string()
    .describe(
      'The state the deadline watches: the spoor’s region when it has one, else the stage it started in.',
    ),
});

export const CaseRouteStepSchema = z.object({
  seq: z.number().int(),
  kind: z.enum([
    'gebeurtenis',
    'deadline.waarschuwing',
    'deadline.overschreden',
    'deadline.opgeschaald',
    'deadline.ingetrokken',
    'route.gemigreerd',
  ]),
  what: z.string().describe('The event type, or the deadline entry with its norm.'),
  at: z
    .string()
    .describe(
      'The moment the entry speaks of, on the case’s clock: when the event happened, when the warning or ' +
        'breach was due, when an escalation step fell.',
    ),
  states: z.array(z.string()).describe('The active leaf states then, as `passend audit at` gives them.'),
  stage: z.string(),
  closed: z.boolean(),
  transition: z
    .object({ event: z.string(), from: z.array(z.string()), to: z.array(z.string()) })
    .nullable()
    .describe('For an event that moved the case: the leaf states before and after.'),
  deadlines: z.array(CaseRouteDeadlineSchema).describe('The deadlines open then.'),
});

/** `GET /dashboard/cases/:caseId/route`: `at` asks for the case at one moment besides its journal's entries. */
export const CaseRouteQuerySchema = z.strictObject({
  at: z
    .string()
    .optional()
    .describe(
      'A moment to show the case at, as `passend audit at` takes it: an ISO 8601 date-time with offset, or a ' +
        'date YYYY-MM-DD (the end of that day in Amsterdam).',
    ),
});

/** `GET /dashboard/cases/:caseId/route`. */
export const CaseRouteSchema = z.object({
  caseId: z.string(),
  route: z.object({ id: z.string(), version: z.string() }),
  exportedAt: z.string(),
  diagram: z.string().describe('The route’s diagram as SVG (no style of its own: the page styles it).'),
  steps: z.array(CaseRouteStepSchema).describe('The case at each journal entry, oldest first.'),
  atMoment: z
    .object({ moment: z.string(), step: CaseRouteStepSchema })
    .nullable()
    .describe(
      'With `at`: the case at that moment (its `seq` the last event by then), as `audit at` gives it.',
    ),
});

export type CaseRoute = z.output<typeof CaseRouteSchema>;
export type CaseRouteStep = z.output<typeof CaseRouteStepSchema>;
