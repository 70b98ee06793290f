import { z } from 'zod';
import { IdentifierSchema } from '../core/index.js';

// The dashboard's schemas: the query of `GET /dashboard/data` and its answer, and the query of the page
// itself. Like the other response schemas they describe what the server sends, and the OpenAPI document is
// generated from them.

const InstantSchema = z.iso
  .datetime()
  .describe('An ISO 8601 moment in UTC, e.g. `2013-01-24T09:00:00.000Z`.');
const count = z.number().int().nonnegative();
const days = z.number().nonnegative().describe('Days, to one decimal.');

const filterParams = {
  regio: IdentifierSchema.optional().describe('Only cases of this region.'),
  organisatie: IdentifierSchema.optional().describe('Only cases of this organisation.'),
  route: IdentifierSchema.optional().describe('Only cases of this route, e.g. `toeleiding`.'),
};

/** `GET /dashboard/data`: narrows what is counted, within the caller's scope. */
export const DashboardQuerySchema = z.strictObject(filterParams);

/**
 * `GET /dashboard`: the page. It reads these itself: `refresh` sets how often it fetches its data, and the
 * filters go along to `/dashboard/data`.
 */
export const DashboardPageQuerySchema = z.strictObject({
  refresh: z
    .string()
    .regex(/^[0-9]{1,4}$/, { message: 'must be a whole number of seconds' })
    .transform(Number)
    .pipe(z.number().int().min(1).max(3_600))
    .optional()
    .describe('Seconds between refreshes of the data (1-3600, default 10).'),
  case: IdentifierSchema.optional().describe(
    'A case to open in the case panel once signed in (its timeline and the case on its route).',
  ),
  ...filterParams,
});

/** `GET /dashboard`: one self-contained HTML document (inline CSS, script and SVG; nothing from elsewhere). */
export const DashboardPageSchema = z
  .string()
  .describe(
    'The dashboard: one HTML document with its CSS and script inline and no external URL; it asks for a ' +
      'bearer token and reads `/dashboard/data` and `/cases/{caseId}` with it.',
  );

const RiskSchema = z.enum(['op-schema', 'waarschuwing', 'overschreden']);

/** Open cases of one stage, regisseur or organisation, and how many of them are breached or warned. */
export const DashboardGroupSchema = z.object({
  key: z.string().describe('The stage, regisseur or organisation; `(onbekend)` when a case has none.'),
  open: count.describe('Open cases.'),
  overschreden: count.describe('Open cases with a breached deadline not yet met (risk `overschreden`).'),
  waarschuwing: count.describe('Open cases whose deadline warning went out (risk `waarschuwing`).'),
});

/** One open case that is overdue or at risk, as visibility knows it. */
export const DashboardCaseSchema = z.object({
  caseId: z.string(),
  risk: RiskSchema.exclude(['op-schema']),
  route: z.string().nullable(),
  stage: z.string().nullable(),
  stageSince: InstantSchema.nullable(),
  regisseur: z.string().nullable(),
  organisatie: z.string().nullable(),
  regio: z.string().nullable(),
  overdueNorms: z.array(z.string()).describe('Norms whose deadline is breached and not yet met.'),
  overdueSince: InstantSchema.nullable().describe('The earliest due moment among the breached deadlines.'),
  daysOver: z
    .number()
    .int()
    .nullable()
    .describe('Whole days from `overdueSince` to `at`; `null` for a case only at risk.'),
  warnedNorms: z.array(z.string()).describe('Norms whose warning went out while the deadline still runs.'),
  nextDueAt: InstantSchema.nullable(),
  breaches: count,
  dubbeleCasus: z
    .boolean()
    .describe('Another case of the same child is open in the same region: one child, one plan.'),
});

/** An open case whose child has another open case in its region (one child, one plan), for the coordinator. */
export const DashboardDubbelSchema = z.object({
  caseId: z.string(),
  stage: z.string().nullable(),
  regisseur: z.string().nullable(),
  organisatie: z.string().nullable(),
  regio: z.string().nullable(),
  risk: RiskSchema.nullable(),
});

/** One provider's waiting list: the open cases with a spoor waiting there, against the norm. */
export const DashboardWaitingListSchema = z.object({
  aanbieder: z.string(),
  cases: count.describe('Open cases with a spoor on this provider’s waiting list.'),
  caseIds: z.array(z.string()).describe('Those cases, the longest waiting first.'),
  longestWaitDays: days
    .nullable()
    .describe('Days since the longest-waiting case entered its current stage (`stageSince`).'),
  longestSince: InstantSchema.nullable(),
  overNorm: count.describe('Cases waiting longer than the norm’s term.'),
  exceedsNorm: z.boolean().describe('Whether the longest wait exceeds the norm’s term.'),
});

/** Time in the current stage of the open cases of one stage (not a throughput over closed cases). */
export const DashboardStageTimeSchema = z.object({
  stage: z.string(),
  cases: count.describe('Open cases in this stage with a known `stageSince`.'),
  medianDays: days.nullable().describe('Median (nearest rank).'),
  p90Days: days.nullable().describe('90th percentile (nearest rank).'),
  maxDays: days.nullable(),
});

