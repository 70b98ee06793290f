import { expect } from 'vitest';
import type {
  BreachEntry,
  CaseEffect,
  CaseState,
  Decision,
  EventEntry,
  JournalEntry,
  Rejection,
  Scenario,
} from '../../core/index.js';
import { openCase, viewCase } from '../../core/index.js';
import { seedScenarios } from '../../scenarios/index.js';

/** A fixed actor for hand-written events; ids only, as the engine requires. */
export const ACTOR = { role: 'swv', id: 'swv-test-1' } as const;

/** The default case start used by hand-written cases. */
export const START = { caseId: 'case-test-1', organisatie: 'swv-test', regio: 'regio-test' } as const;

/** The first moment of hand-written cases: a Monday in winter time. */
export const T0 = '2026-01-05T09:00:00.000Z';

let keyCounter = 0;

/** An event input with a fresh idempotency key (unless one is given). */
export function ev(
  type: string,
  payload: Record<string, unknown>,
  occurredAt: string,
  idempotencyKey = `core-test-${++keyCounter}`,
): Record<string, unknown> {
  return { type, payload, actor: ACTOR, occurredAt, idempotencyKey };
}

/** Unwraps an accepted decision; fails the test with the rejection otherwise. */
export function accepted(decision: Decision): Extract<Decision, { ok: true }> {
  if (!decision.ok) {
    expect.fail(`expected the event to be accepted, got ${JSON.stringify(decision.rejection)}`);
  }
  return decision;
}

/** Unwraps a rejected decision; fails the test when the event was accepted. */
export function rejected(decision: Decision): Rejection {
  if (decision.ok) expect.fail('expected the event to be rejected, but it was accepted');
  return decision.rejection;
}

/** Opens a case with `signaal.gemeld` at `at`, naming `regisseur`. */
export function openTestCase(regisseur = 'regisseur-1', at: string = T0): CaseState {
  return accepted(openCase(START, ev('signaal.gemeld', { regisseur }, at), at)).state;
}

/** A seed scenario by file name (without `.json`). */
export function seed(name: string): Scenario {
  const scenario = seedScenarios().get(name);
  if (scenario === undefined) expect.fail(`no seed scenario "${name}"`);
  return scenario;
}

/** The journal's breach entries. */
export function breachesOf(state: CaseState): BreachEntry[] {
  return state.journal.filter((entry): entry is BreachEntry => entry.kind === 'deadline.overschreden');
}

/** The journal's event entries. */
export function eventsOf(state: CaseState): EventEntry[] {
  return state.journal.filter((entry): entry is EventEntry => entry.kind === 'gebeurtenis');
}

/** True for an event entry of the given type. */
export function isEventOfType(entry: JournalEntry, type: string): entry is EventEntry {
  return entry.kind === 'gebeurtenis' && entry.type === type;
}

/** The notifications among effects. */
export function notificationsOf(effects: readonly CaseEffect[]): CaseEffect['notification'][] {
  return effects.filter((effect) => effect.kind === 'notify').map((effect) => effect.notification);
}

/** The breach notifications among effects (warnings left out). */
export function breachNotificationsOf(effects: readonly CaseEffect[]): CaseEffect['notification'][] {
  return notificationsOf(effects).filter((notification) => notification.kind === 'deadline.overschreden');
}

/** The view of a state as JSON text: a deep, order-sensitive fingerprint for "unchanged" checks. */
export function viewJson(state: CaseState): string {
  return JSON.stringify(viewCase(state));
}
