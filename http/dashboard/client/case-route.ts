// A case on its route: the route's diagram with the states the case is in highlighted, the transitions it took
// with their dates, its open deadlines on the states they watch, and a stepper through its journal, entry by
// entry, each showing the case as `passend audit at` gives it for that entry's moment (the server replays it).
import type { CaseRoute, CaseRouteStep } from '../../case-route-schemas.js';
import { diagramElement, scrollToActive, withAncestors } from './diagram.js';
import { badge, h, s } from './dom.js';
import { moment } from './time.js';

function stateBox(svg: SVGSVGElement, state: string): SVGRectElement | null {
  return svg.querySelector<SVGRectElement>(`g.state[data-state="${CSS.escape(state)}"] > rect`);
}

function markDeadlines(svg: SVGSVGElement, step: CaseRouteStep): void {
  svg.querySelectorAll('g.deadline-mark').forEach((mark) => mark.remove());
  const perState = new Map<string, number>();
  for (const deadline of step.deadlines) {
    const box = stateBox(svg, deadline.watches);
    if (box === null) continue;
    const index = perState.get(deadline.watches) ?? 0;
    perState.set(deadline.watches, index + 1);
    const [x, y, width] = ['x', 'y', 'width'].map((name) => Number(box.getAttribute(name)));
    const label = `⏱ ${deadline.normId}${deadline.spoor === null ? '' : ` (${deadline.spoor})`} · due ${moment(deadline.dueAt)}`;
    svg.appendChild(
      s(
        'g',
        {
          className: `deadline-mark ${deadline.status}`,
          'data-norm-id': deadline.normId,
          'data-watches': deadline.watches,
        },
        [
          s('text', {
            x: (x ?? 0) + (width ?? 0) - 8,
            y: (y ?? 0) + 16 + index * 15,
            'text-anchor': 'end',
            text: label,
          }),
        ],
      ),
    );
  }
}

function markTransitions(svg: SVGSVGElement, taken: readonly CaseRouteStep[]): void {
  svg.querySelectorAll('g.transition.taken').forEach((edge) => edge.classList.remove('taken'));
  for (const step of taken) {
    if (step.transition === null) continue;
    const from = withAncestors(step.transition.from);
    const to = withAncestors(step.transition.to);
    const edges = svg.querySelectorAll<SVGGElement>(
      `g.transition[data-event="${CSS.escape(step.transition.event)}"]`,
    );
    for (const edge of edges) {
      const source = edge.getAttribute('data-source') ?? '';
      const target = edge.getAttribute('data-target') ?? '';
      // A history state is never active itself: the case went to it when it is in the history's parent.
      const history = svg.querySelector(`g.state.history[data-state="${CSS.escape(target)}"]`) !== null;
      const parent = target.split('.').slice(0, -1).join('.');
      if (from.has(source) && (to.has(target) || (history && to.has(parent)))) edge.classList.add('taken');
    }
  }
}

/**
 * The section of the case panel that shows `route`, starting at its last entry (the case as it is now);
 * `caseAtDate` asks the server for the case at the end of a date.
 */