/** `GET /dashboard/data`: what the dashboard shows, from one visibility query per scope over the open cases. */
export const DashboardDataSchema = z.object({
  at: InstantSchema.describe('The moment days are counted to.'),
  viewer: z.object({
    role: z.enum(['coordinator', 'auditor']),
    actorId: z.string(),
    organisatie: z.string(),
    regio: z.string().nullable(),
    scope: z.string().describe('Which cases the token sees, in words.'),
  }),
  openCases: count,
  byRisk: z.object({ 'op-schema': count, waarschuwing: count, overschreden: count }),
  byStage: z.array(DashboardGroupSchema).describe('The most breached, then the most warned, first.'),
  byRegisseur: z.array(DashboardGroupSchema),
  byOrganisatie: z.array(DashboardGroupSchema),
  cases: z
    .array(DashboardCaseSchema)
    .describe('Overdue cases, the longest overdue first, then cases at risk, the earliest due first.'),
  waitingLists: z.object({
    norm: z.object({
      id: z.string(),
      version: z.string(),
      title: z.string(),
      termDays: z.number().int().positive().describe('The norm’s term in calendar days.'),
    }),
    providers: z.array(DashboardWaitingListSchema).describe('The longest wait first.'),
  }),
  timeInStage: z
    .array(DashboardStageTimeSchema)
    .describe(
      'Time in the current stage, open cases only (from `PassendStageSince`). Throughput over closed cases ' +
        'is the KPI report (`passend kpi`).',
    ),
  truncated: z
    .boolean()
    .describe(
      'Whether only part of the open cases in scope were read: then `coverage.complete` is `false` and the ' +
        'groups, the time in stage and the waiting lists are over the cases read.',
    ),
  coverage: z
    .object({
      complete: z
        .boolean()
        .describe(
          'Whether every open case in scope was read. When `false`, `openCases` and `byRisk` are still exact ' +
            '(count queries), `cases` lists at most `listLimit` overdue and `listLimit` at-risk cases, and ' +
            '`byStage`, `byRegisseur`, `byOrganisatie`, `waitingLists` and `timeInStage` are over the first ' +
            '`casesRead` open cases only (`passend kpi` and `passend overdue` read them all).',
        ),
      casesRead: count.describe('Open cases read for the groups, the waiting lists and the time in stage.'),
      readLimit: count.describe('Up to this many open cases in scope, every one is read.'),
      listLimit: count.describe('Beyond `readLimit`: overdue cases, and at-risk cases, listed at most.'),
    })
    .describe('What the figures were computed from: every open case in scope, or the first `readLimit`.'),
  dubbeleCasussen: z
    .array(DashboardDubbelSchema)
    .describe(
      'Open cases in scope whose child has another open case in the same region (one child, one plan), by ' +
        'organisation and case; at most `coverage.listLimit` per part of the scope, listed from their own index.',
    ),
  stuckCases: z
    .array(
      z.object({
        caseId: z.string(),
        organisatie: z.string().nullable(),
        attempts: z.number().int().describe('How many times the failing workflow task was tried.'),
        since: InstantSchema.nullable().describe('When the failing task was first scheduled.'),
        error: z.string().describe('The last workflow task failure, e.g. a nondeterminism error.'),
      }),
    )
    .describe(
      'Cases in scope whose workflow tasks keep failing: they take no event until repaired (`passend case ' +
        'repair`). From a scan of the open cases shared by `/health`, at most a minute old.',
    ),
  undeliverable: z
    .object({
      count: count.describe(
        'Undeliverable notifications of cases in scope (and the filter’s organisation and region).',
      ),
      unreadable: count.describe(
        'Lines of the file that are no record the worker writes (a torn line, an edited file): they name no case, ' +
          'so every viewer sees this count.',
      ),
      latest: z
        .array(
          z.object({
            caseId: z.string(),
            organisatie: z.string(),
            regio: z.string(),
            normId: z.string(),
            kind: z.enum([
              'deadline.overschreden',
              'deadline.waarschuwing',
              'deadline.opgeschaald',
              'deadline.ingetrokken',
            ]),
            stap: z.number().int().nullable().describe('The step of escalation, for `deadline.opgeschaald`.'),
            host: z.string().describe('The subscriber’s host only: its path and query may hold a token.'),
            attempts: z.number().int().describe('Delivery attempts before it was given up on.'),
            failure: z.string().describe('The last failure, with every URL cut to its host.'),
            recordedAt: InstantSchema.describe('When it was given up on.'),
          }),
        )
        .describe('The latest first, at most ten.'),
      error: z
        .string()
        .nullable()
        .describe(
          'Why the file could not be read (e.g. `EACCES`), when it could not: then the counts are 0 and the ' +
            'rest of the dashboard is as usual. `null` when it was read, or does not exist (nothing given up on).',
        ),
    })
    .nullable()
    .describe(
      'Webhook notifications the worker gave up on (`undeliverable.jsonl` beside its outbox), within the ' +
        'viewer’s scope; the route filter does not narrow them. `null` when the server was not told where the ' +
        'file is (`npm start` tells it; `passend serve --outbox FILE`).',
    ),
});
export type DashboardData = z.output<typeof DashboardDataSchema>;
export type DashboardCase = z.output<typeof DashboardCaseSchema>;
export type DashboardGroup = z.output<typeof DashboardGroupSchema>;
export type DashboardDubbel = z.output<typeof DashboardDubbelSchema>;
