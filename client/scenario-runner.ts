import type { CaseView, Rejection, Scenario } from '../core/index.js';
import { EventRejectedError, scenarioEventInput } from '../core/index.js';
import type { PassendClient } from './passend-client.js';

/** How the live runner lets time pass: `env.sleep` on the time-skipping server. */
export type AdvanceTime = (milliseconds: number) => Promise<void>;

/** The outcome of a scenario run on a live Temporal server. */
export interface LiveScenarioResult {
  readonly view: CaseView;
  readonly rejected: readonly {
    readonly index: number;
    readonly type: string;
    readonly rejection: Rejection;
  }[];
  /** The scenario's first moment and the server moment it was shifted to. */
  readonly shift: { readonly from: string; readonly to: string };
}

/**
 * Runs a scenario on a live case workflow, shifted so that its first event happens at the server's now: each
 * later event is sent after `advance` let the same time pass, with `occurredAt` left to the workflow's clock,
 * so every timer fires on the server exactly as it would in production.
 */
export async function runScenarioLive(
  client: PassendClient,
  scenario: Scenario,
  advance: AdvanceTime,
  options: { caseId?: string } = {},
): Promise<LiveScenarioResult> {
  const caseId = options.caseId ?? scenario.caseId;
  const origin = Date.parse(scenario.events[0]?.at ?? '');
  const live = (index: number): Record<string, unknown> => {
    const { occurredAt: _moment, ...input } = scenarioEventInput(scenario, index);
    return { ...input, idempotencyKey: `${caseId}/${index}` };
  };
  const start = { caseId, routeId: scenario.route, ...scenario.start };
  let view = await client.startCase(start, live(0) as never);
  const startedAt =
    view.journal[0]?.kind === 'gebeurtenis' ? view.journal[0].occurredAt : new Date().toISOString();
  const rejected: { index: number; type: string; rejection: Rejection }[] = [];
  let elapsed = 0;
  const advanceTo = async (offset: number): Promise<void> => {
    if (offset > elapsed) await advance(offset - elapsed);
    elapsed = Math.max(elapsed, offset);
  };
  for (let index = 1; index < scenario.events.length; index++) {
    const event = scenario.events[index];
    if (event === undefined) continue;
    await advanceTo(Date.parse(event.at) - origin);
    try {
      await client.sendEvent(caseId, live(index) as never);
    } catch (error) {
      if (!(error instanceof EventRejectedError)) throw error;
      rejected.push({ index, type: event.type, rejection: error.rejection });
    }
  }
  if (scenario.until !== undefined) await advanceTo(Date.parse(scenario.until) - origin);
  view = await client.getCase(caseId);
  return { view, rejected, shift: { from: new Date(origin).toISOString(), to: startedAt } };
}
