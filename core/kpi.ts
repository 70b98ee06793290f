import type { EventEntry, JournalEntry } from './case.js';
import { correctionsOf, isCorrectionEntry } from './correction.js';
import type { Instant } from './time.js';
import type { CaseView } from './view.js';

const DAY = 86_400_000;

/** Median and 90th percentile of a set of durations in days (nearest-rank), with the count they rest on. */
export interface Spread {
  readonly count: number;
  readonly median: number | null;
  readonly p90: number | null;
}

/** The indicators the source documents ask municipalities and school partnerships to monitor together. */
export interface KpiReport {
  readonly from: Instant;
  readonly to: Instant;
  /** The cases with at least one event in the period: those the period's figures can speak of. */
  readonly cases: number;
  /** Days spent in each stage, over stage visits that ended within the period. */
  readonly throughputPerStage: Readonly<Record<string, Spread>>;
  /** Deadlines that came due or were met within the period, per norm: met on time, met late, breached. */
  readonly deadlinesPerNorm: Readonly<
    Record<
      string,
      {
        readonly due: number;
        readonly metOnTime: number;
        readonly late: number;
        readonly shareMet: number | null;
      }
    >
  >;
  /** Days from registration with a provider to the start of care, per provider, for care that started in the period. */
  readonly waitingPerProvider: Readonly<Record<string, Spread>>;
  readonly opgeschaald: number;
  readonly afgeschaald: number;
  /** Open cases at the end of the period, per regisseur. */
  readonly openPerRegisseur: Readonly<Record<string, number>>;
  /** Thuiszitter signals: absences reported in the period, and those that lasted beyond the norm. */
  readonly thuiszitters: { readonly gemeld: number; readonly overschreden: number };
  /**
   * Registration lag: days from when an event happened to when it was registered (recordedAt − occurredAt), over
   * the events registered in the period. Late registration is what makes a breach turn out never to have happened.
   */
  readonly registrationLag: Spread;
  /** Breaches retracted in the period because a late-registered event showed the norm met in time. */
  readonly retracted: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1] ?? null;
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    count: sorted.length,
    median: round(percentile(sorted, 0.5)),
    p90: round(percentile(sorted, 0.9)),
  };
}

const days = (from: Instant, to: Instant) => (Date.parse(to) - Date.parse(from)) / DAY;
const within = (moment: Instant | null, from: Instant, to: Instant) =>
  moment !== null && moment >= from && moment <= to;
/** The events the case rests on: neither a correction nor an event a correction withdrew (see correction.ts). */
const events = (journal: readonly JournalEntry[]) => {
  const withdrawn = correctionsOf(journal);
  return journal.filter(
    (entry): entry is EventEntry =>
      entry.kind === 'gebeurtenis' && !isCorrectionEntry(entry) && !withdrawn.has(entry.seq),
  );
};

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

/**
 * Computes the KPI report of a period from case views (their journals and deadlines): pure, so the CLI,
 * the HTTP API and a test compute the same figures.
 */
