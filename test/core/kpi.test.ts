import { describe, expect, it } from 'vitest';
import { kpiReport, simulate, viewCase } from '../../core/index.js';
import { seedScenarios } from '../../scenarios/index.js';

const views = [...seedScenarios().values()].map((scenario) => viewCase(simulate(scenario).state));

describe('KPI report: the indicators municipalities and school partnerships monitor together', () => {
  const report = kpiReport(views, '2012-01-01T00:00:00.000Z', '2026-12-31T23:00:00.000Z');

  it('counts deadlines met on time and late per norm', () => {
    expect(report.deadlinesPerNorm['treeknorm-intake']).toEqual({
      due: 1,
      metOnTime: 0,
      late: 1,
      shareMet: 0,
    });
    expect(report.deadlinesPerNorm['treeknorm-behandeling']).toEqual({
      due: 1,
      metOnTime: 0,
      late: 1,
      shareMet: 0,
    });
    // Breda on time, Breda late, case M. (met by the MDO the same day) and Levi: three of four on time.
    expect(report.deadlinesPerNorm['breda-route']).toEqual({ due: 4, metOnTime: 3, late: 1, shareMet: 0.75 });
  });

  it('measures the wait per provider from registration to the start of care (case M.: 157 days 20 hours)', () => {
    expect(report.waitingPerProvider['jeugdzorg-m']).toEqual({ count: 1, median: 157.8, p90: 157.8 });
  });

  it('measures days per stage, with median and 90th percentile', () => {
    // Signaal: an hour for case M., 3.25 days for both Breda cases (intake at home), 4.2 days for Levi.
    expect(report.throughputPerStage['signaal']).toEqual({ count: 4, median: 3.3, p90: 4.2 });
    expect(report.throughputPerStage['plaatsingscommissie']).toEqual({ count: 2, median: 11.1, p90: 18.1 });
  });

  it('counts open cases per regisseur at the end of the period, and none for closed ones', () => {
    expect(report.openPerRegisseur).toEqual({ 'jz-m-07': 1, 'swv-breda-cl-04': 2 });
    expect(report.cases).toBe(4);
  });

  it('restricts everything to the period', () => {
    const only2013 = kpiReport(views, '2013-01-01T00:00:00.000Z', '2013-12-31T23:00:00.000Z');
    expect(Object.keys(only2013.deadlinesPerNorm).sort()).toEqual([
      'breda-route',
      'treeknorm-behandeling',
      'treeknorm-intake',
    ]);
    expect(only2013.openPerRegisseur).toEqual({ 'jz-m-07': 1 });
  });

  it('counts only the cases with an event in the period (issue 13: "9 cases" for a year in which one had events)', () => {
    // Of the four seed cases only case M. has events in 2013 (Levi's are in 2019, Breda's in 2026).
    expect(kpiReport(views, '2013-01-01T00:00:00.000Z', '2013-12-31T23:00:00.000Z').cases).toBe(1);
    expect(kpiReport(views, '2030-01-01T00:00:00.000Z', '2030-12-31T23:00:00.000Z').cases).toBe(0);
    // An event exactly on either bound counts: the period includes both ends.
    expect(kpiReport(views, '2013-01-24T09:00:00.000Z', '2013-01-24T09:00:00.000Z').cases).toBe(1);
  });
});
