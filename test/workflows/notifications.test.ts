// Notifications (the outbox activity) never hold up the case: a notification that cannot be delivered yet keeps
// retrying in the background while the clock runs on and events are taken and published.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../client/index.js';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { event, useCaseServer } from '../support/case-env.js';
import { eventually } from '../support/eventually.js';

const DAY = 86_400_000;
const server = useCaseServer('dev', 'notifications');

/** Blocks the outbox (a folder where the file should be), so every notification fails and retries. */
function blockOutbox(): () => void {
  const outbox = server().outboxPath;
  rmSync(outbox, { force: true });
  mkdirSync(outbox);
  return () => rmSync(outbox, { recursive: true, force: true });
}

describe('notifications run beside the case, not in its way', () => {
  it('a breach is recorded at its due moment while an earlier warning still cannot be delivered', async () => {
    const unblock = blockOutbox();
    try {
      // intake-na-signaal: due after 7 days, warned 2 days before. Backdated so the warning is past and the
      // due moment is 8 seconds away.
      const caseId = 'notify-clock';
      const occurredAt = new Date(Date.now() - 7 * DAY + 8_000).toISOString();
      await server().client.startCase(
        { caseId, organisatie: 'swv-x', regio: 'x' },
        event('signaal.gemeld', { regisseur: 'r-1' }, { occurredAt }),
      );
      const view = await eventually(
        () => server().client.getCase(caseId),
        (current) => current.breaches > 0,
      );
      const intake = view.deadlines.find((deadline) => deadline.normId === 'intake-na-signaal');
      expect(intake?.status).toBe('overschreden');
      expect(view.journal.map((entry) => entry.kind)).toContain('deadline.overschreden');
    } finally {
      unblock();
    }
    // Once the outbox can be written, both notifications arrive.
    const lines = await eventually(
      async () => (existsSync(server().outboxPath) ? readFileSync(server().outboxPath, 'utf8') : ''),
      (text) => text.includes('deadline.overschreden/') && text.includes('deadline.waarschuwing/'),
      60,
    );
    expect(lines).toContain('notify-clock/intake-na-signaal#1/deadline.waarschuwing');
    expect(lines).toContain('notify-clock/intake-na-signaal#1/deadline.overschreden');
  });

  it('an event taken while a notification retries is published to the search attributes at once', async () => {
    const unblock = blockOutbox();
    try {
      const caseId = 'notify-publish';
      const occurredAt = new Date(Date.now() - 6 * DAY).toISOString();
      await server().client.startCase(
        { caseId, organisatie: 'swv-x', regio: 'x' },
        event('signaal.gemeld', { regisseur: 'r-1' }, { occurredAt }),
      );
      await server().client.sendEvent(
        caseId,
        event('regie.overgedragen', { regisseur: 'r-2', reden: 'anders' }),
      );
      const handle = server().env.client.workflow.getHandle(caseWorkflowId(caseId));
      const published = await eventually(
        async () => (await handle.describe()).typedSearchAttributes.get(CASE_SEARCH_ATTRIBUTES.regisseur),
        (regisseur) => regisseur === 'r-2',
        15,
      );
      expect(published).toBe('r-2');
    } finally {
      unblock();
    }
  });
});
