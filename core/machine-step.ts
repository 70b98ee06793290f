import { createActor } from 'xstate';
import type { ActorScope, AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';

/** An action the machine asked for, as XState's pure `transition()` hands it back (not executed). */
export interface MachineAction {
  readonly type: string;
  readonly params?: unknown;
}

interface InertScope {
  readonly scope: ActorScope<AnyMachineSnapshot, EventObject>;
  collected: MachineAction[];
}

/*
 * XState's pure `transition(machine, snapshot, event)` builds a throwaway actor per call, and that actor's
 * constructor evaluates the machine's initial snapshot without input (which for our routes throws and is
 * caught: a stack trace per event). About a quarter of the core's time went there. The scope below does what
 * XState's own inert scope does (collect actions, execute none) but is built once per machine. It is safe to
 * share because route machines neither invoke nor spawn actors: nothing registers in its system, and every
 * call is synchronous, so no two calls interleave on `collected`.
 */
const scopes = new WeakMap<AnyStateMachine, InertScope>();

function inertScopeOf(machine: AnyStateMachine): InertScope {
  let inert = scopes.get(machine);
  if (inert !== undefined) return inert;
  const self = createActor(machine);
  const holder: InertScope = {
    collected: [],
    scope: {
      self,
      defer: () => undefined,
      id: '',
      logger: () => undefined,
      sessionId: '',
      stopChild: () => undefined,
      system: self.system,
      emit: () => undefined,
      actionExecutor: (action: MachineAction) => {
        holder.collected.push(action);
      },
    } as unknown as ActorScope<AnyMachineSnapshot, EventObject>,
  };
  inert = holder;
  scopes.set(machine, inert);
  return inert;
}

function collecting<T>(
  machine: AnyStateMachine,
  run: (scope: InertScope['scope']) => T,
): [T, MachineAction[]] {
  const inert = inertScopeOf(machine);
  const collected: MachineAction[] = [];
  const outer = inert.collected;
  inert.collected = collected;
  try {
    return [run(inert.scope), collected];
  } finally {
    inert.collected = outer;
  }
}

/** Same as XState's `initialTransition(machine, input)`: the first snapshot and the actions it asks for. */
export function initialStep(machine: AnyStateMachine, input: unknown): [AnyMachineSnapshot, MachineAction[]] {
  return collecting(machine, (scope) => machine.getInitialSnapshot(scope, input) as AnyMachineSnapshot);
}

/** Same as XState's `transition(machine, snapshot, event)`: the next snapshot and the actions it asks for. */
export function transitionStep(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): [AnyMachineSnapshot, MachineAction[]] {
  return collecting(machine, (scope) => machine.transition(snapshot, event, scope) as AnyMachineSnapshot);
}
