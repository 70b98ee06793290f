// The panel of one case: its facts, every deadline with its status, and its journal.
import type { CaseView, JournalEntry } from '../../../core/index.js';
import { badge, byId, h } from './dom.js';
import type { Child } from './dom.js';
import { correctionNote, correctionOf } from './corrections.js';
import { deadlineStatus, escalationSteps } from './escalation.js';
import type { Deadline } from '../../../core/index.js';
import { moment, timeElement } from './time.js';

/** Names a deadline by its norm (and spoor), for the journal's lines. */
type NormNames = (ids: readonly string[]) => string;

function journalLine(entry: JournalEntry, names: NormNames, journal: readonly JournalEntry[]): HTMLLIElement {
  const correction = correctionNote(entry, journal, moment);
  let what: Child[];
  let detail: string;
  let at: string;
  if (entry.kind === 'gebeurtenis') {
    at = entry.occurredAt;
    what = [entry.type];
    const stages =
      entry.stageBefore === entry.stageAfter
        ? `stage ${entry.stageAfter}`
        : `${entry.stageBefore ?? 'start'} → ${entry.stageAfter}`;
    const changes = [
      entry.deadlines.gestart.length > 0 ? `started ${names(entry.deadlines.gestart)}` : null,
      entry.deadlines.gehaald.length > 0 ? `met ${names(entry.deadlines.gehaald)}` : null,
      entry.deadlines.vervallen.length > 0 ? `lapsed ${names(entry.deadlines.vervallen)}` : null,
    ].filter((change) => change !== null);
    detail =
      `by ${entry.actor.role} ${entry.actor.id} · ${stages}` +
      (changes.length > 0 ? ` · ${changes.join('; ')}` : '');
  } else if (entry.kind === 'deadline.opgeschaald') {
    at = entry.detectedAt;
    what = [badge('opgeschaald', entry.kind), ' ', entry.normId];
    detail = `step ${entry.stap} to ${entry.rol} · was due ${moment(entry.dueAt)} · stage ${entry.stage}`;
  } else if (entry.kind === 'deadline.ingetrokken') {
    at = entry.detectedAt;
    what = [badge('ingetrokken', entry.kind), ' ', entry.normId];
    detail =
      correction ??
      `breach #${entry.breachSeq} retracted: met ${moment(entry.metAt ?? null)}, before its due moment ${moment(entry.dueAt)}, shown by entry #${entry.causedBySeq} registered late`;
  } else {
    at = entry.detectedAt;
    const over = entry.kind === 'deadline.overschreden';
    what = [badge(over ? 'overschreden' : 'waarschuwing', entry.kind), ' ', entry.normId];
    detail = `${over ? 'was due' : 'due'} ${moment(entry.dueAt)} · stage ${entry.stage} · regisseur ${entry.regisseur}`;
  }
  // A withdrawn event stays in the journal, marked; the correction and its retractions say what they did.
  const corrected = entry.kind === 'gebeurtenis' && correctionOf(journal, entry.seq) !== undefined;
  if (entry.kind === 'gebeurtenis' && correction !== null) detail += ` · ${correction}`;
  return h('li', { 'data-kind': entry.kind, 'data-seq': entry.seq, 'data-corrected': corrected }, [
    timeElement(at),
    h('span', { className: 'what' }, corrected ? [...what, ' ', badge('gecorrigeerd')] : what),
    h('div', { className: 'detail', text: detail }),
  ]);
}

/** The deadline's steps of escalation after a breach, each sent, planned or stopped; a dash when it has none. */
function escalationCell(deadline: Deadline): HTMLTableCellElement {
  const steps = escalationSteps(deadline);
  if (steps.length === 0) return h('td', { className: 'muted', text: '—' });
  return h('td', {}, [
    h(
      'ol',
      { className: 'escalation' },
      steps.map((step) =>
        h('li', { 'data-stap': step.stap, 'data-state': step.state }, [
          badge(step.state),
          ` ${step.rol} `,
          timeElement(step.sentAt ?? step.at),
        ]),
      ),
    ),
  ]);
}

/** Fills the panel with `view`. */
export function renderTimeline(view: CaseView): void {
  const normOf = new Map(
    view.deadlines.map((deadline) => [
      deadline.id,
      deadline.normId + (deadline.spoor === null ? '' : ` (${deadline.spoor})`),
    ]),
  );
  const names: NormNames = (ids) => ids.map((id) => normOf.get(id) ?? id).join(', ');
  byId('timeline-title').textContent = `Case ${view.caseId}`;
  const meta = h('dl', { className: 'meta' }, [
    h('dt', { text: 'Stage' }),
    h('dd', { text: view.stage + (view.closed ? ' (closed)' : '') }),
    h('dt', { text: 'Regisseur' }),
    h('dd', { text: view.regisseur }),
    h('dt', { text: 'Organisation' }),
    h('dd', { text: `${view.organisatie}, region ${view.regio}` }),
    h('dt', { text: 'Route' }),
    h('dd', { text: `${view.route.id} ${view.route.version}` }),
    h('dt', { text: 'Breaches' }),
    h('dd', { text: `${view.breaches} (warnings ${view.warnings})` }),
    h('dt', { text: 'Next due' }),
    h('dd', {}, [timeElement(view.nextDueAt)]),
  ]);
  const deadlines = h('table', { id: 'timeline-deadlines' }, [
    h('caption', { text: 'Every deadline of the case with its status (times in Amsterdam).' }),
    h('thead', {}, [
      h(
        'tr',
        {},
        ['Norm', 'Status', 'Started', 'Due', 'Met', 'Escalation'].map((label) =>
          h('th', { scope: 'col', text: label }),
        ),
      ),
    ]),
    h(
      'tbody',
      {},
      view.deadlines.map((deadline) => {
        const status = deadlineStatus(deadline);
        return h(
          'tr',
          {
            'data-norm-id': deadline.normId,
            'data-status': deadline.status,
            'data-retracted': deadline.ingetrokken !== undefined,
          },
          [
            h('th', {
              scope: 'row',
              title: deadline.title,
              className: 'norms',
              text: normOf.get(deadline.id),
            }),
            h('td', {}, [badge(status.badge, status.text)]),
            h('td', {}, [timeElement(deadline.startedAt)]),
            h('td', {}, [timeElement(deadline.dueAt)]),
            h('td', {}, [timeElement(deadline.metAt)]),
            escalationCell(deadline),
          ],
        );
      }),
    ),
  ]);
  const journal = h(
    'ol',
    { className: 'journal', 'aria-label': `Journal of case ${view.caseId}` },
    view.journal.map((entry) => journalLine(entry, names, view.journal)),
  );
  byId('timeline-body').replaceChildren(
    meta,
    h('h3', { text: 'On its route' }),
    h('div', { id: 'case-route-slot' }, [h('p', { className: 'muted', text: 'Loading the route…' })]),
    h('h3', { text: 'Deadlines' }),
    deadlines,
    h('h3', { text: 'Journal' }),
    journal,
  );
}
