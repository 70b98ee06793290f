// The webhook notifications the worker gave up on, for the coordinator to pass on by other means: shown only
// when there are any (or unreadable lines in the file), and not at all when the server does not know the file.
import type { DashboardData } from '../../dashboard-schemas.js';
import { badge, byId, caseButton, h } from './dom.js';
import { timeElement } from './time.js';
import { undeliverableSummary } from './undeliverable-words.js';

/** Shows the section "Niet afgeleverde meldingen" when the data names any, and hides it otherwise. */
export function renderUndeliverable(undeliverable: DashboardData['undeliverable']): void {
  const summary = undeliverableSummary(undeliverable);
  byId('undeliverable').hidden = summary === '';
  byId('undeliverable-summary').textContent = summary;
  const latest = undeliverable?.latest ?? [];
  byId<HTMLTableElement>('undeliverable-table').hidden = latest.length === 0;
  byId<HTMLTableElement>('undeliverable-table').tBodies[0]?.replaceChildren(
    ...latest.map((entry) =>
      h('tr', { 'data-case-id': entry.caseId }, [
        h('th', { scope: 'row' }, [caseButton(entry.caseId)]),
        h('td', { text: entry.normId }),
        h('td', {}, [
          badge(entry.kind.replace('deadline.', '')),
          entry.stap === null ? null : ` stap ${entry.stap}`,
        ]),
        h('td', { text: entry.host }),
        h('td', { className: 'num', text: entry.attempts }),
        h('td', { text: entry.failure }),
        h('td', {}, [timeElement(entry.recordedAt)]),
      ]),
    ),
  );
}
