// `passend audit …`: export a case, reconstruct it at a moment, verify exports (hash chain, Temporal history,
// replay against the workflow code), report on it for people, and archive closed cases beyond Temporal's
// retention. Every command that takes a case id also reads the archive when Temporal no longer has the case.
import { writeFileSync } from 'node:fs';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { AuditExport, CaseAt, ExportSource, ReplayCode, VerifyResult } from '../audit/index.js';
import {
  archiveClosedCases,
  archiveDir,
  AuditFileError,
  auditExportText,
  buildReport,
  caseAt,
  CaseUnavailableError,
  describeSource,
  isFileArgument,
  loadExport,
  local,
  openExport,
  parseMoment,
  renderHtml,
  renderText,
  verifyExports,
  withTemporal,
  writeAuditExport,
} from '../audit/index.js';
import { dataConverterFromEnvironment, EncryptionKeyError } from '../codec/index.js';
import { extraHostRoutes, installHostRoutes } from '../machines/host-routes.js';
import { caseWorkflowBundle, workflowsPath } from '../worker/index.js';
import { readRouteFiles, workflowsWithRoutes } from '../worker/route-files.js';
import { noArguments, optional, parseFlags, positionals } from './args.js';
import { temporalAddress, temporalNamespace } from './connection.js';
import { table } from './format.js';
import { UsageError } from './usage-error.js';

/**
 * `--routes DIR` on any audit command: the route files of that folder beside the shipped routes, so that a case
 * on a route (version) the host loaded at start is reconstructed, replayed and reported on the route it ran.
 * Loaded before anything is read; a folder that cannot be registered is refused with every problem by path.
 */
function withRoutesLoaded(argv: readonly string[]): string[] {
  const rest: string[] = [];
  let dir: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (arg === '--routes') {
      dir = argv[index + 1];
      if (dir === undefined || dir.startsWith('--'))
        throw new UsageError('--routes needs a folder of route files');
      index++;
    } else if (arg.startsWith('--routes=')) {
      dir = arg.slice('--routes='.length);
    } else {
      rest.push(arg);
    }
  }
  if (dir !== undefined) installHostRoutes(readRouteFiles(dir));
  return rest;
}

/** The usage lines of `passend audit`, for the command's help. */
export const AUDIT_USAGE = `  passend audit export <caseId> [--out FILE]
  passend audit at <caseId|FILE> <moment> [--json] [--routes DIR]
  passend audit verify <caseId|FILE>... [--json] [--chain-only] [--routes DIR]
  passend audit report <caseId|FILE> [--format text|html] [--out FILE] [--routes DIR]
  passend audit archive [--archive DIR] [--json]`;

const HELP = `passend audit: exports, reconstructions, verification and reports of cases

usage:
${AUDIT_USAGE}

A case id is read from Temporal (--address, $TEMPORAL_ADDRESS, default localhost:7233; --namespace) and,
when Temporal does not have it (any more), from the archive (--archive DIR, $PASSEND_ARCHIVE, default
data/archive/, or archive/ in $PASSEND_DATA). A FILE (ending in .json, or existing) is an audit export.
export     writes one JSON file: every run's Temporal history, the decoded journal, the norms, the chain head
at         the case at <moment> (ISO date-time with offset, or YYYY-MM-DD: the end of that day in Amsterdam),
           replayed from the journal through the pure core; works offline from a file
verify     per case: the journal's hash chain, the journal against the Temporal history, a replay of the
           history against this workflow code (--chain-only skips the replay), and that every payload of an
           encrypted case was sealed for it (none written without the key, none copied from another case)
report     a timeline for people: breaches and by how much, waits, regie, interim support, every fact [#n]
archive    exports every closed case not yet in the archive folder
Encrypted cases (PASSEND_ENCRYPTION_KEY with PASSEND_ENCRYPTION_KEY_ID, or PASSEND_ENCRYPTION_KEYRING): export
keeps the histories sealed as the server holds them and records their key ids; verify and report need those
keys, at reads only the journal and needs none. The file itself is not encrypted or signed; it holds
identifiers and codes only.
exit codes: 0 ok, 1 failed (verify: a check failed; a case found nowhere; a moment outside the case), 2 bad
command line`;

