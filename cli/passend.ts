import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { PassendClient } from '../client/index.js';
import type { CaseView, EventInput } from '../core/index.js';
import {
  CaseIdSchema,
  EventInputSchema,
  EventRejectedError,
  IdentifierSchema,
  checkEventWithoutCase,
  checkNewCase,
  openCase,
} from '../core/index.js';
import type { RouteDefinition } from '../core/index.js';
import { DEFAULT_ROUTE_ID, ROUTES } from '../machines/index.js';
import {
  checkedArgument,
  instantFlag,
  noArguments,
  optional,
  parseActor,
  parseFlags,
  parseJsonObject,
  positionals,
  required,
  requiredIdentifier,
} from './args.js';
import { formatCase } from './format.js';
import { reportFailure, UnknownCommandError } from './failure.js';
import { asksForHelp, commandHelp, commandPathOf, commandsOf } from './help.js';
import { UsageError } from './usage-error.js';

// The commands' modules are imported when a command runs: Temporal's packages take most of a second to load, which
// `passend --help`, `simulate` and a refused command line should not wait for.

/** The usage text, with the help of the commands that keep theirs in their own modules. */
async function usage(): Promise<string> {
  const { OVERDUE_HELP, OVERDUE_USAGE } = await import('./overdue.js');
  const { CODEC_HELP, CODEC_USAGE } = await import('./codec.js');
  const { DOCTOR_HELP, DOCTOR_USAGE } = await import('./doctor.js');
  return `passend: routes for passend onderwijs and jeugdhulp on Temporal

usage:
  passend worker [--outbox FILE] [--archive DIR] [--routes DIR]
  passend case start <caseId> --organisatie O --regio R --actor ROLE:ID --regisseur ID
                     [--route toeleiding] [--kind-referentie REF] [--payload JSON] [--at ISO] [--key KEY] [--json]
  passend case send <caseId> <event-type> --actor ROLE:ID [--payload JSON] [--at ISO] [--key KEY] [--json]
  passend case show <caseId> [--json]
${DOCTOR_USAGE}
${OVERDUE_USAGE}
  passend serve [--port 8080] [--host 127.0.0.1] [--access FILE] [--access-log FILE] [--outbox FILE]
${CODEC_USAGE}
  passend route list [--routes DIR] [--json]                     (the routes this host runs, id@version)
  passend route show <routeId[@version]> [--routes DIR] [--json]  (a route: its events, norms and sources)
  passend route validate <route.json>... [--json]                (checks route files as a worker loads them)
  passend route diagram <routeId[@version]> [--format mermaid|svg]   (the route's statechart, from its machine)
  passend route migrate (--case ID | --from ID@VERSION) --to ID@VERSION --actor role:id [--dry-run] [--json]
                                                                 (moves running cases to a new route version)
  passend simulate <scenario.json> [--json] [--temporal] [--regio-config FILE] [--until ISO] [--routes DIR]
  passend kpi --from DATE --to DATE [--organisatie O] [--regio R] [--format table|json|csv|html] [--out FILE]
  passend audit export <caseId> [--out FILE]
  passend audit at <caseId|FILE> <moment> [--json] [--routes DIR]
  passend audit verify <caseId|FILE>... [--json] [--chain-only] [--routes DIR]
  passend audit report <caseId|FILE> [--format text|html] [--out FILE] [--routes DIR]
  passend audit archive [--archive DIR] [--json]      (passend audit help: what each does)
  passend inspect <caseId> | --export FILE [--url ws://HOST:PORT] [--token-file FILE] [--no-follow] [--json]
                                                      (journal as inspector events, then new ones)

common flags: --address HOST:PORT (default $TEMPORAL_ADDRESS or localhost:7233), --namespace NS
one command's usage and what it does: passend <command> --help (or -h; passend help <command>); with --json, a
refusal or an error is printed as JSON on stdout too; --organisation, --region are accepted for --organisatie, --regio
payload encryption: $PASSEND_ENCRYPTION_KEY (base64, 32 bytes) with $PASSEND_ENCRYPTION_KEY_ID, or
$PASSEND_ENCRYPTION_KEYRING (a keyring file); the same for the worker and every command (docs/encryption.md)
notifications: passend worker also POSTs them to the webhooks of $PASSEND_WEBHOOKS (a JSON file; docs/webhooks.md)
--at backdates an event (ISO 8601 with offset); --key is the idempotency key (default: a new UUID, printed).
case start sends the route's first event (--route toeleiding, the default: signaal.gemeld; zorgplicht:
aanmelding.ontvangen, which also needs --payload '{"school":"ID"}').
kpi --from/--to: a date YYYY-MM-DD (--from: the start of that day in Amsterdam, --to: its end) or an ISO
8601 date-time with offset.
simulate runs a scenario file (schemas/scenario.schema.json) through the pure core on its exact dates and
prints the report: stages, deadlines, rejected events, final state. --temporal runs it on the time-skipping
server instead, shifted so that its first event happens at the server's now. --regio-config applies a
region's norm overrides beneath the scenario's own (the scenario wins, field by field); --until overrides
the scenario's until.
${OVERDUE_HELP}
${DOCTOR_HELP}
serve runs the HTTP API (OpenAPI at /openapi.json); --access is the token file (default $PASSEND_ACCESS or
config/access.json, see config/access.example.json), read again when it changes; the access log goes to
data/access.log; with --outbox FILE (or $PASSEND_OUTBOX) the dashboard shows the webhook notifications the
worker of that outbox gave up on.
${CODEC_HELP}
exit codes: 0 ok (simulate: the scenario ran; breaches are findings), 1 refused or failed (simulate: a
malformed scenario or region file), 2 bad command line`;
}

