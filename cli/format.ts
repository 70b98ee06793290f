import type { CaseView, Deadline, Rejection } from '../core/index.js';

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
    table(
      ['#', 'moment', 'entry', 'by', 'stage'],
      view.journal.map((entry) =>
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
              formatMoment(entry.dueAt),
              `${entry.kind} ${entry.normId}`,
              'engine',
              entry.stage,
            ],
      ),
    ),
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
