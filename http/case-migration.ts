// `POST /cases/:caseId/migration`: moves a running case to another version of its route, as `passend route migrate
// --case` does, for an integrator whose system holds the case. The workflow previews the move by a query and then
// applies it by one Update whose validator checks again; a case it refuses is answered 409 with every reason by
// path and is left exactly as it was.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CaseNotFoundError, TemporalUnavailableError } from '../client/index.js';
import { migrateRunningCase } from '../client/route-migration.js';
import { NewActorSchema, RouteVersionSchema } from '../core/index.js';
import type { CaseRouteDeps } from './case-route.js';
import { CaseIdParamsSchema, IssueSchema } from './schemas.js';
import { withinReach } from './scope.js';

const RouteVersionRefSchema = z.strictObject({
  id: z.string().min(1).describe('The route id; a case moves between versions of its own route only.'),
  version: RouteVersionSchema.describe('A version the server has loaded (`GET /routes`).'),
});

export const MigrationBodySchema = z.strictObject({
  to: RouteVersionRefSchema.describe('The route version to move the case to.'),
  actor: NewActorSchema.describe('Who decided the migration; journaled with it.'),
  dryRun: z
    .boolean()
    .optional()
    .describe('`true`: only say what would happen (the workflow’s preview query); nothing is written.'),
});

export const MigrationAnswerSchema = z.object({
  caseId: z.string(),
  from: RouteVersionRefSchema.describe('The version the case ran before.'),
  to: RouteVersionRefSchema.nullable().describe('The version it moves to; `null` when refused.'),
  ok: z.boolean().describe('Whether the case can move (and, unless `dryRun`, moved).'),
  migrated: z.boolean().describe('Whether the move was applied: `false` for a dry run or a refusal.'),
  statesBefore: z.array(z.string()),
  statesAfter: z.array(z.string()),
  meegenomen: z.array(z.string()).describe('Deadlines carried over unchanged, by id.'),
  herberekend: z
    .array(z.object({ id: z.string(), dueAt: z.string(), status: z.string() }))
    .describe('Deadlines recomputed under the new version’s norms, with their due moment.'),
  refusal: z
    .object({
      code: z.literal('migration-refused'),
      message: z.string(),
      stage: z.string().nullable(),
      issues: z.array(IssueSchema),
    })
    .nullable()
    .describe('Why the case cannot move, every reason by path; `null` when it can.'),
});

export const MigrationRefusedSchema = z.object({
  error: z.literal('migration-refused'),
  migration: MigrationAnswerSchema,
});

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** The handler of `POST /cases/:caseId/migration`, by operation id. */
export function caseMigrationHandlers(deps: CaseRouteDeps): { migrateCase: Handler } {
  return {
    async migrateCase(request, reply) {
      const principal = deps.principalOf(request);
      const { caseId } = deps.parse(CaseIdParamsSchema, request.params, 'params');
      const { dryRun = false, ...migration } = deps.parse(MigrationBodySchema, request.body);
      request.caseId = caseId;
      // Temporal's own record of the workflow: a case outside the integrator's reach is answered as an unknown one.
      // A closed case is refused by the core's preview (`case … is closed`), as any other reason.
      const record = await deps.passend.caseRecord(caseId);
      if (!withinReach(principal, { organisatie: record.organisatie ?? '', regio: record.regio ?? '' }))
        throw new CaseNotFoundError(caseId);
      if (record.stuckAttempts > 0)
        throw new TemporalUnavailableError(
          'case-stuck',
          `the case's workflow task failed ${record.stuckAttempts} times in a row; nothing was applied (passend doctor)`,
        );
      const outcome = await migrateRunningCase(deps.passend.client, caseId, migration, { dryRun });
      if (!outcome.ok) return reply.code(409).send({ error: 'migration-refused', migration: outcome });
      return reply.code(200).send(outcome);
    },
  };
}
