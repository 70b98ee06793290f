import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import type { PassendClient } from '../client/index.js';
import { CaseExistsError, CaseNotFoundError } from '../client/index.js';
import type { CaseView, EventInput } from '../core/index.js';
import { CaseIdSchema, EventRejectedError } from '../core/index.js';
import { archiveDir, archiveIntervalMs, scheduleArchiving } from '../audit/index.js';
import { codecFromEnvironment, dataConverterWith } from '../codec/index.js';
import { createCaseWorker } from '../worker/index.js';
import { optional, parseActor, parseFlags, parseJsonObject, positionals, required } from './args.js';
import { connectClient, temporalAddress, temporalNamespace } from './connection.js';
import { formatCase, formatRejection } from './format.js';
import { OVERDUE_HELP, OVERDUE_USAGE, runCases, runOverdue } from './overdue.js';
import { runSimulate } from './simulate.js';
import { UsageError } from './usage-error.js';
import { runKpi } from './kpi.js';
import { runAudit } from './audit.js';
import { CODEC_HELP, CODEC_USAGE, runCodec } from './codec.js';

const USAGE = `passend: routes for passend onderwijs and jeugdhulp on Temporal

usage:
  passend worker [--outbox FILE] [--archive DIR]
  passend case start <caseId> --organisatie O --regio R --actor ROLE:ID --regisseur ID
                     [--route toeleiding] [--payload JSON] [--at ISO] [--key KEY] [--json]
  passend case send <caseId> <event-type> --actor ROLE:ID [--payload JSON] [--at ISO] [--key KEY] [--json]
  passend case show <caseId> [--json]
${OVERDUE_USAGE}
  passend serve [--port 8080] [--host 127.0.0.1] [--access FILE] [--access-log FILE]
${CODEC_USAGE}
  passend simulate <scenario.json> [--json] [--temporal] [--region-config FILE] [--until ISO]
  passend kpi --from DATE --to DATE [--organisation O] [--format table|json|csv|html] [--out FILE]
  passend audit export <caseId> [--out FILE]
  passend audit at <caseId|FILE> <moment> [--json]
  passend audit verify <caseId|FILE>... [--json] [--chain-only]
  passend audit report <caseId|FILE> [--format text|html] [--out FILE]
  passend audit archive [--archive DIR] [--json]      (passend audit help: what each does)

common flags: --address HOST:PORT (default $TEMPORAL_ADDRESS or localhost:7233), --namespace NS
payload encryption: $PASSEND_ENCRYPTION_KEY (base64, 32 bytes) with $PASSEND_ENCRYPTION_KEY_ID, or
$PASSEND_ENCRYPTION_KEYRING (a keyring file); the same for the worker and every command (README: encryption)
--at backdates an event (ISO 8601 with offset); --key is the idempotency key (default: a new UUID, printed).
simulate runs a scenario file (schemas/scenario.schema.json) through the pure core on its exact dates and
prints the report: stages, deadlines, rejected events, final state. --temporal runs it on the time-skipping
server instead, shifted so that its first event happens at the server's now. --region-config applies a
region's norm overrides beneath the scenario's own (the scenario wins, field by field); --until overrides
the scenario's until.
${OVERDUE_HELP}
serve runs the HTTP API (OpenAPI at /openapi.json); --access is the token file (default $PASSEND_ACCESS or
config/access.json, see config/access.example.json); the access log goes to data/access.log.
${CODEC_HELP}
exit codes: 0 ok (simulate: the scenario ran; breaches are findings), 1 refused or failed (simulate: a
malformed scenario or region file), 2 bad command line`;

const CONNECTION_FLAGS = { address: { type: 'string' }, namespace: { type: 'string' } } as const;
const EVENT_FLAGS = {
  ...CONNECTION_FLAGS,
  actor: { type: 'string' },
  payload: { type: 'string' },
  at: { type: 'string' },
  key: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function eventFrom(
  type: string,
  values: Record<string, unknown>,
  payload: Record<string, unknown>,
): EventInput {
  const key = typeof values['key'] === 'string' ? values['key'] : randomUUID();
  return {
    type,
    payload,
    actor: parseActor(required(values, 'actor')),
    idempotencyKey: key,
    ...(typeof values['at'] === 'string' ? { occurredAt: values['at'] } : {}),
  };
}

async function runWorker(argv: readonly string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    ...CONNECTION_FLAGS,
    outbox: { type: 'string' },
    archive: { type: 'string' },
  });
  const address = temporalAddress(optional(values, 'address'));
  const everyMs = archiveIntervalMs();
  // Worker and archiving client share one codec: both must read what the other wrote.
  const codec = codecFromEnvironment();
  const dataConverter = dataConverterWith(codec);
  const connection = await NativeConnection.connect({ address });
  const outboxPath = resolve(
    optional(values, 'outbox') ?? process.env['PASSEND_OUTBOX'] ?? 'data/outbox.jsonl',
  );
  const worker = await createCaseWorker({
    connection,
    namespace: temporalNamespace(optional(values, 'namespace')),
    outboxPath,
    dataConverter,
  });
  const encryption = codec === undefined ? 'not encrypted' : `encrypted with key ${codec.keyId}`;
  process.stderr.write(
    `[passend] worker on ${address}, task queue ${worker.options.taskQueue}, outbox ${outboxPath}, payloads ${encryption}\n`,
  );
  // Closed cases go to the archive, so their histories outlive Temporal's retention (Jeugdwet 7.3.8).
  const { passend, close } = await connectClient(
    address,
    temporalNamespace(optional(values, 'namespace')),
    dataConverter,
  );
  const archive = archiveDir(optional(values, 'archive'));
  const say = (line: string) => process.stderr.write(`[passend] archive: ${line}\n`);
  const stopArchiving = await scheduleArchiving(passend.client, archive, everyMs, say);
  // The Temporal Runtime's default signal handling (SIGINT, SIGTERM) drains the worker; run() then returns.
  await worker.run();
  await stopArchiving();
  await close();
  await connection.close();
  return 0;
}

