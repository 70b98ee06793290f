import type { Deadline } from './deadlines.js';
import type { Rejection } from './errors.js';
import type { Instant } from './time.js';
import type { CaseView } from './view.js';

/** One stage as the case passed through it. */
export interface StageSpan {
  readonly stage: string;
  readonly enteredAt: Instant;
  readonly leftAt: Instant | null;
}

/** What a scenario run produced, the same whether the pure core or the live workflow ran it. */
export interface ScenarioReport {
  readonly caseId: string;
  readonly stages: readonly StageSpan[];
  readonly deadlines: readonly Deadline[];
  readonly breaches: readonly {
    readonly deadlineId: string;
    readonly dueAt: Instant;
    readonly detectedAt: Instant;
  }[];
  readonly warnings: readonly {
    readonly deadlineId: string;
    readonly warnAt: Instant;
    readonly detectedAt: Instant;
  }[];
  readonly rejected: readonly {
    readonly index: number;
    readonly type: string;
    readonly code: string;
    readonly message: string;
  }[];
  readonly final: {
    readonly stage: string;
    readonly regisseur: string;
    readonly planRevisie: number | null;
    readonly closed: boolean;
  };
}

/** Builds the report of a case from its view and the events it refused. */
export function reportOf(
  view: CaseView,
  rejected: readonly { index: number; type: string; rejection: Rejection }[] = [],
): ScenarioReport {
  const stages: StageSpan[] = [];
  for (const entry of view.journal) {
    if (entry.kind !== 'gebeurtenis' || entry.stageAfter === entry.stageBefore) continue;
    const previous = stages.at(-1);
    if (previous !== undefined) stages[stages.length - 1] = { ...previous, leftAt: entry.occurredAt };
    stages.push({ stage: entry.stageAfter, enteredAt: entry.occurredAt, leftAt: null });
  }
  const plan = view.plan as { revisie?: number } | null;
  return {
    caseId: view.caseId,
    stages,
    deadlines: view.deadlines,
    breaches: view.journal.flatMap((entry) =>
      entry.kind === 'deadline.overschreden'
        ? [{ deadlineId: entry.deadlineId, dueAt: entry.dueAt, detectedAt: entry.detectedAt }]
        : [],
    ),
    warnings: view.journal.flatMap((entry) =>
      entry.kind === 'deadline.waarschuwing'
        ? [{ deadlineId: entry.deadlineId, warnAt: entry.warnAt, detectedAt: entry.detectedAt }]
        : [],
    ),
    rejected: rejected.map(({ index, type, rejection }) => ({
      index,
      type,
      code: rejection.code,
      message: rejection.message,
    })),
    final: {
      stage: view.stage,
      regisseur: view.regisseur,
      planRevisie: plan?.revisie ?? null,
      closed: view.closed,
    },
  };
}
