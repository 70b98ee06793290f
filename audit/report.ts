// `passend audit report`: a case told for a complaints committee — what happened when, who acted in which
// role, which norms were breached and by how much, how long each wait lasted, what interim support was
// given — every fact citing the journal entry it rests on ([#n]). Plain text, or one standalone HTML page.
import type {
  BreachEntry,
  Deadline,
  DeadlineChanges,
  EscalationEntry,
  EventEntry,
  Instant,
  JournalEntry,
  RetractionEntry,
  WarningEntry,
} from '../core/index.js';
import {
  CORRECTION_EVENT,
  CORRECTION_EVENT_DOC,
  correctionsOf,
  DEADLINE_EVENT_DOCS,
  isCorrectionEntry,
  isCorrectionRetraction,
  routeKey,
} from '../core/index.js';
import { isMigrationEntry, MIGRATION_EVENT } from '../core/route-migration.js';
import { ROUTES } from '../machines/index.js';
import type { AuditExport } from './export.js';
import { calendarDays, local, localDay } from './moment.js';
import type { ReplayFinding } from './replay.js';
import { eventEntries, replayJournal } from './replay.js';
import type { HistoryCheck } from './verify.js';
import { checkAgainstHistory, checkChain } from './verify.js';

/** One line of the timeline: a journal entry told for people. */
export interface TimelineItem {
  readonly seq: number;
  /** When it happened: the event's occurredAt, a breach's due moment, a warning's moment. */
  readonly at: Instant;
  /** When the engine recorded it (recordedAt, or detectedAt for warnings and breaches). */
  readonly recordedAt: Instant;
  readonly what: string;
  readonly meaning: string;
  /** `role:id` as the event declares its actor, or `engine` for what the engine recorded itself. */
  readonly by: string;
  /** Who submitted the event, as the HTTP API authenticated the caller; null when the journal records none. */
  readonly submittedBy: string | null;
  readonly stage: string;
  readonly details: readonly string[];
}

export interface BreachFact {
  readonly deadlineId: string;
  readonly label: string;
  readonly normVersion: string;
  readonly title: string;
  /** A guideline (richtlijn) rather than a term set by law. */
  readonly guideline: boolean;
  readonly startedAt: Instant | null;
  readonly startSeq: number | null;
  readonly dueAt: Instant;
  readonly breachSeq: number;
  readonly detectedAt: Instant;
  readonly metAt: Instant | null;
  readonly metSeq: number | null;
  /** Calendar days from the due date to the day it was met, or to the report's moment while still open. */
  readonly daysLate: number;
  readonly open: boolean;
}

/** A breach the timer recorded and an event registered later disproved: the norm was met in time. */
export interface RetractionFact {
  readonly deadlineId: string;
  readonly label: string;
  readonly dueAt: Instant;
  readonly breachSeq: number;
  /** When the norm was met; absent when a correction withdrew the event the breach rested on and it is not met. */
  readonly metAt?: Instant;
  /** The late-registered event that showed it (or the correction that withdrew its ground), and the retraction. */
  readonly causedBySeq: number;
  /** Whether `causedBySeq` is a correction (`correctie`) rather than an event registered late. */
  readonly byCorrection: boolean;
  readonly seq: number;
  readonly retractedAt: Instant;
}

/** A step of escalation after a breach: to whom, when. */
export interface EscalationFact {
  readonly deadlineId: string;
  readonly label: string;
  readonly stap: number;
  readonly rol: string;
  readonly at: Instant;
  readonly seq: number;
}

export interface WaitFact {
  readonly deadlineId: string;
  readonly label: string;
  readonly title: string;
  readonly term: string;
  readonly startedAt: Instant;
  readonly startSeq: number | null;
  readonly dueAt: Instant;
  readonly endedAt: Instant | null;
  readonly endSeq: number | null;
  readonly status: string;
  readonly days: number;
}

export interface SpanFact {
  readonly name: string;
  readonly from: Instant;
  readonly fromSeq: number;
  readonly to: Instant | null;
  readonly toSeq: number | null;
  readonly days: number;
  readonly note: string | null;
}

export interface InterimFact {
  readonly spoor: string;
  readonly aanbieder: string;
  readonly maxContacten: number;
  readonly startedAt: Instant;
  readonly startSeq: number;
  readonly contacts: readonly { readonly at: Instant; readonly seq: number }[];
  readonly careStarted: { readonly at: Instant; readonly seq: number } | null;
}

