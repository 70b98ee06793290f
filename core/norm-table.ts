import type { Norm, NormTerm, WarningLead } from './norms.js';

const term = (value: NormTerm): string => `${value.amount} ${value.unit}`;
const lead = (value: WarningLead | null): string =>
  value === null
    ? '—'
    : 'fraction' in value
      ? `${Math.round(value.fraction * 100)}% of the term`
      : `${value.amount} ${value.unit}`;

function calendarOf(norm: Norm): string {
  const calendar =
    norm.calendar.kind === 'schoolweken' ? `schoolweken (${norm.calendar.regio})` : norm.calendar.kind;
  return norm.termijnenwet ? `${calendar}, termijnenwet` : calendar;
}

/** The norms as a Markdown table: term, from, to, calendar, warning, extension, suspension, source. */
export function normTable(norms: Iterable<Norm>): string {
  const rows = [...norms].map((norm) => {
    const extension =
      norm.extension === null ? '—' : `${norm.extension.maxTimes}× ${term(norm.extension.by)}`;
    const source = `${norm.source.citation}${norm.guideline ? ' (guideline)' : ''}`;
    return [
      `\`${norm.id}\``,
      term(norm.term),
      norm.startsOn.map((type) => `\`${type}\``).join(', '),
      norm.metBy.map((type) => `\`${type}\``).join(', '),
      calendarOf(norm),
      lead(norm.warning),
      extension,
      norm.suspendable ? 'yes' : 'no',
      norm.source.url === undefined ? source : `[${source}](${norm.source.url})`,
    ];
  });
  const header = ['norm', 'term', 'from', 'to', 'calendar', 'warning', 'extension', 'suspendable', 'source'];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
