// The figures of the board: tiles by risk, the overdue and at-risk cases, stuck cases, notifications not
// delivered, the counts by stage, regisseur and organisation, and the waiting lists per provider.
import type { DashboardCase, DashboardData, DashboardGroup } from '../../dashboard-schemas.js';
import { badge, byId, caseButton, days, h, keepFocus, or, s } from './dom.js';
import { renderStageTimes } from './stage-chart.js';
import { timeElement } from './time.js';
import { renderUndeliverable } from './undeliverable.js';

/** Draws everything the data holds; `refreshSeconds` is named in the viewer line. */
export function renderBoard(data: DashboardData, refreshSeconds: number): void {
  const viewer = data.viewer;
  byId('viewer').textContent =
    `${viewer.actorId} (${viewer.role}, ${viewer.organisatie}) sees ${viewer.scope}; ` +
    `refreshes every ${refreshSeconds} s; times in Amsterdam`;
  renderCoverage(data);
  renderTiles(data);
  renderCases(data.cases);
  renderDubbel(data.dubbeleCasussen);
  renderStuck(data.stuckCases);
  renderUndeliverable(data.undeliverable);
  renderGroups('by-stage', data.byStage);
  renderGroups('by-regisseur', data.byRegisseur);
  renderGroups('by-organisatie', data.byOrganisatie);
  renderWaiting(data.waitingLists);
  renderStageTimes(data.timeInStage);
}

/** Beyond the read limit, says which figures count every open case and which only the cases read. */
function renderCoverage(data: DashboardData): void {
  const notice = byId('truncated');
  const { complete, casesRead, listLimit } = data.coverage;
  notice.hidden = complete && !data.truncated;
  const count = (value: number) => value.toLocaleString('en');
  notice.textContent = complete
    ? ''
    : `${count(data.openCases)} open cases in scope: the tiles count all of them, the overdue and at-risk ` +
      `list shows at most ${count(listLimit)} of each, and the groups, waiting lists and time in stage are over ` +
      `the first ${count(casesRead)} read. passend kpi and passend overdue read every case.`;
}

function renderTiles(data: DashboardData): void {
  const tiles: [string, number, string][] = [
    ['all', data.openCases, 'open cases'],
    ['over', data.byRisk.overschreden, 'overschreden'],
    ['warn', data.byRisk.waarschuwing, 'waarschuwing (at risk)'],
    ['ok', data.byRisk['op-schema'], 'op schema'],
  ];
  byId('tiles').replaceChildren(
    ...tiles.map(([kind, value, label]) =>
      h('li', { className: kind }, [
        h('span', { className: 'value', text: value }),
        h('span', { className: 'label', text: label }),
      ]),
    ),
  );
}

function renderCases(cases: readonly DashboardCase[]): void {
  const table = byId<HTMLTableElement>('cases');
  const body = table.tBodies[0];
  byId('cases-empty').hidden = cases.length > 0;
  table.hidden = cases.length === 0;
  keepFocus(() => {
    body?.replaceChildren(
      ...cases.map((entry) => {
        const over = entry.risk === 'overschreden';
        return h('tr', { 'data-case-id': entry.caseId, 'data-risk': entry.risk }, [
          h('th', { scope: 'row' }, [
            caseButton(entry.caseId),
            entry.dubbeleCasus ? badge('dubbel', 'one child, twice') : null,
          ]),
          h('td', {}, [badge(entry.risk)]),
          h('td', { className: 'norms', text: (over ? entry.overdueNorms : entry.warnedNorms).join(', ') }),
          h('td', {}, [
            over ? timeElement(entry.overdueSince) : h('span', {}, ['due ', timeElement(entry.nextDueAt)]),
          ]),
          h('td', { className: 'num', text: over ? days(entry.daysOver) : '—' }),
          h('td', { text: or(entry.stage) }),
          h('td', { text: or(entry.regisseur) }),
          h('td', { text: or(entry.organisatie) }),
        ]);
      }),
    );
  });
}

