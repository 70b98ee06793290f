import { describe, expect, it } from 'vitest';
import { kpiCsv, kpiHtml, kpiTable } from '../../cli/kpi-format.js';
import { kpiReport, simulate, viewCase } from '../../core/index.js';
import { seedScenarios } from '../../scenarios/index.js';

const report = kpiReport(
  [...seedScenarios().values()].map((scenario) => viewCase(simulate(scenario).state)),
  '2012-01-01T00:00:00.000Z',
  '2026-12-31T23:00:00.000Z',
);

describe('the KPI report in its four formats', () => {
  it('tables show the share of deadlines met per norm and the wait per provider', () => {
    const text = kpiTable(report);
    expect(text).toMatch(/breda-route\s+4\s+3\s+1\s+75%/);
    expect(text).toMatch(/jeugdzorg-m\s+1\s+157\.8\s+157\.8/);
  });

  it('tables and CSV give the registration lag (median, p90) and the breaches retracted', () => {
    const late = { ...report, registrationLag: { count: 2, median: 1, p90: 6.9 }, retracted: 1 };
    expect(kpiTable(late)).toContain(
      'registration lag (days from occurred to registered, 2 event(s)): median 1, p90 6.9; breaches retracted 1',
    );
    const lines = kpiCsv(late).trim().split('\n');
    expect(lines).toContain('registration_lag,events,median_days,1');
    expect(lines).toContain('registration_lag,events,p90_days,6.9');
    expect(lines).toContain('deadlines,all,retracted,1');
    const none = { ...report, registrationLag: { count: 0, median: null, p90: null }, retracted: 0 };
    expect(kpiTable(none)).toContain('0 event(s)): median -, p90 -; breaches retracted 0');
  });

  it('CSV has one row per section, key and metric', () => {
    const lines = kpiCsv(report).trim().split('\n');
    expect(lines[0]).toBe('section,key,metric,value');
    expect(lines).toContain('deadlines,breda-route,share_met,0.75');
    expect(lines).toContain('waiting,jeugdzorg-m,median_days,157.8');
  });

  it('HTML is one standalone page with inline SVG plots and nothing loaded from elsewhere', () => {
    const html = kpiHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)?.length).toBe(4);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });
});
