// Demo cases dated relative to today, beside the seed cases with their real dates: the seed cases' breaches have
// long been met, so without these the overdue list and the dashboard's "overschreden" would open empty. All are
// cases of swv-breda in region breda, the scope of the demo coordinator's token in config/access.example.json.
import type { Scenario, ScenarioInput } from '../core/scenario.js';
import { ScenarioSchema } from '../core/scenario.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const START = { organisatie: 'swv-breda', regio: 'breda' } as const;
const IB = { role: 'intern-begeleider', id: 'ib-breda-07' } as const;
const SWV = { role: 'swv', id: 'swv-breda-cl-07' } as const;

/**
 * The live demo cases as they stand on `today` (a moment; events are dated whole days and hours before it, to the
 * minute): one whose intake is overdue, one whose intake deadline has warned, one waiting past the treeknorm on a
 * provider's waiting list, a zorgplicht registration near its six weeks, and one on schedule.
 */
export function liveDemoScenarios(today: Date): Scenario[] {
  const now = Math.floor(today.getTime() / 60_000) * 60_000;
  if (Number.isNaN(now)) throw new RangeError('today: not a valid date');
  const ago = (days: number, hours = 0) => new Date(now - days * DAY_MS - hours * HOUR_MS).toISOString();
  const signaal = (days: number, hours = 0) => ({
    at: ago(days, hours),
    type: 'signaal.gemeld',
    payload: { regisseur: SWV.id },
    actor: IB,
  });
  const scenarios: ScenarioInput[] = [
    {
      title: 'A signal ten days ago, no intake yet: the intake week is three days overdue',
      caseId: 'demo-nu-te-laat',
      start: START,
      events: [signaal(10)],
    },
    {
      title: 'A signal six days ago, no intake yet: the intake week has warned, one day left',
      caseId: 'demo-nu-bijna',
      start: START,
      events: [signaal(6)],
    },
    {
      title:
        'Care agreed fourteen weeks ago, on a waiting list since: the ten weeks to treatment have passed',
      caseId: 'demo-nu-wachtlijst',
      start: START,
      events: [
        signaal(100, 3),
        { at: ago(99, 3), type: 'intake.gehouden', payload: { locatie: 'thuis' }, actor: SWV },
        {
          at: ago(99, 2),
          type: 'mdo.afgesproken',
          payload: { soort: 'regulier', sporen: ['gezin'] },
          actor: SWV,
        },
        {
          at: ago(99, 1),
          type: 'zorg.aangemeld',
          payload: { spoor: 'gezin', aanbieder: 'jeugdhulp-breda' },
          actor: SWV,
        },
        {
          at: ago(80, 2),
          type: 'zorg.intake-gehouden',
          payload: { spoor: 'gezin' },
          actor: { role: 'zorgaanbieder', id: 'jh-breda-03' },
        },
        {
          at: ago(80, 1),
          type: 'wachtlijst.geplaatst',
          payload: { spoor: 'gezin' },
          actor: { role: 'zorgaanbieder', id: 'jh-breda-03' },
        },
      ],
    },
    {
      title:
        'A written registration five weeks and two days ago: the school board must decide within six weeks',
      route: 'zorgplicht',
      caseId: 'demo-nu-zorgplicht',
      start: START,
      events: [
        {
          at: ago(37),
          type: 'aanmelding.ontvangen',
          payload: { regisseur: 'vo-breda-zc-02', school: 'vo-breda-02' },
          actor: { role: 'zorgcoordinator', id: 'vo-breda-zc-02' },
        },
      ],
    },
    {
      title: 'A signal two days ago and the intake yesterday: on schedule',
      caseId: 'demo-nu-op-schema',
      start: START,
      events: [
        signaal(2),
        { at: ago(1), type: 'intake.gehouden', payload: { locatie: 'thuis' }, actor: SWV },
      ],
    },
  ];
  return scenarios.map((scenario) => ScenarioSchema.parse(scenario));
}