export function caseRouteSection(
  route: CaseRoute,
  caseAtDate: (date: string) => Promise<CaseRoute>,
): HTMLElement {
  const svg = diagramElement(route.diagram);
  const steps = route.steps;
  const slider = h('input', {
    type: 'range',
    id: 'route-step',
    min: 0,
    max: Math.max(0, steps.length - 1),
    value: Math.max(0, steps.length - 1),
    'aria-label': 'Journal entry',
  });
  const label = h('p', { id: 'route-step-label', className: 'step-label', 'aria-live': 'polite' });
  const deadlines = h('ul', { id: 'route-deadlines', className: 'route-deadlines' });
  const previous = h('button', {
    type: 'button',
    id: 'route-previous',
    className: 'ghost',
    text: '◀ Earlier entry',
  });
  const next = h('button', { type: 'button', id: 'route-next', className: 'ghost', text: 'Later entry ▶' });
  const dateInput = h('input', { type: 'date', id: 'route-date', 'aria-label': 'A date, in Amsterdam' });
  const dateButton = h('button', { type: 'button', id: 'route-date-show', className: 'ghost', text: 'Show' });
  const transitions = h(
    'ol',
    { id: 'route-transitions', className: 'route-transitions' },
    steps.flatMap((step, index) =>
      step.transition === null
        ? []
        : [
            h('li', { 'data-seq': step.seq }, [
              h('button', { type: 'button', className: 'link', 'data-step': index, text: moment(step.at) }),
              ` ${step.transition.event}: ${step.transition.from.join(', ') || 'start'} → ${step.transition.to.join(', ')}`,
            ]),
          ],
    ),
  );
  const section = h(
    'section',
    { id: 'case-route', 'aria-label': `Case ${route.caseId} on route ${route.route.id}` },
    [
      h('div', { className: 'stepper' }, [previous, slider, next]),
      label,
      h('div', { className: 'stepper' }, [
        h('span', { text: 'Show the case at the end of' }),
        dateInput,
        dateButton,
      ]),
      h('div', { className: 'route-frame' }, [svg]),
      h('h3', { text: 'Open deadlines at this entry, on the states they watch' }),
      deadlines,
      h('h3', { text: 'Transitions taken' }),
      transitions,
    ],
  );

  /** Shows the case at `step`: entry `index` of the journal, or (null) a moment asked for by date. */
  const display = (step: CaseRouteStep, index: number | null, heading: string): void => {
    const taken = index ?? steps.filter((each) => each.at <= step.at).length - 1;
    slider.value = String(Math.max(0, taken));
    section.setAttribute('data-step', index === null ? 'moment' : String(index));
    svg.setAttribute('data-states', step.states.join(' '));
    const active = withAncestors(step.states);
    svg.querySelectorAll('g.state').forEach((state) => {
      state.classList.toggle('active', active.has(state.getAttribute('data-state') ?? ''));
    });
    markTransitions(svg, steps.slice(0, taken + 1));
    markDeadlines(svg, step);
    scrollToActive(svg);
    label.textContent = `${heading} · in ${step.states.join(', ')}${step.closed ? ' (closed)' : ''}`;
    deadlines.replaceChildren(
      ...(step.deadlines.length === 0
        ? [h('li', { className: 'empty', text: 'No open deadline.' })]
        : step.deadlines.map((deadline) =>
            h('li', { 'data-norm-id': deadline.normId, 'data-status': deadline.status }, [
              badge(deadline.status),
              ` ${deadline.normId}${deadline.spoor === null ? '' : ` (${deadline.spoor})`}, due ${moment(deadline.dueAt)}, watches ${deadline.watches}`,
            ]),
          )),
    );
    previous.disabled = index === 0;
    next.disabled = index === steps.length - 1;
  };

  const show = (index: number): void => {
    const at = Math.min(Math.max(0, index), steps.length - 1);
    const step = steps[at];
    if (step === undefined) {
      label.textContent = 'The journal has no entries.';
      return;
    }
    display(
      step,
      at,
      `Entry ${at + 1} of ${steps.length} (#${step.seq}): ${step.what}, ${moment(step.at)} Amsterdam`,
    );
  };

  slider.addEventListener('input', () => show(Number(slider.value)));
  previous.addEventListener('click', () => show(Number(slider.value) - 1));
  next.addEventListener('click', () => show(Number(slider.value) + 1));
  dateButton.addEventListener('click', () => {
    const date = dateInput.value;
    if (date === '') return;
    // The server replays the journal to the end of that day in Amsterdam, as `passend audit at DATE` does.
    label.textContent = `Replaying the journal to ${date}…`;
    caseAtDate(date).then(
      (answer) => {
        if (answer.atMoment === null) return;
        display(answer.atMoment.step, null, `At the end of ${date} in Amsterdam (${answer.atMoment.moment})`);
      },
      (error: unknown) => {
        label.textContent = `Could not show the case at ${date}: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
  });
  transitions.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('button[data-step]') : null;
    if (target !== null) show(Number(target.getAttribute('data-step')));
  });
  show(steps.length - 1);
  return section;
}
