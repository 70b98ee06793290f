import { createActor } from 'xstate';
import type { CaseState } from './case.js';
import { routeOf } from './case.js';
import type { RouteRegistry } from './route-registry.js';

/** A case state as JSON: what a workflow carries across continue-as-new, or an auditor stores. */
export interface PersistedCase extends Omit<CaseState, 'snapshot'> {
  readonly snapshot: unknown;
}

/** Serialises a case, including the machine snapshot with its history-state memory. */
export function persistCase(state: CaseState, routes?: RouteRegistry): PersistedCase {
  return { ...state, snapshot: routeOf(state, routes).machine.getPersistedSnapshot(state.snapshot) };
}

/**
 * Restores a persisted case. The snapshot is revived through an actor that is never started: this keeps
 * deep-history memory, which `machine.resolveState` would lose.
 */
export function restoreCase(persisted: PersistedCase, routes?: RouteRegistry): CaseState {
  // The version the case pinned, or a RouteUnavailableError: a case never continues on another version.
  const machine = routeOf(persisted, routes).machine;
  const snapshot = createActor(machine, { snapshot: persisted.snapshot as never }).getSnapshot();
  return { ...persisted, snapshot };
}
