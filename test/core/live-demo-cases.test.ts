// The live demo cases (scenarios/live-demo.ts) stand where the demo needs them on any day: run through the pure
// core up to the day they are built for, some are overdue, some at risk, one on schedule, and none is refused.
import { describe, expect, it } from 'vitest';
import { simulate, visibilityOf } from '../../core/index.js';
import { liveDemoScenarios } from '../../scenarios/live-demo.js';
import { seedScenarios } from '../../scenarios/index.js';

/** Days across the year, both daylight-saving changes and a leap day among them. */
const TODAYS = [
  '2026-12-03T13:30:00Z',
  '2027-03-28T01:30:00Z',
  '2027-10-31T00:59:00Z',
  '2028-02-29T07:00:00Z',
  '2026-06-15T22:15:00Z',
].map((iso) => new Date(iso));

function standing(today: Date) {
  return new Map(
    liveDemoScenarios(today).map((scenario) => {
      const run = simulate({ ...scenario, until: today.toISOString() });
      return [scenario.caseId, { run, visibility: visibilityOf(run.state) }] as const;
    }),
  );
}

describe('the live demo cases', () => {
  it.each(TODAYS)('on %s: one intake and one waiting list overdue, two at risk, one on schedule', (today) => {
    const cases = standing(today);
    const risk = Object.fromEntries([...cases].map(([id, { visibility }]) => [id, visibility.risk]));
    expect(risk).toEqual({
      'demo-nu-te-laat': 'overschreden',
      'demo-nu-bijna': 'waarschuwing',
      'demo-nu-wachtlijst': 'overschreden',
      'demo-nu-zorgplicht': 'waarschuwing',
      'demo-nu-op-schema': 'op-schema',
    });
    expect(cases.get('demo-nu-te-laat')?.visibility.overdueNorms).toEqual(['intake-na-signaal']);
    expect(cases.get('demo-nu-wachtlijst')?.visibility.overdueNorms).toEqual(['treeknorm-behandeling']);
    expect(cases.get('demo-nu-wachtlijst')?.visibility.wachtlijstAanbieders).toEqual(['jeugdhulp-breda']);
    expect(cases.get('demo-nu-zorgplicht')?.visibility.warnedNorms).toEqual(['zorgplicht']);
    for (const [id, { run }] of cases) expect(run.rejected, id).toEqual([]);
  });

  it('are dated before the day they are built for, to the minute, the same each time', () => {
    const today = new Date('2026-12-03T13:30:42.123Z');
    const scenarios = liveDemoScenarios(today);
    for (const scenario of scenarios)
      for (const event of scenario.events) {
        expect(Date.parse(event.at), scenario.caseId).toBeLessThan(today.getTime());
        expect(Date.parse(event.at) % 60_000, scenario.caseId).toBe(0);
      }
    expect(liveDemoScenarios(today)).toEqual(scenarios);
  });

  it('lie in the demo coordinator’s scope and share no id with a seed case', () => {
    const seedIds = new Set([...seedScenarios().values()].map((scenario) => scenario.caseId));
    for (const scenario of liveDemoScenarios(new Date())) {
      expect(scenario.start).toMatchObject({ organisatie: 'swv-breda', regio: 'breda' });
      expect(seedIds.has(scenario.caseId), scenario.caseId).toBe(false);
    }
  });

  it('refuse a day that is no date', () => {
    expect(() => liveDemoScenarios(new Date('not a date'))).toThrow('today: not a valid date');
  });
});