// One child, one plan: open cases whose child has another open case in the region, for the coordinator to settle.
function renderDubbel(cases: DashboardData['dubbeleCasussen']): void {
  byId('dubbel').hidden = cases.length === 0;
  byId<HTMLTableElement>('dubbel-table').tBodies[0]?.replaceChildren(
    ...cases.map((entry) =>
      h('tr', { 'data-case-id': entry.caseId }, [
        h('th', { scope: 'row' }, [caseButton(entry.caseId)]),
        h('td', { text: or(entry.organisatie) }),
        h('td', { text: or(entry.regio) }),
        h('td', { text: or(entry.stage) }),
        h('td', { text: or(entry.regisseur) }),
        h('td', {}, [entry.risk === null ? '—' : badge(entry.risk)]),
      ]),
    ),
  );
}

// Cases whose workflow tasks keep failing take no event until an operator repairs them (passend case repair).
function renderStuck(stuck: DashboardData['stuckCases']): void {
  byId('stuck').hidden = stuck.length === 0;
  byId<HTMLTableElement>('stuck-table').tBodies[0]?.replaceChildren(
    ...stuck.map((entry) =>
      h('tr', { 'data-case-id': entry.caseId }, [
        h('th', { scope: 'row', text: entry.caseId }),
        h('td', { text: or(entry.organisatie) }),
        h('td', { className: 'num', text: entry.attempts }),
        h('td', {}, [timeElement(entry.since)]),
        h('td', { text: entry.error }),
      ]),
    ),
  );
}

function miniBar(group: DashboardGroup, max: number): SVGElement {
  const width = 120;
  const scale = max > 0 ? width / max : 0;
  const parts: [string, number][] = [
    ['seg-over', group.overschreden],
    ['seg-warn', group.waarschuwing],
    ['seg-ok', group.open - group.overschreden - group.waarschuwing],
  ];
  let x = 0;
  return s(
    'svg',
    {
      className: 'minibar',
      viewBox: `0 0 ${width} 6`,
      preserveAspectRatio: 'none',
      'aria-hidden': 'true',
      focusable: 'false',
    },
    parts.map(([kind, count]) => {
      const w = count * scale;
      const rect = s('rect', { x, y: 0, width: Math.max(0, w), height: 6, className: kind });
      x += w;
      return rect;
    }),
  );
}

function renderGroups(id: string, groups: readonly DashboardGroup[]): void {
  const body = byId<HTMLTableElement>(id).tBodies[0];
  const max = groups.reduce((most, group) => Math.max(most, group.open), 0);
  body?.replaceChildren(
    ...groups.map((group) =>
      h('tr', { 'data-key': group.key }, [
        h('th', { scope: 'row' }, [group.key, miniBar(group, max)]),
        h('td', { className: 'num', text: group.open }),
        h('td', { className: 'num', text: group.overschreden }),
        h('td', { className: 'num', text: group.waarschuwing }),
      ]),
    ),
  );
  if (groups.length === 0)
    body?.replaceChildren(h('tr', {}, [h('td', { colspan: 4, className: 'empty', text: 'No open cases.' })]));
}

function renderWaiting(waiting: DashboardData['waitingLists']): void {
  const norm = waiting.norm;
  byId('waiting-caption').textContent =
    'Open cases with a spoor on a provider’s waiting list, counted from the moment the case entered its current ' +
    `stage, against ${norm.id} (${norm.title}: ${norm.termDays} days). Longest wait first.`;
  const table = byId<HTMLTableElement>('waiting');
  byId('waiting-empty').hidden = waiting.providers.length > 0;
  table.hidden = waiting.providers.length === 0;
  table.tBodies[0]?.replaceChildren(
    ...waiting.providers.map((provider) =>
      h('tr', { 'data-aanbieder': provider.aanbieder, 'data-exceeds': String(provider.exceedsNorm) }, [
        h('th', { scope: 'row', text: provider.aanbieder }),
        h('td', { className: 'num', text: provider.cases }),
        h('td', { className: 'num', text: days(provider.longestWaitDays) }),
        h('td', {}, [timeElement(provider.longestSince)]),
        h('td', {}, [
          provider.exceedsNorm
            ? badge('exceeds', `over norm (${provider.overNorm})`)
            : badge('within', 'within norm'),
        ]),
        h('td', {}, [
          ...provider.caseIds
            .slice(0, 5)
            .map((caseId, index) => h('span', {}, [index > 0 ? ', ' : '', caseButton(caseId)])),
          provider.caseIds.length > 5 ? ` +${provider.caseIds.length - 5}` : null,
        ]),
      ]),
    ),
  );
}