export function kpiReport(views: readonly CaseView[], from: Instant, to: Instant): KpiReport {
  const stageDays = new Map<string, number[]>();
  const waiting = new Map<string, number[]>();
  const norms = new Map<string, { due: number; metOnTime: number; late: number }>();
  const openPerRegisseur: Record<string, number> = {};
  let opgeschaald = 0;
  let afgeschaald = 0;
  let gemeld = 0;
  let overschreden = 0;
  let active = 0;
  const lags: number[] = [];
  let retracted = 0;
  for (const view of views) {
    const entries = events(view.journal);
    for (const entry of entries)
      if (within(entry.recordedAt, from, to))
        lags.push(Math.max(0, days(entry.occurredAt, entry.recordedAt)));
    for (const entry of view.journal)
      if (entry.kind === 'deadline.ingetrokken' && within(entry.detectedAt, from, to)) retracted++;
    if (entries.some((entry) => within(entry.occurredAt, from, to))) active++;
    // Stage visits: from the entry that entered a stage to the one that left it.
    let entered: { stage: string; at: Instant } | null = null;
    for (const entry of entries) {
      if (entry.stageAfter === entry.stageBefore) continue;
      if (entered !== null && within(entry.occurredAt, from, to))
        push(stageDays, entered.stage, days(entered.at, entry.occurredAt));
      entered = { stage: entry.stageAfter, at: entry.occurredAt };
    }
    const registered = new Map<string, { aanbieder: string; at: Instant }>();
    for (const entry of entries) {
      const payload = entry.payload as { spoor?: string; aanbieder?: string };
      if (entry.type === 'zorg.aangemeld' && payload.spoor !== undefined && payload.aanbieder !== undefined) {
        registered.set(payload.spoor, { aanbieder: payload.aanbieder, at: entry.occurredAt });
      }
      if (
        entry.type === 'zorg.gestart' &&
        payload.spoor !== undefined &&
        within(entry.occurredAt, from, to)
      ) {
        const registration = registered.get(payload.spoor);
        if (registration !== undefined)
          push(waiting, registration.aanbieder, days(registration.at, entry.occurredAt));
      }
      if (!within(entry.occurredAt, from, to)) continue;
      if (entry.type === 'arrangement.opgeschaald') opgeschaald++;
      if (entry.type === 'arrangement.afgeschaald') afgeschaald++;
      if (entry.type === 'verzuim.gemeld') gemeld++;
    }
    for (const deadline of view.deadlines) {
      const settled = deadline.metAt ?? (deadline.status === 'overschreden' ? deadline.dueAt : null);
      if (!within(deadline.dueAt, from, to) && !within(settled, from, to)) continue;
      if (deadline.status === 'vervallen' || deadline.status === 'opgeschort') continue;
      if (deadline.status === 'lopend') continue;
      const tally = norms.get(deadline.normId) ?? { due: 0, metOnTime: 0, late: 0 };
      tally.due++;
      if (deadline.status === 'gehaald') tally.metOnTime++;
      else tally.late++;
      norms.set(deadline.normId, tally);
      if (deadline.normId === 'thuiszitter' && deadline.status !== 'gehaald') overschreden++;
    }
    const openAtEnd = entries[0] !== undefined && entries[0].occurredAt <= to && !closedBy(entries, to);
    if (openAtEnd) {
      const regisseur = regisseurAt(entries, to);
      openPerRegisseur[regisseur] = (openPerRegisseur[regisseur] ?? 0) + 1;
    }
  }
  return {
    from,
    to,
    cases: active,
    throughputPerStage: Object.fromEntries(
      [...stageDays].sort().map(([stage, values]) => [stage, spread(values)]),
    ),
    deadlinesPerNorm: Object.fromEntries(
      [...norms].sort().map(([normId, tally]) => [
        normId,
        {
          ...tally,
          shareMet: tally.due === 0 ? null : Math.round((tally.metOnTime / tally.due) * 1000) / 1000,
        },
      ]),
    ),
    waitingPerProvider: Object.fromEntries(
      [...waiting].sort().map(([provider, values]) => [provider, spread(values)]),
    ),
    opgeschaald,
    afgeschaald,
    openPerRegisseur,
    thuiszitters: { gemeld, overschreden },
    registrationLag: spread(lags),
    retracted,
  };
}

function closedBy(entries: readonly EventEntry[], moment: Instant): boolean {
  return entries.some((entry) => entry.stageAfter === 'afgesloten' && entry.occurredAt <= moment);
}

function regisseurAt(entries: readonly EventEntry[], moment: Instant): string {
  let regisseur = entries[0]?.regisseur ?? '';
  for (const entry of entries) if (entry.occurredAt <= moment) regisseur = entry.regisseur;
  return regisseur;
}