const CONNECTION_FLAGS = { address: { type: 'string' }, namespace: { type: 'string' } } as const;
/** `case show` reads: it takes the connection flags and --json, nothing an event would need. */
const SHOW_FLAGS = { ...CONNECTION_FLAGS, json: { type: 'boolean' } } as const;
const EVENT_FLAGS = {
  ...SHOW_FLAGS,
  actor: { type: 'string' },
  payload: { type: 'string' },
  at: { type: 'string' },
  key: { type: 'string' },
} as const;

/** `--key`: the idempotency key as the core's event envelope bounds it (1-128 characters); default a new UUID. */
function keyFlag(values: Record<string, unknown>): string {
  const key = values['key'];
  if (typeof key !== 'string') return randomUUID();
  if (!EventInputSchema.shape.idempotencyKey.safeParse(key).success)
    throw new UsageError(`--key must be 1-128 characters (got ${JSON.stringify(key)})`);
  return key;
}

/** The event of `case start`/`case send`; every flag is checked here, before anything connects. */
function eventFrom(
  type: string,
  values: Record<string, unknown>,
  payload: Record<string, unknown>,
): EventInput {
  const actor = parseActor(required(values, 'actor'));
  const at = instantFlag(values, 'at');
  return {
    type,
    payload,
    actor,
    idempotencyKey: keyFlag(values),
    ...(at === undefined ? {} : { occurredAt: at }),
  };
}