const SOURCE_FLAGS = {
  address: { type: 'string' },
  namespace: { type: 'string' },
  archive: { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;

function sourceOptions(values: Values) {
  return {
    address: temporalAddress(optional(values, 'address')),
    namespace: temporalNamespace(optional(values, 'namespace')),
    archiveDir: archiveDir(optional(values, 'archive')),
    dataConverter: dataConverterFromEnvironment(),
  };
}

/** The export with its sealed history payloads opened by the configured key (verify and report read them). */
function opened(exported: AuditExport, argument: string): Promise<AuditExport> {
  return openExport(exported, dataConverterFromEnvironment().payloadCodecs ?? [], argument);
}

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const note = (text: string) => process.stderr.write(`[passend] ${text}\n`);

async function load(
  argument: string,
  values: Values,
): Promise<{ exported: AuditExport; source: ExportSource }> {
  const loaded = await loadExport(argument, sourceOptions(values));
  if (loaded.note !== undefined) note(`${loaded.note}; reading the archive`);
  return loaded;
}

async function runExport(argv: readonly string[]): Promise<number> {
  const { values, positionals: args } = parseFlags(argv, { ...SOURCE_FLAGS, out: { type: 'string' } });
  const [caseId = ''] = positionals(args, ['caseId']);
  if (isFileArgument(caseId)) throw new UsageError(`audit export takes a case id, not a file: ${caseId}`);
  const { exported, source } = await load(caseId, values);
  const target = optional(values, 'out');
  const summary = `${exported.case.caseId} (${exported.case.runIds.length} run(s), ${exported.journal.length} journal entries, head ${exported.journalHead.slice(0, 12)}…) from ${describeSource(source)}`;
  if (target === undefined) {
    out(auditExportText(exported));
  } else {
    writeAuditExport(target, exported);
    note(`exported ${summary} to ${target}`);
  }
  return 0;
}

function formatAt(at: CaseAt, source: ExportSource): string {
  const plan = at.plan as { revisie: number; soort?: string; sporen?: string[] } | null;
  const lines = [
    `casus       ${at.caseId}  (route ${at.route.id} ${at.route.version}, ${at.organisatie}, regio ${at.regio})`,
    `moment      ${local(at.moment)} Amsterdam (${at.moment})`,
    `stage       ${at.stage}${at.closed ? ' (afgesloten)' : ''}  [${at.states.join(', ')}]`,
    `regisseur   ${at.regisseur}, since ${local(at.regisseurSince.occurredAt)} [#${at.regisseurSince.seq} ${at.regisseurSince.type}]`,
    `plan        ${plan === null ? '-' : `revisie ${plan.revisie}${plan.soort === undefined ? '' : `: ${plan.soort}, sporen ${(plan.sporen ?? []).join(', ')}`}`}`,
    `last event  [#${at.lastEvent.seq}] ${at.lastEvent.type} ${local(at.lastEvent.occurredAt)} by ${at.lastEvent.actor.role}:${at.lastEvent.actor.id}`,
    `replayed    ${at.eventsReplayed} of ${at.eventsTotal} events from ${describeSource(source)} (exported ${local(at.exportedAt)})`,
    '',
    table(
      ['deadline', 'status', 'started', 'due', 'met/lapsed', 'late'],
      at.deadlines.map((deadline) => [
        deadline.normId + (deadline.spoor === null ? '' : ` (${deadline.spoor})`),
        deadline.status,
        `${local(deadline.startedAt)}${deadline.startedBySeq === null ? '' : ` [#${deadline.startedBySeq}]`}`,
        local(deadline.dueAt),
        local(deadline.metAt ?? deadline.lapsedAt),
        deadline.daysLate === null ? '' : `${deadline.daysLate} d`,
      ]),
    ),
  ];
  if (at.deadlines.length === 0) lines.push('(no deadline had started)');
  if (at.recordedLater.length > 0) {
    lines.push(
      '',
      `note: ${at.recordedLater.length} of these events were registered after this moment (backdated): ${at.recordedLater.map((seq) => `#${seq}`).join(', ')}; this is how the facts stood, not what the engine knew then`,
    );
  }
  for (const entry of at.withdrawn)
    lines.push(
      '',
      `corrected: [#${entry.seq}] ${entry.type} was withdrawn by [#${entry.correctedBySeq}] on ${local(entry.correctedAt)} (${entry.reden}); this moment's case rests without it`,
    );
  if (!at.chain.ok) lines.push('', `WARNING: the journal's hash chain is broken (${at.chain.message})`);
  for (const finding of at.findings) lines.push(`replay differs at [#${finding.seq}]: ${finding.message}`);
  return lines.join('\n');
}

async function runAt(argv: readonly string[]): Promise<number> {
  const { values, positionals: args } = parseFlags(argv, { ...SOURCE_FLAGS, json: { type: 'boolean' } });
  const [argument = '', momentText = ''] = positionals(args, ['caseId|FILE', 'moment']);
  let moment: string;
  try {
    moment = parseMoment(momentText);
  } catch (error) {
    throw new UsageError(`<moment>: ${(error as Error).message}`);
  }
  const { exported, source } = await load(argument, values);
  const at = caseAt(exported, moment);
  out(values['json'] === true ? JSON.stringify({ source, ...at }, null, 2) : formatAt(at, source));
  return 0;
}

function installQuietRuntime(): DefaultLogger {
  const logger = new DefaultLogger('WARN');
  // The replay worker logs through the Temporal Runtime; keep it to warnings unless one is installed already.
  // A nondeterministic history is a finding that verify reports itself, so the core's own log of it is muted.
  if (Runtime._instance === undefined) {
    Runtime.install({ logger, telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  }
  return logger;
}

function formatVerify(result: VerifyResult, origin: string): string {
  const lines = [`${result.ok ? 'ok  ' : 'FAIL'}  ${result.caseId}  (${origin})`];
  const { chain, history, replay } = result;
  lines.push(
    chain.ok
      ? `      chain    ok: ${chain.entries} entries, head ${chain.head.slice(0, 16)}…`
      : `      chain    BROKEN: entry ${chain.break.seq} ${chain.break.kind}: ${chain.break.message}`,
  );
  lines.push(`      history  ${history.ok ? 'ok' : 'DIFFERS'}: ${history.message}`);
  lines.push(`      sealing  ${result.sealing.ok ? 'ok' : 'REFUSED'}: ${result.sealing.message}`);
  for (const finding of result.sealing.findings.slice(1))
    lines.push(
      `               run ${finding.runId}, event ${finding.eventId} (${finding.eventType}): ${finding.message}`,
    );
  if (replay === null) lines.push('      replay   skipped (--chain-only)');
  else if (replay.length === 0) lines.push('      replay   FAILED: the export holds no Temporal history');
  for (const run of replay ?? []) {
    lines.push(
      run.ok
        ? `      replay   ok: run ${run.runId} reproduced by this workflow code`
        : `      replay   FAILED: run ${run.runId}: ${run.error?.name}: ${run.error?.message}`,
    );
  }
  return lines.join('\n');
}

async function runVerify(argv: readonly string[]): Promise<number> {
  const { values, positionals: args } = parseFlags(argv, {
    ...SOURCE_FLAGS,
    json: { type: 'boolean' },
    'chain-only': { type: 'boolean' },
  });
  if (args.length === 0) throw new UsageError('expected <caseId|FILE>... (one or more), got none');
  const loaded: { argument: string; exported: AuditExport; asRead: AuditExport; source: ExportSource }[] = [];
  const unreadable: { argument: string; error: string }[] = [];
  for (const argument of args) {
    try {
      const { exported, source } = await load(argument, values);
      loaded.push({ argument, exported: await opened(exported, argument), asRead: exported, source });
    } catch (error) {
      // Problems of one argument (unreadable, found nowhere, its key missing) fail that one, not the run.
      const ofThisArgument =
        error instanceof AuditFileError ||
        error instanceof CaseUnavailableError ||
        error instanceof EncryptionKeyError;
      if (!ofThisArgument) throw error;
      unreadable.push({ argument, error: error.message });
    }
  }
  let code: ReplayCode | null = null;
  if (values['chain-only'] !== true && loaded.length > 0) {
    // The replay reads the opened histories: no codec (which would refuse their payloads as unsealed).
    // Replayed with the routes this command loaded (`--routes DIR`), as the worker that ran the case had them.
    const extra = extraHostRoutes();
    const path = extra.length === 0 ? workflowsPath() : workflowsWithRoutes(workflowsPath(), extra);
    code = { workflowBundle: await caseWorkflowBundle(installQuietRuntime(), path) };
  }
  const results = await verifyExports(
    loaded.map((item) => item.exported),
    code,
    loaded.map((item) => item.asRead),
  );
  if (values['json'] === true) {
    out(
      JSON.stringify(
        [
          ...results.map((result, index) => ({ source: loaded[index]?.source, ...result })),
          ...unreadable.map(({ argument, error }) => ({ argument, ok: false, error })),
        ],
        null,
        2,
      ),
    );
  } else {
    const blocks = results.map((result, index) =>
      formatVerify(result, describeSource((loaded[index] as { source: ExportSource }).source)),
    );
    for (const { argument, error } of unreadable) blocks.push(`FAIL  ${argument}\n      ${error}`);
    out(blocks.join('\n'));
  }
  return results.every((result) => result.ok) && unreadable.length === 0 ? 0 : 1;
}

async function runReport(argv: readonly string[]): Promise<number> {
  const { values, positionals: args } = parseFlags(argv, {
    ...SOURCE_FLAGS,
    format: { type: 'string' },
    out: { type: 'string' },
  });
  const [argument = ''] = positionals(args, ['caseId|FILE']);
  const format = optional(values, 'format') ?? 'text';
  if (format !== 'text' && format !== 'html')
    throw new UsageError(`--format must be text or html, not "${format}"`);
  const report = buildReport(await opened((await load(argument, values)).exported, argument));
  const text = format === 'html' ? renderHtml(report) : renderText(report);
  const target = optional(values, 'out');
  if (target === undefined) out(text);
  else {
    writeFileSync(target, text);
    note(`report of ${report.caseId} written to ${target}`);
  }
  return 0;
}

async function runArchive(argv: readonly string[]): Promise<number> {
  const { values, positionals: args } = parseFlags(argv, { ...SOURCE_FLAGS, json: { type: 'boolean' } });
  positionals(args, []);
  const options = sourceOptions(values);
  const outcome = await withTemporal(options, (client) => archiveClosedCases(client, options.archiveDir));
  if (values['json'] === true) out(JSON.stringify({ archive: options.archiveDir, ...outcome }, null, 2));
  else {
    const lines = [
      `archive ${options.archiveDir}: ${outcome.archived.length} case(s) archived, ${outcome.alreadyArchived.length} already there, ${outcome.failed.length} failed`,
      ...outcome.archived.map(({ caseId, path }) => `  archived  ${caseId} → ${path}`),
      ...outcome.failed.map(({ caseId, error }) => `  FAILED    ${caseId}: ${error}`),
    ];
    out(lines.join('\n'));
  }
  return outcome.failed.length === 0 ? 0 : 1;
}

/**
 * Runs `passend audit <sub> …`; returns the exit code. Problems that are findings (a failed verification, a
 * case found nowhere, a moment outside the case) are thrown to the command line's one error report (exit 1,
 * and with --json as JSON on stdout too); a bad command line throws a UsageError (exit 2).
 */
export async function runAudit(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = withRoutesLoaded(argv);
  if (sub === 'export') return await runExport(rest);
  if (sub === 'at') return await runAt(rest);
  if (sub === 'verify') return await runVerify(rest);
  if (sub === 'report') return await runReport(rest);
  if (sub === 'archive') return await runArchive(rest);
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    noArguments(`audit ${sub ?? ''}`.trim(), rest);
    out(HELP);
    return sub === undefined ? 2 : 0;
  }
  throw new UsageError(`unknown command "audit ${sub}": use export, at, verify, report or archive`);
}