/** Everything the report says, as data (what `--format json` would print; text and HTML render it). */
export interface AuditReport {
  readonly caseId: string;
  readonly route: { readonly id: string; readonly version: string };
  readonly organisatie: string;
  readonly regio: string;
  readonly closed: boolean;
  readonly status: string;
  readonly exportedAt: Instant;
  /** The moment open waits are counted to: the closing event of a closed case, else the export. */
  readonly asOf: Instant;
  readonly engine: { readonly name: string; readonly version: string };
  readonly entries: number;
  readonly journalHead: string;
  readonly chain: { readonly ok: boolean; readonly message: string };
  readonly history: HistoryCheck;
  readonly norms: readonly {
    readonly id: string;
    readonly version: string;
    readonly title: string;
    readonly term: string;
    readonly guideline: boolean;
    readonly source: string;
  }[];
  /** Breaches that stand; a retracted one is under `retractions`. */
  readonly breaches: readonly BreachFact[];
  readonly retractions: readonly RetractionFact[];
  readonly escalations: readonly EscalationFact[];
  readonly waits: readonly WaitFact[];
  readonly stages: readonly SpanFact[];
  readonly regie: readonly SpanFact[];
  readonly interim: readonly InterimFact[];
  readonly actors: readonly { readonly actor: string; readonly seqs: readonly number[] }[];
  /** Who submitted the events (`submittedBy`); `null` for the events whose entries record no submitter. */
  readonly submitters: readonly { readonly submitter: string | null; readonly seqs: readonly number[] }[];
  readonly timeline: readonly TimelineItem[];
  readonly findings: readonly ReplayFinding[];
}

