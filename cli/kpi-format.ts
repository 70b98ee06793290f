import { localDateOf } from '../core/calendars/local-date.js';
import type { KpiReport, Spread } from '../core/index.js';
import { table } from './format.js';

const show = (value: number | null) => (value === null ? '-' : String(value));
const percent = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)}%`);

/**
 * The period as the dates it covers in Amsterdam: `--from 2013-01-01` begins at 23:00 UTC on 31 December, so
 * the UTC date of the instant would name the wrong day.
 */
const period = (report: KpiReport) => `${localDateOf(report.from)} – ${localDateOf(report.to)}`;

/** The KPI report as plain-text tables. */
export function kpiTable(report: KpiReport): string {
  const spreads = (rows: Readonly<Record<string, Spread>>) =>
    Object.entries(rows).map(([key, s]) => [key, String(s.count), show(s.median), show(s.p90)]);
  return [
    `KPI ${period(report)}: ${report.cases} case(s) with events in the period`,
    '',
    table(['stage', 'visits', 'median days', 'p90 days'], spreads(report.throughputPerStage)),
    '',
    table(
      ['norm', 'due', 'met on time', 'late', 'share met'],
      Object.entries(report.deadlinesPerNorm).map(([norm, t]) => [
        norm,
        String(t.due),
        String(t.metOnTime),
        String(t.late),
        percent(t.shareMet),
      ]),
    ),
    '',
    table(
      ['provider', 'care started', 'median wait (days)', 'p90 wait (days)'],
      spreads(report.waitingPerProvider),
    ),
    '',
    table(
      ['regisseur', 'open cases'],
      Object.entries(report.openPerRegisseur).map(([who, n]) => [who, String(n)]),
    ),
    '',
    `opgeschaald ${report.opgeschaald}, afgeschaald ${report.afgeschaald}; thuiszitter signals ${report.thuiszitters.gemeld}, beyond the norm ${report.thuiszitters.overschreden}`,
    `registration lag (days from occurred to registered, ${report.registrationLag.count} event(s)): median ${show(report.registrationLag.median)}, p90 ${show(report.registrationLag.p90)}; breaches retracted ${report.retracted}`,
  ].join('\n');
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The KPI report as CSV rows: section, key, metric, value. */
export function kpiCsv(report: KpiReport): string {
  const rows: string[][] = [['section', 'key', 'metric', 'value']];
  const add = (section: string, key: string, metric: string, value: number | null) =>
    rows.push([section, key, metric, value === null ? '' : String(value)]);
  for (const [stage, s] of Object.entries(report.throughputPerStage)) {
    add('throughput', stage, 'count', s.count);
    add('throughput', stage, 'median_days', s.median);
    add('throughput', stage, 'p90_days', s.p90);
  }
  for (const [norm, t] of Object.entries(report.deadlinesPerNorm)) {
    add('deadlines', norm, 'due', t.due);
    add('deadlines', norm, 'met_on_time', t.metOnTime);
    add('deadlines', norm, 'late', t.late);
    add('deadlines', norm, 'share_met', t.shareMet);
  }
  for (const [provider, s] of Object.entries(report.waitingPerProvider)) {
    add('waiting', provider, 'count', s.count);
    add('waiting', provider, 'median_days', s.median);
    add('waiting', provider, 'p90_days', s.p90);
  }
  for (const [regisseur, n] of Object.entries(report.openPerRegisseur)) add('open', regisseur, 'cases', n);
  add('scaling', 'opgeschaald', 'cases', report.opgeschaald);
  add('scaling', 'afgeschaald', 'cases', report.afgeschaald);
  add('thuiszitters', 'gemeld', 'signals', report.thuiszitters.gemeld);
  add('thuiszitters', 'overschreden', 'signals', report.thuiszitters.overschreden);
  add('registration_lag', 'events', 'count', report.registrationLag.count);
  add('registration_lag', 'events', 'median_days', report.registrationLag.median);
  add('registration_lag', 'events', 'p90_days', report.registrationLag.p90);
  add('deadlines', 'all', 'retracted', report.retracted);
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

const escape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** A horizontal bar chart as inline SVG: no script, no external asset. */
function bars(title: string, rows: readonly [string, number][], unit: string): string {
  if (rows.length === 0) return `<h2>${escape(title)}</h2><p>No data in this period.</p>`;
  const max = Math.max(...rows.map(([, value]) => value), 1);
  const height = rows.length * 28 + 10;
  const items = rows
    .map(([label, value], index) => {
      const y = index * 28 + 5;
      const width = Math.max(2, (value / max) * 420);
      return `<text x="0" y="${y + 16}" font-size="13">${escape(label)}</text><rect x="200" y="${y}" width="${width.toFixed(1)}" height="20" fill="#2b6cb0"/><text x="${(206 + width).toFixed(1)}" y="${y + 15}" font-size="12">${value}${unit}</text>`;
    })
    .join('');
  return `<h2>${escape(title)}</h2><svg role="img" aria-label="${escape(title)}" width="720" height="${height}" xmlns="http://www.w3.org/2000/svg">${items}</svg>`;
}

/** The KPI report as one standalone HTML page with its plots inline. */
export function kpiHtml(report: KpiReport): string {
  const median = (rows: Readonly<Record<string, Spread>>): [string, number][] =>
    Object.entries(rows).flatMap(([key, s]) =>
      s.median === null ? [] : [[key, s.median] as [string, number]],
    );
  const shares = Object.entries(report.deadlinesPerNorm).flatMap(([norm, t]) =>
    t.shareMet === null ? [] : [[norm, Math.round(t.shareMet * 100)] as [string, number]],
  );
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>KPI passend-routes</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}pre{background:#f4f4f4;padding:1rem;overflow:auto}</style>
</head><body>
<h1>KPI ${escape(period(report))}</h1>
<p>${report.cases} case(s) with events in the period. Opgeschaald ${report.opgeschaald}, afgeschaald ${report.afgeschaald}. Thuiszitter signals ${report.thuiszitters.gemeld}, beyond the norm ${report.thuiszitters.overschreden}.</p>
${bars('Throughput per stage (median days)', median(report.throughputPerStage), ' d')}
${bars('Deadlines met on time per norm', shares, '%')}
${bars('Waiting time per provider (median days, registration to care)', median(report.waitingPerProvider), ' d')}
${bars('Open cases per regisseur', Object.entries(report.openPerRegisseur), '')}
<h2>All figures</h2><pre>${escape(kpiTable(report))}</pre>
</body></html>
`;
}