async function runWorker(argv: readonly string[]): Promise<number> {
  const { values, positionals: args } = parseFlags(argv, {
    ...CONNECTION_FLAGS,
    outbox: { type: 'string' },
    archive: { type: 'string' },
    routes: { type: 'string' },
  });
  noArguments('worker', args);
  // Route files that cannot run stop the worker before it connects, naming every problem.
  const routesDir = optional(values, 'routes');
  const { readRouteFiles } = await import('../worker/route-files.js');
  const routes = routesDir === undefined ? [] : readRouteFiles(routesDir);
  (await import('../machines/host-routes.js')).installHostRoutes(routes);
  const { NativeConnection } = await import('@temporalio/worker');
  const { archiveDir, archiveIntervalMs, scheduleArchiving } = await import('../audit/index.js');
  const { codecFromEnvironment, dataConverterWith } = await import('../codec/index.js');
  const { createCaseWorker, webhooksFromEnvironment } = await import('../worker/index.js');
  const { connectClient, temporalAddress, temporalNamespace } = await import('./connection.js');
  const address = temporalAddress(optional(values, 'address'));
  const namespace = temporalNamespace(optional(values, 'namespace'));
  const everyMs = archiveIntervalMs();
  // A bad subscription file stops the worker before it connects, naming every field at fault.
  const webhooks = webhooksFromEnvironment();
  // Worker and archiving client share one codec: both must read what the other wrote.
  const codec = codecFromEnvironment();
  const dataConverter = dataConverterWith(codec);
  const connection = await NativeConnection.connect({ address });
  const outboxPath = resolve(
    optional(values, 'outbox') ?? process.env['PASSEND_OUTBOX'] ?? 'data/outbox.jsonl',
  );
  const worker = await createCaseWorker({
    connection,
    namespace,
    outboxPath,
    dataConverter,
    routes,
    ...(webhooks === undefined ? {} : { webhooks }),
  });
  const encryption = codec === undefined ? 'not encrypted' : `encrypted with key ${codec.keyId}`;
  process.stderr.write(
    `[passend] worker on ${address}, task queue ${worker.options.taskQueue}, outbox ${outboxPath}, payloads ${encryption}, webhooks ${webhooks?.subscriptions.length ?? 0}\n`,
  );
  // Closed cases go to the archive, so their histories outlive Temporal's retention (Jeugdwet 7.3.8).
  const { passend, close } = await connectClient(address, namespace, dataConverter);
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

/** `--route`: one the engine hosts (default toeleiding), since a case on an unknown route can never start. */
function routeFlag(values: Record<string, unknown>): RouteDefinition {
  const id = typeof values['route'] === 'string' ? values['route'] : DEFAULT_ROUTE_ID;
  const route = ROUTES.get(id);
  if (route === undefined)
    throw new UsageError(
      `--route must be one of ${[...ROUTES.keys()].join(', ')} (got ${JSON.stringify(id)})`,
    );
  return route;
}

/**
 * The start event's payload: --payload with the regisseur of --regisseur. A different regisseur in --payload
 * would otherwise be overwritten without a word, so it is refused.
 */
function startPayload(values: Record<string, unknown>): Record<string, unknown> {
  const payload = parseJsonObject('payload', values['payload'] as string | undefined);
  const regisseur = requiredIdentifier(values, 'regisseur');
  if ('regisseur' in payload && payload['regisseur'] !== regisseur) {
    throw new UsageError(
      `--payload names regisseur ${JSON.stringify(payload['regisseur'])} but --regisseur is "${regisseur}": give it once, with --regisseur`,
    );
  }
  return { ...payload, regisseur };
}

function startAction(args: readonly string[], record: Record<string, unknown>): CaseAction {
  const [caseId = ''] = positionals(args, ['caseId']);
  checkedArgument('caseId', caseId, CaseIdSchema);
  const route = routeFlag(record);
  const start = {
    caseId,
    organisatie: requiredIdentifier(record, 'organisatie'),
    regio: requiredIdentifier(record, 'regio'),
    routeId: route.id,
    // The child's pseudonym (one child, one plan): checked by the core as the case start's `kindReferentie`.
    ...(typeof record['kind-referentie'] === 'string' ? { kindReferentie: record['kind-referentie'] } : {}),
  };
  const event = eventFrom(route.startEvent, record, startPayload(record));
  // An organisation, region, actor or regisseur that holds a BSN is refused here, before connecting, as the
  // client would refuse it after.
  const pseudonymous = checkNewCase(start, [event]);
  if (pseudonymous !== undefined) throw new EventRejectedError(pseudonymous);
  // The client opens the case in the pure core before it asks the server; doing so here too means a start the
  // core refuses (a payload the route does not take, an --at in the future) is refused without waiting on the
  // network. Still a refusal, exit 1, as it would be from the server.
  const dryRun = openCase(start, event, Date.now());
  if (!dryRun.ok) throw new EventRejectedError(dryRun.rejection);
  return async (passend) => {
    const view = await passend.startCase(start, event);
    process.stderr.write(`[passend] started ${view.caseId} (idempotency key ${event.idempotencyKey})\n`);
    return view;
  };
}

function sendAction(args: readonly string[], record: Record<string, unknown>): CaseAction {
  const [caseId = '', type = ''] = positionals(args, ['caseId', 'event-type']);
  // Sending and reading take any identifier: a case started before the reserved-id rule stays usable.
  checkedArgument('caseId', caseId, IdentifierSchema);
  if (type === '') throw new UsageError('<event-type>: must not be empty');
  const event = eventFrom(type, record, parseJsonObject('payload', record['payload'] as string | undefined));
  // What can be checked without the case (a type no route knows, a payload no route takes for it, an --at in the
  // future) is refused before connecting, as the server would refuse it: exit 1. Route and stage need the case.
  const refused = checkEventWithoutCase(event, Date.now());
  if (refused !== undefined) throw new EventRejectedError(refused);
  return async (passend) => {
    const result = await passend.sendEvent(caseId, event);
    const outcome = result.duplicate ? 'already applied' : 'applied';
    process.stderr.write(`[passend] ${outcome} ${type} (idempotency key ${event.idempotencyKey})\n`);
    // The Update answers compactly (no journal); the case is shown whole, as `case show` shows it.
    return passend.getCase(caseId);
  };
}

function showAction(args: readonly string[]): CaseAction {
  const [caseId = ''] = positionals(args, ['caseId']);
  checkedArgument('caseId', caseId, IdentifierSchema);
  return (passend) => passend.getCase(caseId);
}

const START_FLAGS = {
  ...EVENT_FLAGS,
  organisatie: { type: 'string' },
  regio: { type: 'string' },
  regisseur: { type: 'string' },
  route: { type: 'string' },
  'kind-referentie': { type: 'string' },
} as const;

/** The flags of each `case` command: each takes only its own, so a flag that would do nothing is refused. */
const CASE_COMMANDS = {
  start: { flags: START_FLAGS, action: startAction },
  send: { flags: EVENT_FLAGS, action: sendAction },
  show: { flags: SHOW_FLAGS, action: showAction },
} as const;

async function runCase(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'repair') return (await import('./doctor.js')).runRepair(rest);
  if (sub !== 'start' && sub !== 'send' && sub !== 'show') {
    throw new UsageError(
      sub === undefined
        ? 'case needs a command: start, send, show or repair'
        : `unknown command "case ${sub}": use start, send, show or repair`,
    );
  }
  // Everything on the command line is checked before connecting, so a typo never waits on the network.
  const command = CASE_COMMANDS[sub];
  const { values, positionals: args } = parseFlags(rest, command.flags);
  const record = values as Record<string, unknown>;
  const action = command.action(args, record);
  const { connectClient, temporalAddress, temporalNamespace } = await import('./connection.js');
  const address = temporalAddress(optional(values, 'address'));
  const { passend, close } = await connectClient(address, temporalNamespace(optional(values, 'namespace')));
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
    // `--help`/`-h` on any command (and `passend help <command>`) answers before the command parses anything.
    const help = await helpFor(argv);
    if (help !== undefined) {
      process.stdout.write(`${help}\n`);
      return 0;
    }
    if (command === 'worker') return await runWorker(rest);
    if (command === 'case') return await runCase(rest);
    if (command === 'overdue') return await (await import('./overdue.js')).runOverdue(rest);
    if (command === 'cases') return await (await import('./overdue.js')).runCases(rest);
    if (command === 'doctor') return await (await import('./doctor.js')).runDoctor(rest);
    if (command === 'serve') return await (await import('../http/serve.js')).runServe(rest);
    if (command === 'codec') return await (await import('./codec.js')).runCodec(rest);
    if (command === 'simulate') return await (await import('./simulate.js')).runSimulate(rest);
    if (command === 'route') return await (await import('./route.js')).runRoute(rest);
    if (command === 'kpi') return await (await import('./kpi.js')).runKpi(rest);
    if (command === 'audit') return await (await import('./audit.js')).runAudit(rest);
    if (command === 'inspect') return await (await import('./inspect.js')).runInspect(rest);
    if (command === undefined) {
      process.stdout.write(`${await usage()}\n`);
      return 2;
    }
    throw new UnknownCommandError(command);
  } catch (error) {
    return reportFailure(error, argv, usage);
  }
}

/**
 * The help `argv` asks for: the whole usage for `passend --help` or `passend help`, one command's for
 * `passend case show --help` or `passend help case show`; `undefined` when it asks for none.
 */
async function helpFor(argv: readonly string[]): Promise<string | undefined> {
  const asked = argv[0] === 'help' ? argv.slice(1) : asksForHelp(argv) ? argv : undefined;
  if (asked === undefined) return undefined;
  const words = asked.filter((arg) => arg !== '--help' && arg !== '-h');
  if (words.length === 0 || words[0]?.startsWith('-') === true) return usage();
  const commands = commandsOf(await usage());
  const path = commandPathOf(words, commands);
  if (path === undefined) throw new UnknownCommandError(words[0] ?? '');
  return commandHelp(path, commands);
}
