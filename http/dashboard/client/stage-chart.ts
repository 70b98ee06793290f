// Time in the current stage per stage: median bar, whisker to the 90th percentile, and the same as a table.
import type { DashboardData } from '../../dashboard-schemas.js';
import { byId, days, h, s } from './dom.js';

type StageTime = DashboardData['timeInStage'][number];

/** The smallest round number of days at or above `value`, so the axis reads in familiar steps. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const steps = [1, 2, 5, 10, 14, 21, 30, 50, 70, 100, 150, 200, 300, 500, 1000];
  return steps.find((step) => step >= value) ?? Math.ceil(value / 500) * 500;
}

/** Draws the chart `#stage-svg` and fills `#stage-table`. */
export function renderStageTimes(stages: readonly StageTime[]): void {
  const svg = byId('stage-svg') as unknown as SVGSVGElement;
  const [rowHeight, top, left, right, width] = [34, 8, 150, 190, 640];
  const plot = width - left - right;
  const height = top + stages.length * rowHeight + 28;
  const max = niceMax(stages.reduce((most, stage) => Math.max(most, stage.p90Days ?? 0), 0));
  const x = (value: number) => left + (value / max) * plot;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.replaceChildren(
    s('title', { id: 'stage-chart-title', text: 'Time in current stage, open cases' }),
    s('desc', {
      id: 'stage-chart-desc',
      text:
        stages
          .map(
            (stage) =>
              `${stage.stage}: median ${days(stage.medianDays)} days, p90 ${days(stage.p90Days)} days, ${stage.cases} cases`,
          )
          .join('; ') || 'No open cases.',
    }),
  );
  for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
    const at = x(max * fraction);
    svg.appendChild(s('line', { x1: at, x2: at, y1: top, y2: height - 22, className: 'axis' }));
    svg.appendChild(
      s('text', {
        x: at,
        y: height - 6,
        'text-anchor': 'middle',
        'font-size': 11,
        text: `${Math.round(max * fraction)}${fraction === 1 ? ' d' : ''}`,
      }),
    );
  }
  stages.forEach((stage, index) => {
    const y = top + index * rowHeight;
    const [median, p90] = [stage.medianDays ?? 0, stage.p90Days ?? 0];
    svg.appendChild(
      s('g', { 'data-stage': stage.stage }, [
        s('text', { x: left - 8, y: y + 20, 'text-anchor': 'end', 'font-size': 13, text: stage.stage }),
        s('rect', {
          x: left,
          y: y + 8,
          width: Math.max(1, x(median) - left),
          height: 16,
          rx: 3,
          className: 'median',
        }),
        s('line', { x1: x(median), x2: x(p90), y1: y + 16, y2: y + 16, className: 'whisker' }),
        s('line', { x1: x(p90), x2: x(p90), y1: y + 5, y2: y + 27, className: 'p90' }),
        s('text', {
          x: width - right + 10,
          y: y + 20,
          'font-size': 12,
          text: `median ${days(stage.medianDays)} d · p90 ${days(stage.p90Days)} d · n ${stage.cases}`,
        }),
      ]),
    );
  });
  if (stages.length === 0) svg.setAttribute('hidden', '');
  else svg.removeAttribute('hidden');
  byId('stage-empty').hidden = stages.length > 0;
  byId<HTMLTableElement>('stage-table').tBodies[0]?.replaceChildren(
    ...stages.map((stage) =>
      h('tr', {}, [
        h('th', { scope: 'row', text: stage.stage }),
        h('td', { className: 'num', text: stage.cases }),
        h('td', { className: 'num', text: days(stage.medianDays) }),
        h('td', { className: 'num', text: days(stage.p90Days) }),
        h('td', { className: 'num', text: days(stage.maxDays) }),
      ]),
    ),
  );
}