/** `treeknorm-intake/gezin#3` → `treeknorm-intake (gezin)`. */
export function deadlineLabel(id: string): string {
  const [norm = id, spoor] = id.replace(/#\d+$/, '').split('/');
  return spoor === undefined ? norm : `${norm} (${spoor})`;
}

function payloadText(payload: unknown): string {
  if (payload === null || typeof payload !== 'object') return '';
  return Object.entries(payload as Record<string, unknown>)
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join('; ');
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
const days = (count: number) => plural(count, 'day', 'days');

/** Builds the report of an export. */
export function buildReport(exported: AuditExport): AuditReport {
  const { journal } = exported;
  const events = eventEntries(journal);
  const last = events.at(-1);
  const asOf = exported.case.closed && last !== undefined ? last.occurredAt : exported.exportedAt;
  const replay = replayJournal(exported, exported.exportedAt);
  const deadlines = new Map<string, Deadline>(
    replay.state.deadlines.map((deadline) => [replay.exportDeadlineId(deadline.id), deadline]),
  );
  const normById = new Map(exported.norms.map((norm) => [norm.id, norm]));
  const route = ROUTES.get(exported.start.routeId);
  const meaning = (type: string) =>
    type === MIGRATION_EVENT
      ? 'the case moved to another version of its route (passend route migrate)'
      : type === CORRECTION_EVENT
        ? CORRECTION_EVENT_DOC
        : (route?.eventDocs[type] ?? (DEADLINE_EVENT_DOCS as Record<string, string>)[type] ?? '');
  const changeEntry = (id: string, field: 'gestart' | 'gehaald' | 'vervallen') =>
    events.find((entry) => (entry.deadlines[field] as readonly string[]).includes(id));

  const chainCheck = checkChain(exported);
  const chain = chainCheck.ok
    ? { ok: true, message: `intact: ${chainCheck.entries} entries, head ${chainCheck.head}` }
    : {
        ok: false,
        message: `BROKEN at entry ${chainCheck.break.seq} (${chainCheck.break.kind}): ${chainCheck.break.message}`,
      };

  const corrections = correctionsOf(journal);
  const retractions: RetractionFact[] = journal
    .filter((entry): entry is RetractionEntry => entry.kind === 'deadline.ingetrokken')
    .map((entry) => ({
      deadlineId: entry.deadlineId,
      label: deadlineLabel(entry.deadlineId),
      dueAt: entry.dueAt,
      breachSeq: entry.breachSeq,
      ...(entry.metAt === undefined ? {} : { metAt: entry.metAt }),
      causedBySeq: entry.causedBySeq,
      byCorrection: isCorrectionRetraction(entry, corrections),
      seq: entry.seq,
      retractedAt: entry.detectedAt,
    }));
  const escalations: EscalationFact[] = journal
    .filter((entry): entry is EscalationEntry => entry.kind === 'deadline.opgeschaald')
    .map((entry) => ({
      deadlineId: entry.deadlineId,
      label: deadlineLabel(entry.deadlineId),
      stap: entry.stap,
      rol: entry.rol,
      at: entry.at,
      seq: entry.seq,
    }));
  const retracted = new Set(retractions.map((fact) => fact.breachSeq));
  const breaches: BreachFact[] = journal
    .filter((entry): entry is BreachEntry => entry.kind === 'deadline.overschreden')
    .filter((entry) => !retracted.has(entry.seq))
    .map((entry) => {
      const started = changeEntry(entry.deadlineId, 'gestart');
      const met = changeEntry(entry.deadlineId, 'gehaald');
      const norm = normById.get(entry.normId);
      return {
        deadlineId: entry.deadlineId,
        label: deadlineLabel(entry.deadlineId),
        normVersion: norm?.version ?? '?',
        title: norm?.title ?? '',
        guideline: norm?.guideline ?? false,
        startedAt: started?.occurredAt ?? null,
        startSeq: started?.seq ?? null,
        dueAt: entry.dueAt,
        breachSeq: entry.seq,
        detectedAt: entry.detectedAt,
        metAt: met?.occurredAt ?? null,
        metSeq: met?.seq ?? null,
        daysLate: calendarDays(entry.dueAt, met?.occurredAt ?? asOf),
        open: met === undefined,
      };
    });

  const waits: WaitFact[] = [...deadlines.entries()].map(([id, deadline]) => {
    const started = changeEntry(id, 'gestart');
    const ended = changeEntry(id, 'gehaald') ?? changeEntry(id, 'vervallen');
    const norm = normById.get(deadline.normId);
    return {
      deadlineId: id,
      label: deadlineLabel(id),
      title: deadline.title,
      term: norm === undefined ? '?' : `${norm.term.amount} ${norm.term.unit}`,
      startedAt: deadline.startedAt,
      startSeq: started?.seq ?? null,
      dueAt: deadline.dueAt,
      endedAt: ended?.occurredAt ?? null,
      endSeq: ended?.seq ?? null,
      status: deadline.status,
      days: calendarDays(deadline.startedAt, ended?.occurredAt ?? asOf),
    };
  });

  const stages: SpanFact[] = [];
  const regie: SpanFact[] = [];
  const close = (spans: SpanFact[], entry: EventEntry) => {
    const previous = spans.at(-1);
    if (previous !== undefined) {
      spans[spans.length - 1] = {
        ...previous,
        to: entry.occurredAt,
        toSeq: entry.seq,
        days: calendarDays(previous.from, entry.occurredAt),
      };
    }
  };
  for (const entry of events) {
    if (entry.stageAfter !== entry.stageBefore) {
      close(stages, entry);
      stages.push({
        name: entry.stageAfter,
        from: entry.occurredAt,
        fromSeq: entry.seq,
        to: null,
        toSeq: null,
        days: calendarDays(entry.occurredAt, asOf),
        note: null,
      });
    }
    if (regie.at(-1)?.name !== entry.regisseur) {
      close(regie, entry);
      const reden = (entry.payload as { reden?: unknown } | null)?.reden;
      regie.push({
        name: entry.regisseur,
        from: entry.occurredAt,
        fromSeq: entry.seq,
        to: null,
        toSeq: null,
        days: calendarDays(entry.occurredAt, asOf),
        note:
          entry.type === 'regie.overgedragen'
            ? `handed over by ${entry.actor.role}:${entry.actor.id}${typeof reden === 'string' ? `, reason ${reden}` : ''}`
            : `named at ${entry.type} by ${entry.actor.role}:${entry.actor.id}`,
      });
    }
  }

  const interim: InterimFact[] = [];
  for (const entry of events) {
    const payload = (entry.payload ?? {}) as { spoor?: string; aanbieder?: string; maxContacten?: number };
    if (entry.type === 'overbrugging.gestart' && payload.spoor !== undefined) {
      interim.push({
        spoor: payload.spoor,
        aanbieder: payload.aanbieder ?? '?',
        maxContacten: payload.maxContacten ?? 5,
        startedAt: entry.occurredAt,
        startSeq: entry.seq,
        contacts: [],
        careStarted: null,
      });
      continue;
    }
    const index = interim.findLastIndex((fact) => fact.spoor === payload.spoor);
    const current = interim[index];
    if (current === undefined) continue;
    if (entry.type === 'overbrugging.contact') {
      interim[index] = {
        ...current,
        contacts: [...current.contacts, { at: entry.occurredAt, seq: entry.seq }],
      };
    } else if (
      (entry.type === 'zorg.gestart' || entry.type === 'ondersteuning.gestart') &&
      current.careStarted === null
    ) {
      interim[index] = { ...current, careStarted: { at: entry.occurredAt, seq: entry.seq } };
    }
  }

  const actorSeqs = new Map<string, number[]>();
  const submitterSeqs = new Map<string | null, number[]>();
  for (const entry of events) {
    const key = `${entry.actor.role}:${entry.actor.id}`;
    actorSeqs.set(key, [...(actorSeqs.get(key) ?? []), entry.seq]);
    const submitter = entry.submittedBy ?? null;
    submitterSeqs.set(submitter, [...(submitterSeqs.get(submitter) ?? []), entry.seq]);
  }

  // A correction's changes are the recomputation's: a deadline it drops was withdrawn, not lapsed.
  const describeChanges = (changes: DeadlineChanges, correction = false): string[] => {
    const lines: string[] = [];
    for (const id of changes.gestart) {
      const deadline = deadlines.get(id);
      const due = deadline === undefined ? '' : `, due ${local(deadline.originalDueAt)}`;
      lines.push(`clock started: ${deadlineLabel(id)}${due}`);
    }
    for (const id of changes.gehaald) {
      const breach = breaches.find((fact) => fact.deadlineId === id);
      lines.push(
        breach === undefined
          ? `norm met: ${deadlineLabel(id)}`
          : `norm met late: ${deadlineLabel(id)}, ${days(breach.daysLate)} after its due date ${localDay(breach.dueAt)} [#${breach.breachSeq}]`,
      );
    }
    for (const id of changes.vervallen)
      lines.push(`${correction ? 'deadline withdrawn' : 'deadline lapsed'}: ${deadlineLabel(id)}`);
    for (const change of changes.verlengd)
      lines.push(`extended: ${deadlineLabel(change.id)} from ${local(change.from)} to ${local(change.to)}`);
    for (const id of changes.opgeschort) lines.push(`clock suspended: ${deadlineLabel(id)}`);
    for (const change of changes.hervat)
      lines.push(
        `clock resumed: ${deadlineLabel(change.id)}, due moves from ${local(change.from)} to ${local(change.to)}`,
      );
    return lines;
  };

  const timeline: TimelineItem[] = journal.map((entry: JournalEntry): TimelineItem => {
    if (entry.kind === 'gebeurtenis') {
      const details: string[] = [];
      // A migration's payload holds the norms it ran under before: the report names the versions and states.
      const text = isMigrationEntry(entry)
        ? `${routeKey(entry.payload.from)} to ${routeKey(entry.payload.to)}; states ${entry.payload.statesBefore.join(', ')} to ${entry.payload.statesAfter.join(', ')}`
        : payloadText(entry.payload);
      if (text !== '') details.push(text);
      if (entry.type === 'regie.overgedragen') {
        const previous = events.filter((other) => other.seq < entry.seq).at(-1);
        if (previous !== undefined) details.push(`regie from ${previous.regisseur} to ${entry.regisseur}`);
      }
      if (
        entry.planRevisie !== null &&
        events.find((other) => other.seq < entry.seq && other.planRevisie === entry.planRevisie) === undefined
      )
        details.push(`plan revision ${entry.planRevisie}`);
      details.push(...describeChanges(entry.deadlines, isCorrectionEntry(entry)));
      const correctedBy = corrections.get(entry.seq);
      if (correctedBy !== undefined)
        details.push(
          `corrected on ${local(correctedBy.recordedAt)} (${correctedBy.payload.reden}) [#${correctedBy.seq}]: the case no longer rests on it`,
        );
      if (calendarDays(entry.occurredAt, entry.recordedAt) > 0)
        details.push(`registered afterwards, on ${local(entry.recordedAt)}`);
      return {
        seq: entry.seq,
        at: entry.occurredAt,
        recordedAt: entry.recordedAt,
        what: entry.type,
        meaning: meaning(entry.type),
        by: `${entry.actor.role}:${entry.actor.id}`,
        submittedBy: entry.submittedBy ?? null,
        stage:
          entry.stageBefore === entry.stageAfter
            ? entry.stageAfter
            : `${entry.stageBefore ?? '-'} → ${entry.stageAfter}`,
        details,
      };
    }
    const norm = normById.get(entry.normId);
    if (entry.kind === 'deadline.opgeschaald') {
      return {
        seq: entry.seq,
        at: entry.at,
        recordedAt: entry.detectedAt,
        what: `escalated to ${entry.rol} (step ${entry.stap}): ${deadlineLabel(entry.deadlineId)}`,
        meaning: norm?.title ?? '',
        by: 'engine',
        submittedBy: null,
        stage: entry.stage,
        details: [`breached ${local(entry.dueAt)}; regisseur at the time: ${entry.regisseur}`],
      };
    }
    if (entry.kind === 'deadline.ingetrokken') {
      return {
        seq: entry.seq,
        at: entry.detectedAt,
        recordedAt: entry.detectedAt,
        what: `breach retracted: ${deadlineLabel(entry.deadlineId)} [#${entry.breachSeq}]`,
        meaning: norm?.title ?? '',
        by: 'engine',
        submittedBy: null,
        stage: entry.stage,
        details: [
          isCorrectionRetraction(entry, corrections)
            ? `${entry.metAt === undefined ? 'not met' : `met ${local(entry.metAt)}`}; the event it rested on was corrected [#${entry.causedBySeq}]`
            : `met ${local(entry.metAt)}, before its due moment ${local(entry.dueAt)}; registered late [#${entry.causedBySeq}]`,
        ],
      };
    }
    const late = calendarDays(entry.dueAt, entry.detectedAt);
    const noticed =
      late > 0
        ? `recorded ${local(entry.detectedAt)}, ${days(late)} later (the events were registered afterwards)`
        : `recorded ${local(entry.detectedAt)}`;
    if (entry.kind === 'deadline.overschreden') {
      return {
        seq: entry.seq,
        at: entry.dueAt,
        recordedAt: entry.detectedAt,
        what: `deadline breached: ${deadlineLabel(entry.deadlineId)}`,
        meaning: norm?.title ?? '',
        by: 'engine',
        submittedBy: null,
        stage: entry.stage,
        details: [`due ${local(entry.dueAt)}; ${noticed}`, `regisseur at the time: ${entry.regisseur}`],
      };
    }
    const warning = entry as WarningEntry;
    return {
      seq: warning.seq,
      at: warning.warnAt,
      recordedAt: warning.detectedAt,
      what: `deadline warning: ${deadlineLabel(warning.deadlineId)}`,
      meaning: norm?.title ?? '',
      by: 'engine',
      submittedBy: null,
      stage: warning.stage,
      details: [
        `due ${local(warning.dueAt)}; warned ${local(warning.detectedAt)}`,
        `regisseur at the time: ${warning.regisseur}`,
      ],
    };
  });

  return {
    caseId: exported.case.caseId,
    route: exported.case.route,
    organisatie: exported.case.organisatie,
    regio: exported.case.regio,
    closed: exported.case.closed,
    status: exported.case.status,
    exportedAt: exported.exportedAt,
    asOf,
    engine: exported.engine,
    entries: journal.length,
    journalHead: exported.journalHead,
    chain,
    history: checkAgainstHistory(exported),
    norms: exported.norms.map((norm) => ({
      id: norm.id,
      version: norm.version,
      title: norm.title,
      term: `${norm.term.amount} ${norm.term.unit}`,
      guideline: norm.guideline,
      source: norm.source.citation + (norm.source.url === undefined ? '' : ` (${norm.source.url})`),
    })),
    breaches,
    retractions,
    escalations,
    waits,
    stages,
    regie,
    interim,
    actors: [...actorSeqs.entries()].map(([actor, seqs]) => ({ actor, seqs })),
    submitters: [...submitterSeqs.entries()].map(([submitter, seqs]) => ({ submitter, seqs })),
    timeline,
    findings: replay.findings,
  };
}

const refs = (...seqs: (number | null)[]) =>
  seqs
    .filter((seq): seq is number => seq !== null)
    .map((seq) => `#${seq}`)
    .join(', ');

function retractionLine(fact: RetractionFact): string {
  const met = fact.metAt === undefined ? 'not met' : `met ${local(fact.metAt)}`;
  const cause = fact.byCorrection
    ? `the event it rested on was corrected [#${fact.causedBySeq}]`
    : `registered late [#${fact.causedBySeq}]`;
  return `${fact.label}: due ${local(fact.dueAt)}, breach [#${fact.breachSeq}] retracted ${local(fact.retractedAt)} [#${fact.seq}]: ${met}, ${cause}`;
}

function escalationLine(fact: EscalationFact): string {
  return `${fact.label}: step ${fact.stap} to ${fact.rol}, ${local(fact.at)} [#${fact.seq}]`;
}

function breachLine(fact: BreachFact, asOf: Instant): string {
  return fact.open
    ? `${fact.label}: due ${local(fact.dueAt)} [#${fact.breachSeq}], not met by ${localDay(asOf)}: ${days(fact.daysLate)} late and counting`
    : `${fact.label}: due ${local(fact.dueAt)} [#${fact.breachSeq}], met ${local(fact.metAt)} [#${fact.metSeq}]: ${days(fact.daysLate)} late`;
}

function waitEnd(fact: WaitFact, report: AuditReport): string {
  if (fact.endedAt !== null) return `${local(fact.endedAt)} [#${fact.endSeq}]`;
  return report.closed
    ? `not ended when the case closed`
    : `still waiting at the export (${localDay(report.asOf)})`;
}

function interimLine(fact: InterimFact): string {
  const contacts = fact.contacts.map((contact) => `${localDay(contact.at)} [#${contact.seq}]`).join(', ');
  const care =
    fact.careStarted === null
      ? 'care had not started'
      : `care started ${localDay(fact.careStarted.at)} [#${fact.careStarted.seq}]`;
  return `${fact.spoor}: ${fact.aanbieder} from ${localDay(fact.startedAt)} [#${fact.startSeq}], ${fact.contacts.length} of at most ${fact.maxContacten} contacts${contacts === '' ? '' : `: ${contacts}`}; ${care}`;
}

function spanLine(fact: SpanFact, report: AuditReport): string {
  const note = fact.note === null ? '' : ` (${fact.note})`;
  if (fact.to === null && report.closed && fact.from === report.asOf) {
    return `${fact.name}: since ${local(fact.from)} [#${fact.fromSeq}], when the case closed${note}`;
  }
  const until =
    fact.to === null
      ? report.closed
        ? `the case closed (${local(report.asOf)})`
        : `the export (${localDay(report.asOf)})`
      : `${local(fact.to)} [#${fact.toSeq}]`;
  return `${fact.name}: ${local(fact.from)} [#${fact.fromSeq}] until ${until}, ${days(fact.days)}${note}`;
}

/** `by swv:swv-cl-4, submitted by int-noord`: the declared actor, and who submitted it when the entry says. */
const byLine = (item: TimelineItem) =>
  `by ${item.by}${item.submittedBy === null ? '' : `, submitted by ${item.submittedBy}`}`;

/** A submitter as the report names it; entries without one say why there is none. */
const submitterName = (submitter: string | null) =>
  submitter ?? 'not recorded (sent around the HTTP API, or before submitters were journaled)';

const kindOf = (guideline: boolean) => (guideline ? 'a guideline, not a legal term' : 'a set term');

const NOTICE =
  'This report is not encrypted or signed. The hash chain shows an altered, removed, inserted or reordered ' +
  'entry; checked against the Temporal history (passend audit verify) it also shows a rewritten chain.';

/** The report as plain text. */
export function renderText(report: AuditReport): string {
  const lines: string[] = [];
  const section = (title: string) => lines.push('', title, '-'.repeat(title.length));
  lines.push(
    `Audit report: case ${report.caseId}`,
    `route ${report.route.id} ${report.route.version}, organisatie ${report.organisatie}, regio ${report.regio}; ${report.closed ? 'closed' : 'open'} (${report.status})`,
    `exported ${local(report.exportedAt)} by ${report.engine.name} ${report.engine.version}; ${report.entries} journal entries`,
    `journal hash chain: ${report.chain.message}`,
    `journal against the Temporal history: ${report.history.ok ? 'agrees' : 'DIFFERS'}: ${report.history.message}`,
    "Moments are on Amsterdam's wall clock; [#n] cites journal entry n; days are calendar days.",
  );
  if (!report.chain.ok || !report.history.ok)
    lines.push('WARNING: the journal was altered after it was recorded; the facts below may be false.');

  section('Norms breached');
  if (report.breaches.length === 0) lines.push('none');
  for (const fact of report.breaches)
    lines.push(
      `- ${breachLine(fact, report.asOf)}`,
      `  ${fact.title} (version ${fact.normVersion}; ${kindOf(fact.guideline)})`,
    );

  section('Breaches retracted (met in time but registered late, or resting on a corrected event)');
  if (report.retractions.length === 0) lines.push('none');
  for (const fact of report.retractions) lines.push(`- ${retractionLine(fact)}`);

  section('Escalation after a breach');
  if (report.escalations.length === 0) lines.push('none');
  for (const fact of report.escalations) lines.push(`- ${escalationLine(fact)}`);

  section('Waits (every deadline the case ran)');
  for (const fact of report.waits) {
    lines.push(
      `- ${fact.label} (${fact.term}): from ${local(fact.startedAt)} [${refs(fact.startSeq)}] until ${waitEnd(fact, report)}: ${days(fact.days)}; due ${local(fact.dueAt)}; ${fact.status}`,
    );
  }

  section('Interim support (overbrugging)');
  if (report.interim.length === 0) lines.push('none recorded');
  for (const fact of report.interim) lines.push(`- ${interimLine(fact)}`);

  section('Regie');
  for (const fact of report.regie) lines.push(`- ${spanLine(fact, report)}`);

  section('Stages');
  for (const fact of report.stages) lines.push(`- ${spanLine(fact, report)}`);

  section('Who acted, in which role');
  for (const { actor, seqs } of report.actors) lines.push(`- ${actor}: ${refs(...seqs)}`);

  section('Who submitted the events (the authenticated caller)');
  for (const { submitter, seqs } of report.submitters)
    lines.push(`- ${submitterName(submitter)}: ${refs(...seqs)}`);

  section('Timeline');
  for (const item of report.timeline) {
    lines.push(`#${item.seq}  ${local(item.at)}  ${item.what}  ${byLine(item)}  [${item.stage}]`);
    if (item.meaning !== '') lines.push(`      ${item.meaning}`);
    for (const detail of item.details) lines.push(`      ${detail}`);
  }

  section('Norms in force');
  for (const norm of report.norms)
    lines.push(
      `- ${norm.id} ${norm.version}: ${norm.title}; term ${norm.term} (${kindOf(norm.guideline)}); source ${norm.source}`,
    );

  section('Replay check');
  lines.push(
    report.findings.length === 0
      ? 'The current engine, replaying the journal, reproduces every recorded stage, regisseur, plan revision and deadline change.'
      : 'The current engine, replaying the journal, differs from what was recorded:',
  );
  for (const finding of report.findings) lines.push(`- [#${finding.seq}] ${finding.message}`);
  lines.push('', NOTICE);
  return `${lines.join('\n')}\n`;
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escape = (text: string) => text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);

/** `[#4]` references as in-page links to the timeline rows. */
function linked(text: string): string {
  return escape(text).replace(/#(\d+)/g, '<a href="#e$1">#$1</a>');
}

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #e4e4e4}
th{background:#f3f3f3}td.n{white-space:nowrap}.warn{background:#fde2e1;border:1px solid #c0392b;padding:.5rem 1rem}
.late{color:#a61b1b;font-weight:600}.meta{color:#555}.d{color:#444;font-size:.92em}:target{background:#fff7c2}
@media print{a{color:inherit;text-decoration:none}}`;

/** The report as one standalone HTML page: inline style, no scripts, no external assets. */
export function renderHtml(report: AuditReport): string {
  const list = (items: string[]) =>
    items.length === 0 ? '<p>none</p>' : `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
  const rows = report.timeline
    .map(
      (item) =>
        `<tr id="e${item.seq}"><td class="n">#${item.seq}</td><td class="n">${escape(local(item.at))}</td><td><b>${escape(item.what)}</b>${item.meaning === '' ? '' : `<div class="d">${escape(item.meaning)}</div>`}${item.details.map((detail) => `<div class="d">${linked(detail)}</div>`).join('')}</td><td>${escape(item.by)}</td><td>${escape(item.submittedBy ?? '')}</td><td>${escape(item.stage)}</td></tr>`,
    )
    .join('\n');
  const waits = report.waits
    .map(
      (fact) =>
        `<tr><td>${escape(fact.label)}</td><td>${escape(fact.term)}</td><td>${linked(`${local(fact.startedAt)} [${refs(fact.startSeq)}]`)}</td><td>${linked(waitEnd(fact, report))}</td><td>${fact.days}</td><td>${escape(local(fact.dueAt))}</td><td${fact.status.includes('overschr') ? ' class="late"' : ''}>${escape(fact.status)}</td></tr>`,
    )
    .join('\n');
  const warning =
    !report.chain.ok || !report.history.ok
      ? '<p class="warn"><b>Warning:</b> the journal was altered after it was recorded; the facts below may be false.</p>'
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Audit report: case ${escape(report.caseId)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Audit report: case ${escape(report.caseId)}</h1>
<p class="meta">route ${escape(`${report.route.id} ${report.route.version}`)}, organisatie ${escape(report.organisatie)}, regio ${escape(report.regio)}; ${report.closed ? 'closed' : 'open'} (${escape(report.status)})<br>
exported ${escape(local(report.exportedAt))} by ${escape(`${report.engine.name} ${report.engine.version}`)}; ${report.entries} journal entries<br>
journal hash chain: ${escape(report.chain.message)}<br>
journal against the Temporal history: ${report.history.ok ? 'agrees' : 'DIFFERS'}: ${escape(report.history.message)}<br>
Moments are on Amsterdam's wall clock; [#n] links to journal entry n; days are calendar days.</p>
${warning}
<h2>Norms breached</h2>
${list(report.breaches.map((fact) => `<span class="late">${linked(breachLine(fact, report.asOf))}</span><div class="d">${escape(fact.title)} (version ${escape(fact.normVersion)}; ${kindOf(fact.guideline)})</div>`))}
<h2>Breaches retracted (met in time but registered late, or resting on a corrected event)</h2>
${list(report.retractions.map((fact) => linked(retractionLine(fact))))}
<h2>Escalation after a breach</h2>
${list(report.escalations.map((fact) => linked(escalationLine(fact))))}
<h2>Waits (every deadline the case ran)</h2>
<table><thead><tr><th>deadline</th><th>term</th><th>from</th><th>until</th><th>days</th><th>due</th><th>status</th></tr></thead>
<tbody>
${waits}
</tbody></table>
<h2>Interim support (overbrugging)</h2>
${list(report.interim.map((fact) => linked(interimLine(fact))))}
<h2>Regie</h2>
${list(report.regie.map((fact) => linked(spanLine(fact, report))))}
<h2>Stages</h2>
${list(report.stages.map((fact) => linked(spanLine(fact, report))))}
<h2>Who acted, in which role</h2>
${list(report.actors.map(({ actor, seqs }) => `${escape(actor)}: ${linked(refs(...seqs))}`))}
<h2>Who submitted the events (the authenticated caller)</h2>
${list(report.submitters.map(({ submitter, seqs }) => `${escape(submitterName(submitter))}: ${linked(refs(...seqs))}`))}
<h2>Timeline</h2>
<table><thead><tr><th>#</th><th>when</th><th>what</th><th>by</th><th>submitted by</th><th>stage</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Norms in force</h2>
${list(
  report.norms.map((norm) =>
    escape(
      `${norm.id} ${norm.version}: ${norm.title}; term ${norm.term} (${kindOf(norm.guideline)}); source ${norm.source}`,
    ),
  ),
)}
<h2>Replay check</h2>
<p>${report.findings.length === 0 ? 'The current engine, replaying the journal, reproduces every recorded stage, regisseur, plan revision and deadline change.' : 'The current engine, replaying the journal, differs from what was recorded:'}</p>
${report.findings.length === 0 ? '' : list(report.findings.map((finding) => linked(`[#${finding.seq}] ${finding.message}`)))}
<p class="meta">${escape(NOTICE)}</p>
</body>
</html>
`;
}
