import type { ScenarioReport } from '../../core/index.js';

const DAY = 86_400_000;

/**
 * A report with every moment replaced by its offset in days from the case's start, rounded to the nearest
 * day. A scenario shifted to the server's now crosses daylight-saving changes at other dates than the
 * original; counting calendar days on Amsterdam's wall clock then moves instants by an hour, never a day.
 */
export function relativeReport(report: ScenarioReport, start: string): unknown {
  const origin = Date.parse(start);
  const days = (moment: string | null): number | null =>
    moment === null ? null : Math.round((Date.parse(moment) - origin) / DAY);
  return {
    stages: report.stages.map((span) => ({
      stage: span.stage,
      entered: days(span.enteredAt),
      left: days(span.leftAt),
    })),
    deadlines: report.deadlines.map((deadline) => ({
      normId: deadline.normId,
      spoor: deadline.spoor,
      status: deadline.status,
      started: days(deadline.startedAt),
      due: days(deadline.dueAt),
      met: days(deadline.metAt),
      detected: days(deadline.detectedAt),
      warnAt: days(deadline.warnAt),
      warned: days(deadline.warnedAt),
      originalDue: days(deadline.originalDueAt),
      lapsed: days(deadline.lapsedAt),
    })),
    breaches: report.breaches.map((breach) => ({
      due: days(breach.dueAt),
      detected: days(breach.detectedAt),
    })),
    rejected: report.rejected.map(({ index, type, code }) => ({ index, type, code })),
    final: report.final,
  };
}
