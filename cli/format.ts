import type { CaseView, Deadline, JournalEntry, Rejection } from '../core/index.js';

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

function deadlineRow(deadline: Deadline): string[] {
  return [
    deadline.normId + (deadline.spoor === null ? '' : ` (${deadline.spoor})`),
    deadline.status,
    formatMoment(deadline.startedAt),
    formatMoment(deadline.dueAt),
    formatMoment(deadline.metAt ?? deadline.lapsedAt),
  ];
}

/** The moment a journal entry speaks of: an event's occurrence, a warning's warning moment, a breach's due moment. */
function entryMoment(entry: JournalEntry): string {
  if (entry.kind === 'gebeurtenis') return entry.occurredAt;
  return entry.kind === 'deadline.waarschuwing' ? entry.warnAt : entry.dueAt;
}

/** The journal as rows in time order (a warning at its warning moment); entries of one moment keep their order. */
function journalRows(journal: readonly JournalEntry[]): string[][] {
  const ordered = [...journal].sort((a, b) => {
    const [left, right] = [Date.parse(entryMoment(a)), Date.parse(entryMoment(b))];
    return left === right ? a.seq - b.seq : left - right;
  });
  return ordered.map((entry) =>
    entry.kind === 'gebeurtenis'
      ? [
          String(entry.seq),
          formatMoment(entry.occurredAt),
          entry.type,
          `${entry.actor.role}:${entry.actor.id}`,
          `${entry.stageBefore ?? '-'} → ${entry.stageAfter}`,
        ]
      : [
          String(entry.seq),
          formatMoment(entryMoment(entry)),
          `${entry.kind} ${entry.normId}`,
          'engine',
          entry.stage,
        ],
  );
}

/** A case for people: stage, regisseur, plan, deadlines and journal. */
export function formatCase(view: CaseView): string {
  const plan = view.plan as { revisie: number; soort: string; sporen: string[] } | null;
  const lines = [
    `casus      ${view.caseId}  (route ${view.route.id} ${view.route.version}, ${view.organisatie}, regio ${view.regio})`,
    `stage      ${view.stage}${view.closed ? ' (afgesloten)' : ''}  [${view.states.join(', ')}]`,
    `regisseur  ${view.regisseur}`,
    `plan       ${plan === null ? '-' : `revisie ${plan.revisie}: ${plan.soort}, sporen ${plan.sporen.join(', ')}`}`,
    `breaches   ${view.breaches}   next due ${formatMoment(view.nextDueAt)}`,
    '',
    table(['deadline', 'status', 'started', 'due', 'met/lapsed'], view.deadlines.map(deadlineRow)),
    '',
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
