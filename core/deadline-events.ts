import { z } from 'zod';
import { warningMoment } from './calendars/index.js';
import type { Deadline, DeadlineChanges } from './deadlines.js';
import { countTerm, noChanges, resumed, withDueMoment } from './deadlines.js';
import type { Issue } from './errors.js';
import type { Norm } from './norms.js';
import type { Instant } from './time.js';

const Target = { normId: z.string().min(1), spoor: z.string().min(1).optional() };

/**
 * Events every route accepts, handled by the core rather than the route's machine: they move a deadline,
 * never the stage. Reasons are codes, as everywhere in the engine.
 */
export const DEADLINE_EVENT_PAYLOADS = {
  'deadline.verlengd': z.strictObject({
    ...Target,
    reden: z.enum(['nader-onderzoek', 'advies-derden', 'gegevens-ouders', 'capaciteit', 'anders']),
    ouderGeinformeerd: z.boolean().optional(),
  }),
  'deadline.opgeschort': z.strictObject({
    ...Target,
    reden: z.enum(['wacht-op-gezin', 'wacht-op-derde', 'aanvulling-gevraagd', 'anders']),
  }),
  'deadline.hervat': z.strictObject(Target),
} as const;

export type DeadlineEventType = keyof typeof DEADLINE_EVENT_PAYLOADS;

/** What each deadline event does, for the README and error messages. */
export const DEADLINE_EVENT_DOCS: Record<DeadlineEventType, string> = {
  'deadline.verlengd': 'extends a running deadline once more as its norm allows (verdaging), with a reason',
  'deadline.opgeschort': 'stops the clock of a suspendable deadline (opschorting), with a reason',
  'deadline.hervat':
    'restarts a suspended clock; the due moment moves by the whole days it stood still (working days for a term in werkdagen, school days for one in schoolweken)',
};

/** True for the event types the core handles itself. */
export function isDeadlineEvent(type: string): type is DeadlineEventType {
  return Object.hasOwn(DEADLINE_EVENT_PAYLOADS, type);
}

type Outcome =
  | { ok: true; deadlines: Deadline[]; changes: DeadlineChanges }
  | { ok: false; message: string; issues: Issue[] };

function refuse(message: string, path: string, reason: string): Outcome {
  return { ok: false, message, issues: [{ path, message: reason }] };
}

/**
 * Applies a deadline event: finds the one open deadline of `normId` (and `spoor`), checks the norm allows the
 * change, and returns the moved deadline, or a refusal naming the field and the reason.
 */
export function applyDeadlineEvent(
  deadlines: readonly Deadline[],
  norms: readonly Norm[],
  event: { type: DeadlineEventType; payload: Record<string, unknown>; occurredAt: Instant },
): Outcome {
  const normId = String(event.payload['normId']);
  const spoor = event.payload['spoor'] as string | undefined;
  const norm = norms.find((candidate) => candidate.id === normId);
  if (norm === undefined) {
    return refuse(
      `this case has no norm "${normId}"`,
      'payload.normId',
      `known: ${norms.map((n) => n.id).join(', ')}`,
    );
  }
  const wanted = event.type === 'deadline.hervat' ? 'opgeschort' : 'lopend';
  const candidates = deadlines.filter(
    (d) => d.normId === normId && d.status === wanted && (spoor === undefined || d.spoor === spoor),
  );
  if (candidates.length > 1) {
    // A norm per spoor runs a deadline for each track: the event must say which one it means.
    const sporen = candidates.map((d) => d.spoor ?? '(none)').join(', ');
    return refuse(
      `norm "${normId}" runs a deadline per spoor (${sporen}): name the spoor`,
      'payload.spoor',
      `required when more than one spoor runs this norm: one of ${sporen}`,
    );
  }
  const target = candidates[0];
  if (target === undefined) {
    const state = wanted === 'opgeschort' ? 'suspended' : 'running';
    return refuse(
      `no ${state} deadline of norm "${normId}"${spoor === undefined ? '' : ` for spoor ${spoor}`}`,
      'payload.normId',
      `no ${state} deadline`,
    );
  }
  const changes = noChanges();
  let moved: Deadline;
  if (event.type === 'deadline.verlengd') {
    const rule = norm.extension;
    if (rule === null)
      return refuse(`norm "${normId}" cannot be extended`, 'type', 'the norm allows no extension');
    if (target.extensions.length >= rule.maxTimes) {
      return refuse(
        `norm "${normId}" was already extended ${target.extensions.length} time(s), the most it allows`,
        'type',
        `at most ${rule.maxTimes} extension(s)`,
      );
    }
    if (rule.informOuders && event.payload['ouderGeinformeerd'] !== true) {
      return refuse(
        `extending "${normId}" requires that the parents were informed`,
        'payload.ouderGeinformeerd',
        'must be true: the parents must be told of the extension',
      );
    }
    // Counted on from the term's own end: the days the Algemene termijnenwet added are not counted twice.
    const moment = countTerm(norm, target.termEndAt ?? target.dueAt, rule.by);
    const { dueAt } = moment;
    const warnAt =
      norm.warning === null ? null : warningMoment(target.startedAt, dueAt, norm.warning, norm.calendar);
    const extension = {
      at: event.occurredAt,
      reden: String(event.payload['reden']),
      from: target.dueAt,
      to: dueAt,
    };
    // A new due moment deserves its own warning, unless that moment has already passed.
    const warnedAt = warnAt !== null && warnAt > event.occurredAt ? null : target.warnedAt;
    moved = {
      ...withDueMoment(target, moment),
      warnAt,
      warnedAt,
      extensions: [...target.extensions, extension],
    };
    changes.verlengd.push({ id: target.id, from: target.dueAt, to: dueAt });
  } else if (event.type === 'deadline.opgeschort') {
    if (!norm.suspendable)
      return refuse(`norm "${normId}" cannot be suspended`, 'type', 'the norm allows no suspension');
    const suspension = { from: event.occurredAt, to: null, reden: String(event.payload['reden']) };
    moved = { ...target, status: 'opgeschort', suspensions: [...target.suspensions, suspension] };
    changes.opgeschort.push(target.id);
  } else {
    moved = resumed(target, norm, event.occurredAt);
    changes.hervat.push({ id: target.id, from: target.dueAt, to: moved.dueAt });
  }
  return { ok: true, deadlines: deadlines.map((d) => (d.id === target.id ? moved : d)), changes };
}
