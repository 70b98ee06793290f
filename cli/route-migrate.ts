import type { CaseMigration } from '../client/route-migration.js';
import type { RouteVersionRef } from '../core/route-migration.js';
import { IdentifierSchema, routeKey } from '../core/index.js';
import { RouteVersionSchema } from '../core/route-format.js';
import { optional, parseActor, parseFlags, required } from './args.js';
import { table } from './format.js';
import { UsageError } from './usage-error.js';

/** `ID@VERSION` as a flag gives it, checked before anything connects. */
export function routeVersionFlag(flag: string, value: string): RouteVersionRef {
  const [id = '', version = '', ...more] = value.split('@');
  if (id === '' || more.length > 0 || !RouteVersionSchema.safeParse(version).success)
    throw new UsageError(
      `--${flag} must be ID@VERSION, e.g. zorgplicht@2.0.0 (got ${JSON.stringify(value)})`,
    );
  return { id, version };
}

/** The outcome per case, as a table for people. */
export function formatMigrations(outcomes: readonly CaseMigration[], dryRun: boolean): string {
  if (outcomes.length === 0) return 'no cases to migrate';
  return table(
    ['case', 'from', 'to', 'outcome', 'states', 'deadlines'],
    outcomes.map((outcome) => [
      outcome.caseId,
      routeKey(outcome.from),
      outcome.to === null ? '-' : routeKey(outcome.to),
      outcome.refusal !== null
        ? `refused: ${outcome.refusal.message}; ${outcome.refusal.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`
        : dryRun
          ? 'would migrate'
          : 'migrated',
      outcome.ok
        ? `${outcome.statesBefore.join(', ')} -> ${outcome.statesAfter.join(', ')}`
        : outcome.statesBefore.join(', '),
      outcome.ok
        ? [
            `${outcome.meegenomen.length} carried`,
            ...outcome.herberekend.map((deadline) => `${deadline.id} recomputed, due ${deadline.dueAt}`),
          ].join('; ')
        : '-',
    ]),
  );
}

/**
 * `passend route migrate`: moves one running case (`--case`) or every open case of a route version (`--from`) to
 * `--to`, each through its workflow's Update; with `--dry-run` it says per case what would happen. A case that
 * cannot be migrated is reported with the reason and left as it was; the exit code is 1 when any was refused.
 */
export async function runRouteMigrate(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    case: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    actor: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    address: { type: 'string' },
    namespace: { type: 'string' },
  });
  if (positionals.length > 0)
    throw new UsageError(`route migrate takes no arguments (got ${positionals.join(' ')})`);
  const caseId = optional(values, 'case');
  const fromFlag = optional(values, 'from');
  if ((caseId === undefined) === (fromFlag === undefined))
    throw new UsageError('route migrate needs one of --case ID or --from ID@VERSION');
  if (caseId !== undefined && !IdentifierSchema.safeParse(caseId).success)
    throw new UsageError(`--case must be a case id (got ${JSON.stringify(caseId)})`);
  const from = fromFlag === undefined ? undefined : routeVersionFlag('from', fromFlag);
  const to = routeVersionFlag('to', required(values, 'to'));
  if (from !== undefined && from.id !== to.id)
    throw new UsageError(`--to must be a version of ${from.id}, as --from is (got ${routeKey(to)})`);
  const actor = parseActor(required(values, 'actor'));
  const dryRun = values['dry-run'] === true;

  const { connectClient, temporalAddress, temporalNamespace } = await import('./connection.js');
  const { migrateRunningCase, casesOnRouteVersion } = await import('../client/route-migration.js');
  const { passend, close } = await connectClient(
    temporalAddress(optional(values, 'address')),
    temporalNamespace(optional(values, 'namespace')),
  );
  try {
    const ids =
      caseId !== undefined
        ? [caseId]
        : await casesOnRouteVersion(passend.client, to.id, (from as RouteVersionRef).version);
    const outcomes: CaseMigration[] = [];
    // One case at a time: each is its own Update, and a refusal of one leaves the others to go on.
    for (const id of ids)
      outcomes.push(await migrateRunningCase(passend.client, id, { to, actor }, { dryRun }));
    if (values['json'] === true)
      process.stdout.write(`${JSON.stringify({ dryRun, to, cases: outcomes }, null, 2)}\n`);
    else process.stdout.write(`${formatMigrations(outcomes, dryRun)}\n`);
    return outcomes.every((outcome) => outcome.ok) ? 0 : 1;
  } finally {
    await close();
  }
}
