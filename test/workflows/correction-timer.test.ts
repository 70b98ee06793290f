// Issue 12, item 5 on the time-skipping test server: a correction that opens a norm again (the withdrawn event had
// met it) leaves the workflow a deadline to wake for, and its timer records the breach at the due moment.
import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../core/index.js';
import { event, useCaseServer } from '../support/case-env.js';
import { eventually } from '../support/eventually.js';

const DAY = 86_400_000;
const server = useCaseServer('time-skipping', 'correction-timer');

describe('a norm open again after a correction', () => {
  it('gets its timer: the breach is recorded at its due moment, by the workflow alone', async () => {
    const { client, env } = server();
    const caseId = `correctie-timer-${Date.now()}`;
    const signalled = await client.startCase(
      { caseId, organisatie: 'swv-test', regio: 'regio-test' },
      event('signaal.gemeld', { regisseur: 'ib-1' }),
    );
    const intakeOf = (view: CaseView) => view.deadlines.find((d) => d.normId === 'intake-na-signaal')!;
    const dueAt = intakeOf(signalled).dueAt;
    await env.sleep(DAY);
    await client.sendEvent(caseId, event('intake.gehouden', {}));
    expect(intakeOf(await client.getCase(caseId)).status).toBe('gehaald');
    await env.sleep(DAY);
    await client.sendEvent(caseId, event('correctie', { seq: 2, reden: 'dubbel-geregistreerd' }));
    const reopened = await client.getCase(caseId);
    expect(intakeOf(reopened)).toMatchObject({ status: 'lopend', dueAt });
    expect(reopened.nextDueAt).not.toBeNull();

    await env.sleep(Date.parse(dueAt) - (await env.currentTimeMs()) + 60_000);
    const breached = await eventually(
      () => client.getCase(caseId),
      (view) => view.breaches === 1,
    );
    // Detected when the timer fired (the test server runs a little past the due moment), not at the correction.
    const intake = intakeOf(breached);
    expect(intake.status).toBe('overschreden');
    const lag = Date.parse(intake.detectedAt ?? '') - Date.parse(dueAt);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(60_000);
    expect(breached.journal.at(-1)).toMatchObject({ kind: 'deadline.overschreden', dueAt });
  });
});
