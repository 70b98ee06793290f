// Issue 12, item 5 on a real Temporal dev server: a correction sent like any event through sendEvent recomputes the
// live case without the mistaken entry, `passend audit at` gives the same answer from the exported history, the
// history replays and verifies, and a refused correction leaves the case and its history exactly as they were.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../core/index.js';
import { canonical, EventRejectedError } from '../../core/index.js';
import { caseAt, checkAgainstHistory, checkChain, exportCase, replayExports } from '../../audit/index.js';
import { workflowsPath } from '../../worker/index.js';
import { caseWorkflowId } from '../../workflows/definitions.js';
import { event, useCaseServer } from '../support/case-env.js';
import { eventually } from '../support/eventually.js';

const DAY = 86_400_000;
const server = useCaseServer('dev', 'correction');
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/** What a view says of the case's facts: stage and each deadline's status, due and met moment. */
const facts = (
  view: Pick<CaseView, 'stage'> & {
    deadlines: readonly { id: string; status: string; dueAt: string; metAt: string | null }[];
  },
) => ({
  stage: view.stage,
  deadlines: view.deadlines.map(({ id, status, dueAt, metAt }) => ({ id, status, dueAt, metAt })),
});

async function historyLength(caseId: string): Promise<number> {
  const history = await server().env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  return history.events?.length ?? 0;
}

describe('a correction on a live case', () => {
  it('recomputes the case without the entry, and audit at agrees before and after it', async () => {
    const { client, outboxPath } = server();
    const caseId = `correctie-${Date.now()}`;
    // A signal of twelve days ago, and an intake of eleven days ago that was another child's.
    await client.startCase(
      { caseId, organisatie: 'swv-test', regio: 'regio-test' },
      event('signaal.gemeld', { regisseur: 'ib-1' }, { occurredAt: ago(12) }),
      { history: [event('intake.gehouden', {}, { occurredAt: ago(11) })] },
    );
    const mistaken = await client.getCase(caseId);
    expect(mistaken.stage).toBe('intake');
    const beforeCorrection = new Date().toISOString();

    const answer = await client.sendEvent(caseId, event('correctie', { seq: 2, reden: 'verkeerde-casus' }));
    expect(answer.recorded.map((entry) => entry.kind)).toEqual([
      'gebeurtenis',
      'deadline.waarschuwing',
      'deadline.overschreden',
    ]);
    const live = await client.getCase(caseId);
    expect(live.stage).toBe('signaal');
    expect(live.journal.slice(0, mistaken.journal.length)).toEqual(mistaken.journal);
    const intake = live.deadlines.find((deadline) => deadline.normId === 'intake-na-signaal')!;
    expect(intake).toMatchObject({ status: 'overschreden', metAt: null });
    await eventually(
      async () => readFileSync(outboxPath, 'utf8'),
      (text) => text.includes(`${caseId}/${intake.id}/deadline.overschreden/`),
    );

    const exported = await exportCase(server().env.client, caseId, { now: new Date() });
    expect(checkChain(exported)).toMatchObject({ ok: true });
    expect(checkAgainstHistory(exported)).toMatchObject({ ok: true });
    const after = caseAt(exported, exported.exportedAt);
    expect(facts(after)).toEqual(facts(live));
    expect(after.findings).toEqual([]);
    const before = caseAt(exported, beforeCorrection);
    expect(facts(before)).toEqual(facts(mistaken));

    const [replays] = await replayExports([exported], { workflowsPath: workflowsPath() });
    expect(replays?.map((run) => run.ok)).toEqual([true]);
  });

  it('a refused correction leaves the case and its history as they were', async () => {
    const { client } = server();
    const caseId = `correctie-geweigerd-${Date.now()}`;
    await client.startCase(
      { caseId, organisatie: 'swv-test', regio: 'regio-test' },
      event('signaal.gemeld', { regisseur: 'ib-1' }, { occurredAt: ago(2) }),
    );
    const view = canonical(await client.getCase(caseId));
    const length = await historyLength(caseId);
    const refusal = await client
      .sendEvent(caseId, event('correctie', { seq: 1, reden: 'verkeerde-casus' }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refusal).toBeInstanceOf(EventRejectedError);
    expect((refusal as EventRejectedError).rejection).toMatchObject({
      code: 'correction-refused',
      issues: [
        {
          path: 'payload.seq',
          message: 'the opening event cannot be corrected: without it there is no case',
        },
      ],
    });
    expect(canonical(await client.getCase(caseId))).toBe(view);
    expect(await historyLength(caseId)).toBe(length);
  });
});
