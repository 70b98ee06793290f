import { writeFileSync } from 'node:fs';
import type { PassendClient } from '../client/index.js';
import type { CaseView, KpiReport } from '../core/index.js';
import { IdentifierSchema, kpiReport } from '../core/index.js';
import { optional, parseFlags } from './args.js';
import { connectClient, temporalAddress, temporalNamespace } from './connection.js';
import { kpiCsv, kpiHtml, kpiTable } from './kpi-format.js';
import { UsageError } from './usage-error.js';

const FORMATS = ['table', 'json', 'csv', 'html'] as const;

/** A `--from`/`--to` flag: a date (the start of that day, or with `endOfDay` its end, in Amsterdam) or an ISO moment. */
export function parseMoment(flag: string, value: string | undefined, endOfDay: boolean): string {
  if (value === undefined) throw new UsageError(`--${flag} is required (a date such as 2026-01-31)`);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}+01:00`
    : value;
  const millis = Date.parse(date);
  if (Number.isNaN(millis)) throw new UsageError(`--${flag} is not a date or moment: ${value}`);
  return new Date(millis).toISOString();
}

/** Reads every case of the organisation (open and closed) and computes the report. */
export async function collectKpi(
  passend: PassendClient,
  from: string,
  to: string,
  organisatie?: string,
): Promise<KpiReport> {
  const summaries = await passend.listCases({
    open: false,
    limit: 10_000,
    ...(organisatie === undefined ? {} : { organisatie }),
  });
  const views: CaseView[] = [];
  // A handful of queries at a time: each one replays nothing (cached) or one case's history on the worker.
  for (let index = 0; index < summaries.length; index += 8) {
    const batch = summaries.slice(index, index + 8);
    views.push(...(await Promise.all(batch.map((summary) => passend.getCase(summary.caseId)))));
  }
  return kpiReport(views, from, to);
}

/** `passend kpi --from DATE --to DATE [--organisation O] [--format table|json|csv|html] [--out FILE]`. */
export async function runKpi(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    organisation: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    address: { type: 'string' },
    namespace: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}"`);
  const from = parseMoment('from', optional(values, 'from'), false);
  const to = parseMoment('to', optional(values, 'to'), true);
  if (from > to) throw new UsageError('--from must not be after --to');
  const format = optional(values, 'format') ?? 'table';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const organisatie = optional(values, 'organisation');
  if (organisatie !== undefined && !IdentifierSchema.safeParse(organisatie).success) {
    throw new UsageError('--organisation must be an identifier (letters, digits, ".", "_", ":" or "-")');
  }
  const { passend, close } = await connectClient(
    temporalAddress(optional(values, 'address')),
    temporalNamespace(optional(values, 'namespace')),
  );
  try {
    const report = await collectKpi(passend, from, to, organisatie);
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