type CaseAction = (passend: PassendClient) => Promise<CaseView>;

function startAction(args: readonly string[], record: Record<string, unknown>): CaseAction {
  const [caseId = ''] = positionals(args, ['caseId']);
  const id = CaseIdSchema.safeParse(caseId);
  if (!id.success)
    throw new UsageError(`<caseId>: ${id.error.issues.map((issue) => issue.message).join('; ')}`);
  const payload = parseJsonObject('payload', record['payload'] as string | undefined);
  if (typeof record['regisseur'] === 'string') payload['regisseur'] = record['regisseur'];
  const start = {
    caseId,
    organisatie: required(record, 'organisatie'),
    regio: required(record, 'regio'),
    ...(typeof record['route'] === 'string' ? { routeId: record['route'] } : {}),
  };
  const event = eventFrom('signaal.gemeld', record, payload);
  return async (passend) => {
    const view = await passend.startCase(start, event);
    process.stderr.write(`[passend] started ${view.caseId} (idempotency key ${event.idempotencyKey})\n`);
    return view;
  };
}

function sendAction(args: readonly string[], record: Record<string, unknown>): CaseAction {
  const [caseId = '', type = ''] = positionals(args, ['caseId', 'event-type']);
  const event = eventFrom(type, record, parseJsonObject('payload', record['payload'] as string | undefined));
  return async (passend) => {
    const result = await passend.sendEvent(caseId, event);
    const outcome = result.duplicate ? 'already applied' : 'applied';
    process.stderr.write(`[passend] ${outcome} ${type} (idempotency key ${event.idempotencyKey})\n`);
    // The Update answers compactly (no journal); the case is shown whole, as `case show` shows it.
    return passend.getCase(caseId);
  };
}

const START_FLAGS = {
  ...EVENT_FLAGS,
  organisatie: { type: 'string' },
  regio: { type: 'string' },
  regisseur: { type: 'string' },
  route: { type: 'string' },
} as const;

async function runCase(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'start' && sub !== 'send' && sub !== 'show') {
    throw new UsageError(`unknown command "case ${sub ?? ''}": use start, send or show`);
  }
  // Everything on the command line is checked before connecting, so a typo never waits on the network.
  const { values, positionals: args } = parseFlags(rest, sub === 'start' ? START_FLAGS : EVENT_FLAGS);
  const record = values as Record<string, unknown>;
  let action: CaseAction;
  if (sub === 'start') action = startAction(args, record);
  else if (sub === 'send') action = sendAction(args, record);
  else {
    const [caseId = ''] = positionals(args, ['caseId']);
    action = (passend) => passend.getCase(caseId);
  }
  const address = temporalAddress(record['address'] as string | undefined);
  const { passend, close } = await connectClient(
    address,
    temporalNamespace(record['namespace'] as string | undefined),
  );
  try {
    const view = await action(passend);
    process.stdout.write(`${record['json'] === true ? JSON.stringify(view, null, 2) : formatCase(view)}\n`);
    return 0;
  } finally {
    await close();
  }
}

/** Runs the `passend` command line; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'worker') return await runWorker(rest);
    if (command === 'case') return await runCase(rest);
    if (command === 'overdue') return await runOverdue(rest);
    if (command === 'cases') return await runCases(rest);
    if (command === 'serve') return await (await import('../http/serve.js')).runServe(rest);
    if (command === 'codec') return await runCodec(rest);
    if (command === 'simulate') return await runSimulate(rest);
    if (command === 'kpi') return await runKpi(rest);
    if (command === 'audit') return await runAudit(rest);
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`passend: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof EventRejectedError) {
      process.stderr.write(`passend: ${formatRejection(error.rejection)}\n`);
      return 1;
    }
    if (error instanceof CaseNotFoundError || error instanceof CaseExistsError) {
      process.stderr.write(`passend: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`passend: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}
