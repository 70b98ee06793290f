// What the case panel says of a deadline beyond its status: its steps of escalation after a breach (sent, still
// planned, or stopped because the norm was met) and whether its breach was retracted. Pure, without the DOM, so
// the same words are checked in Node.
import type { Deadline } from '../../../core/index.js';

/** One step of escalation as the panel shows it. */
export interface EscalationStepView {
  readonly stap: number;
  readonly rol: string;
  /** The step's moment. */
  readonly at: string;
  /** When it was sent; null when it was not. */
  readonly sentAt: string | null;
  /** Sent; planned (the breach stands, its moment is to come); stopped (the norm was met or lapsed first). */
  readonly state: 'verstuurd' | 'gepland' | 'gestopt';
}

/** The deadline's steps of escalation, in order; none for a norm without steps or a deadline never breached. */
export function escalationSteps(deadline: Deadline): EscalationStepView[] {
  return (deadline.opschaling ?? []).map((step) => ({
    stap: step.stap,
    rol: step.rol,
    at: step.at,
    sentAt: step.sentAt,
    state: step.sentAt !== null ? 'verstuurd' : deadline.status === 'overschreden' ? 'gepland' : 'gestopt',
  }));
}

/** The status the panel shows: a retracted breach is met, and says so, not a breach. */
export function deadlineStatus(deadline: Deadline): { readonly badge: string; readonly text: string } {
  if (deadline.ingetrokken !== undefined)
    return {
      badge: 'ingetrokken',
      text: `gehaald · breach retracted (entry #${deadline.ingetrokken.bySeq} registered late)`,
    };
  return { badge: deadline.status, text: deadline.status };
}
