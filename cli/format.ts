import type {
  CaseView,
  CorrectionEntry,
  Deadline,
  EventEntry,
  JournalEntry,
  Norm,
  Rejection,
} from '../core/index.js';
import { correctionsOf, endsAtEndOfDay, isCorrectionEntry, isCorrectionRetraction } from '../core/index.js';

const amsterdam = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  dateStyle: 'short',
  timeStyle: 'short',
});

/** A moment as a Dutch reader expects it, on Amsterdam's clock. */
export function formatMoment(moment: string | null): string {
  return moment === null ? '-' : amsterdam.format(new Date(moment));
}

/** Rows as an aligned plain-text table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const amsterdamDay = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'short' });

/**
 * A due moment as its norm counts it: a term to the end of a day shows its last day (`t/m 29-12-2025`), since
 * its due moment, 00:00 on the day after, would read as a day too late.
 */
export function formatDue(dueAt: string, norm: Norm | undefined): string {
  if (norm === undefined || !endsAtEndOfDay(norm)) return formatMoment(dueAt);
  return `t/m ${amsterdamDay.format(new Date(Date.parse(dueAt) - 1))}`;
}

function deadlineRow(deadline: Deadline, norm: Norm | undefined): string[] {
  const status =
    deadline.ingetrokken === undefined
      ? deadline.status
      : `${deadline.status} (laat geregistreerd; overschrijding ingetrokken ${formatMoment(deadline.ingetrokken.at)})`;
  return [
    deadline.normId + (deadline.spoor === null ? '' : ` (${deadline.spoor})`),
    status,
    formatMoment(deadline.startedAt),
    formatDue(deadline.dueAt, norm),
    formatMoment(deadline.metAt ?? deadline.lapsedAt),
  ];
}

/** The steps of escalation of breached deadlines, each sent or planned, in time order. */
function escalationRows(deadlines: readonly Deadline[]): string[][] {
  return deadlines.flatMap((deadline) =>
    (deadline.opschaling ?? []).map((step) => [
      deadline.id,
      String(step.stap),
      step.rol,
      formatMoment(step.at),
      step.sentAt !== null
        ? 'verstuurd'
        : deadline.status === 'overschreden'
          ? 'gepland'
          : 'gestopt (norm gehaald)',
    ]),
  );
}

/** The moment a journal entry speaks of: an event's occurrence, a warning's warning moment, a breach's due moment. */
function entryMoment(entry: JournalEntry): string {
  if (entry.kind === 'gebeurtenis') return entry.occurredAt;
  if (entry.kind === 'deadline.opgeschaald') return entry.at;
  if (entry.kind === 'deadline.ingetrokken') return entry.detectedAt;
  return entry.kind === 'deadline.waarschuwing' ? entry.warnAt : entry.dueAt;
}

/** What an escalation or a retraction adds to its journal line. */
function entryDetail(entry: JournalEntry, corrections: ReadonlyMap<number, CorrectionEntry>): string {
  if (entry.kind === 'deadline.opgeschaald') return ` → ${entry.rol} (stap ${entry.stap})`;
  if (entry.kind === 'deadline.ingetrokken' && isCorrectionRetraction(entry, corrections)) {
    const met = entry.metAt === undefined ? '' : `gehaald ${formatMoment(entry.metAt)}, `;
    return ` (${met}na correctie #${entry.causedBySeq}; trekt #${entry.breachSeq} in)`;
  }
  if (entry.kind === 'deadline.ingetrokken')
    return ` (gehaald ${formatMoment(entry.metAt ?? null)}, laat geregistreerd in #${entry.causedBySeq}; trekt #${entry.breachSeq} in)`;
  return '';
}

/** An event's type in the journal, with what a correction says of it: the entry it corrects, or its corrector. */
function eventLabel(entry: EventEntry, corrections: ReadonlyMap<number, CorrectionEntry>): string {
  if (isCorrectionEntry(entry)) return `${entry.type} van #${entry.payload.seq} (${entry.payload.reden})`;
  const correction = corrections.get(entry.seq);
  return correction === undefined
    ? entry.type
    : `${entry.type} [gecorrigeerd door #${correction.seq}: ${correction.payload.reden}]`;
}

/** The journal as rows in time order (a warning at its warning moment); entries of one moment keep their order. */
function journalRows(journal: readonly JournalEntry[]): string[][] {
  const corrections = correctionsOf(journal);
  const ordered = [...journal].sort((a, b) => {
    const [left, right] = [Date.parse(entryMoment(a)), Date.parse(entryMoment(b))];
    return left === right ? a.seq - b.seq : left - right;
  });
  return ordered.map((entry) =>
    entry.kind === 'gebeurtenis'
      ? [
          String(entry.seq),
          formatMoment(entry.occurredAt),
          eventLabel(entry, corrections),
          `${entry.actor.role}:${entry.actor.id}`,
          `${entry.stageBefore ?? '-'} → ${entry.stageAfter}`,
        ]
      : [
          String(entry.seq),
          formatMoment(entryMoment(entry)),
          `${entry.kind} ${entry.normId}${entryDetail(entry, corrections)}`,
          'engine',
          entry.stage,
        ],
  );
}

/** A case for people: stage, regisseur, plan, deadlines and journal. */
export function formatCase(view: CaseView): string {
  const plan = view.plan as { revisie: number; soort: string; sporen: string[] } | null;
  const escalations = escalationRows(view.deadlines);
  const lines = [
    `casus      ${view.caseId}  (route ${view.route.id} ${view.route.version}, ${view.organisatie}, regio ${view.regio})`,
    `stage      ${view.stage}${view.closed ? ' (afgesloten)' : ''}  [${view.states.join(', ')}]`,
    `regisseur  ${view.regisseur}`,
    `plan       ${plan === null ? '-' : `revisie ${plan.revisie}: ${plan.soort}, sporen ${plan.sporen.join(', ')}`}`,
    `breaches   ${view.breaches}   next due ${formatMoment(view.nextDueAt)}`,
    '',
    table(
      ['deadline', 'status', 'started', 'due', 'met/lapsed'],
      view.deadlines.map((deadline) =>
        deadlineRow(
          deadline,
          view.normDefinitions.find((norm) => norm.id === deadline.normId),
        ),
      ),
    ),
    '',
    ...(escalations.length === 0
      ? []
      : [table(['opschaling', 'stap', 'rol', 'moment', 'status'], escalations), '']),
    table(['#', 'moment', 'entry', 'by', 'stage'], journalRows(view.journal)),
  ];
  return lines.join('\n');
}

/** A refusal for people: the reason and each field at fault. */
export function formatRejection(rejection: Rejection): string {
  const lines = [
    `refused (${rejection.code}${rejection.stage === null ? '' : `, in stage ${rejection.stage}`}): ${rejection.message}`,
  ];
  for (const issue of rejection.issues) lines.push(`  ${issue.path}: ${issue.message}`);
  return lines.join('\n');
}
