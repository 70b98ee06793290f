import { writeFileSync } from 'node:fs';
import type { PassendClient } from '../client/index.js';
import { fromLocal } from '../core/calendar.js';
import { parseLocalDate } from '../core/calendars/local-date.js';
import type { CaseView, Instant, KpiReport } from '../core/index.js';
import { IdentifierSchema, InstantSchema, kpiReport, TIME_ZONE, toInstant } from '../core/index.js';
import { checkedFlag, noArguments, optional, parseFlags } from './args.js';
import { connectClient, temporalAddress, temporalNamespace } from './connection.js';
import { kpiCsv, kpiHtml, kpiTable } from './kpi-format.js';
import { UsageError } from './usage-error.js';

const FORMATS = ['table', 'json', 'csv', 'html'] as const;

const MOMENT_FORMS =
  `a date (YYYY-MM-DD, a day in ${TIME_ZONE}) or an ISO 8601 date-time with an offset, ` +
  'such as 2013-03-01T09:00:00+01:00';

/** The instant Amsterdam's day `date` + `days` begins: 23:00 UTC the day before in winter, 22:00 in summer. */
function amsterdamMidnight(date: { year: number; month: number; day: number }, days: number): number {
  return fromLocal({ ...date, day: date.day + days, hour: 0, minute: 0, second: 0, millisecond: 0 });
}

/**
 * A date as the instant it stands for: its first millisecond in Amsterdam, or with `endOfDay` its last (the
 * report's period includes both ends, so `--to 2013-12-31` counts everything on 31 December). Throws a
 * UsageError naming the flag for anything but a real `YYYY-MM-DD` date: `2013-02-30` is a typo, not 2 March.
 */
function dateMoment(flag: string, value: string, endOfDay: boolean): Instant {
  let date;
  try {
    date = parseLocalDate(value);
  } catch {
    throw new UsageError(`--${flag} is not a calendar date (got ${JSON.stringify(value)})`);
  }
  return toInstant(endOfDay ? amsterdamMidnight(date, 1) - 1 : amsterdamMidnight(date, 0));
}

/**
 * A `--from`/`--to` flag: a date `YYYY-MM-DD` (the start of that day in Amsterdam, or with `endOfDay` its end)
 * or an ISO 8601 date-time with an explicit offset, as the core's InstantSchema takes it. Nothing else: what
 * `Date.parse` would make of "12" or "March 5 2013" depends on the machine's time zone and is rarely meant.
 */
export function parseMoment(flag: string, value: string | undefined, endOfDay: boolean): Instant {
  if (value === undefined) throw new UsageError(`--${flag} is required (a date such as 2026-01-31)`);
  const moment = /^\d{4}-\d{2}-\d{2}$/.test(value) ? dateMoment(flag, value, endOfDay) : value;
  const checked = InstantSchema.safeParse(moment);
  if (!checked.success) {
    const malformed = checked.error.issues.some((issue) => issue.code === 'invalid_format');
    const reason = malformed
      ? `must be ${MOMENT_FORMS}`
      : checked.error.issues.map((issue) => issue.message).join('; ');
    throw new UsageError(`--${flag} ${reason} (got ${JSON.stringify(value)})`);
  }
  return toInstant(moment);
}

/** Which cases a KPI report covers: those of an organisation, of a region, or (neither given) all. */
export interface KpiScope {
  readonly organisatie?: string | undefined;
  readonly regio?: string | undefined;
}

/** Reads every case of the scope (open and closed) and computes the report. */
export async function collectKpi(
  passend: PassendClient,
  from: string,
  to: string,
  scope: KpiScope = {},
): Promise<KpiReport> {
  // Every case, page by page past 10,000 (Temporal's list cursor).
  const summaries = await passend.allCases({
    open: false,
    ...(scope.organisatie === undefined ? {} : { organisatie: scope.organisatie }),
    ...(scope.regio === undefined ? {} : { regio: scope.regio }),
  });
  const views: CaseView[] = [];
  // A handful of queries at a time: each one replays nothing (cached) or one case's history on the worker.
  for (let index = 0; index < summaries.length; index += 8) {
    const batch = summaries.slice(index, index + 8);
    views.push(...(await Promise.all(batch.map((summary) => passend.getCase(summary.caseId)))));
  }
  return kpiReport(views, from, to);
}

/** `passend kpi --from DATE --to DATE [--organisatie O] [--regio R] [--format table|json|csv|html] [--out FILE]`. */
export async function runKpi(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    organisatie: { type: 'string' },
    regio: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    address: { type: 'string' },
    namespace: { type: 'string' },
  });
  noArguments('kpi', positionals);
  const from = parseMoment('from', optional(values, 'from'), false);
  const to = parseMoment('to', optional(values, 'to'), true);
  if (from > to) throw new UsageError('--from must not be after --to');
  const format = optional(values, 'format') ?? 'table';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const scope = {
    organisatie: checkedFlag(values, 'organisatie', IdentifierSchema),
    regio: checkedFlag(values, 'regio', IdentifierSchema),
  };
  const { passend, close } = await connectClient(
    temporalAddress(optional(values, 'address')),
    temporalNamespace(optional(values, 'namespace')),
  );
  try {
    const report = await collectKpi(passend, from, to, scope);
    const text =
      format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : format === 'csv'
          ? kpiCsv(report)
          : format === 'html'
            ? kpiHtml(report)
            : `${kpiTable(report)}\n`;
    const out = optional(values, 'out');
    if (out === undefined) process.stdout.write(text);
    else {
      writeFileSync(out, text, 'utf8');
      process.stderr.write(`[passend] KPI report written to ${out}\n`);
    }
    return 0;
  } finally {
    await close();
  }
}
