import { describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../client/index.js';
import { event, useCaseServer } from '../support/case-env.js';

const DAY = 86_400_000;
const server = useCaseServer('time-skipping', 'continue-as-new');

describe('a long case continues as new without losing anything', () => {
  it('carries journal, deadlines, timers and deep-history memory across runs', async () => {
    const caseId = 'lang-lopend';
    await server().client.startCase(
      { caseId, organisatie: 'swv-x', regio: 'x' },
      event('signaal.gemeld', { regisseur: 'r-1' }),
      { workflow: { continueAsNewAfterHistoryLength: 20 } },
    );
    const handle = server().env.client.workflow.getHandle(caseWorkflowId(caseId));
    const firstRun = (await handle.describe()).runId;
    await server().client.sendEvent(
      caseId,
      event('mdo.afgesproken', { soort: 'integraal', sporen: ['kind', 'gezin'] }),
    );
    await server().client.sendEvent(caseId, event('ondersteuning.gestart', { spoor: 'kind' }));
    await server().client.sendEvent(
      caseId,
      event('zorg.aangemeld', { spoor: 'gezin', aanbieder: 'aanbieder-1' }),
    );
    for (let round = 0; round < 4; round++) {
      await server().client.sendEvent(caseId, event('evaluatie.gestart', {}));
      await server().client.sendEvent(caseId, event('arrangement.voortgezet', {}));
      await server().client.sendEvent(caseId, event('plan.herzien', { onderdelen: ['doelen'] }));
    }
    const view = await server().client.getCase(caseId);
    expect((await handle.describe()).runId).not.toBe(firstRun);
    expect(view.journal.filter((entry) => entry.kind === 'gebeurtenis')).toHaveLength(16);
    // Deep history survived the hand-over: the gezin spoor is still registered, kind still started.
    expect(view.states).toContain('arrangement.lopend.gezin.wachten.aangemeld');
    expect(view.states).toContain('arrangement.lopend.kind.gestart');
    expect((view.plan as { revisie: number }).revisie).toBe(5);
    // The timer is re-armed in the new run: the provider's intake norm is breached four weeks later.
    await server().env.sleep(29 * DAY);
    const later = await server().client.getCase(caseId);
    expect(
      later.journal.filter((entry) => entry.kind === 'deadline.overschreden').map((entry) => entry.normId),
    ).toContain('treeknorm-intake');
  });
});
