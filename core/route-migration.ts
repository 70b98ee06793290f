import { z } from 'zod';
import type { AnyMachineSnapshot } from 'xstate';
import { HOST_ROUTES } from '../machines/host-routes.js';
import type { CaseEffect, CaseState, EventEntry, JournalEntry } from './case.js';
import { advanceTo, contextOf, isClosed, stageOf, statesOf } from './case.js';
import type { Deadline } from './deadlines.js';
import { applyEventToDeadlines, noChanges } from './deadlines.js';
import { canonical } from './canonical.js';
import type { Issue } from './errors.js';
import { toIssues } from './errors.js';
import { NewActorSchema } from './identifiers.js';
import { chainHead } from './journal-chain.js';
import type { Norm } from './norms.js';
import { resolveNorms } from './norms.js';
import type { RouteDefinition } from './route.js';
import { routeKey, RouteVersionSchema } from './route-format.js';
import { withRouteTriggers } from './route-norms.js';
import type { RouteRegistry } from './route-registry.js';
import { compareVersions } from './route-registry.js';
import type { Instant } from './time.js';
import { toInstant } from './time.js';

/** One version of a route, as a case pins it. */
export interface RouteVersionRef {
  readonly id: string;
  readonly version: string;
}

/** The journal entry type of a migration: a core event, as the deadline events are, never a route's. */
export const MIGRATION_EVENT = 'route.gemigreerd';

/** What a migration entry records besides who and when: from which version to which, and what it did. */
export interface MigrationPayload {
  readonly from: RouteVersionRef;
  readonly to: RouteVersionRef;
  readonly statesBefore: readonly string[];
  readonly statesAfter: readonly string[];
  /** The norms the case ran under before: what a replay opens the case with (after it, the core derives them). */
  readonly normsBefore: readonly Norm[];
  /** Deadlines carried unchanged; those of norms new in `to` are recomputed and listed as started (`gestart`). */
  readonly meegenomen: readonly string[];
}

/**
 * A case moved to another version of its route (`passend route migrate`): an event entry of type
 * `route.gemigreerd` in the hash chain, whose actor and moment say who and when, its payload from which version to
 * which, and its deadline changes which deadlines the new version's norms started.
 */
export type MigrationEntry = EventEntry & {
  readonly type: typeof MIGRATION_EVENT;
  readonly payload: MigrationPayload;
};

/** Whether a journal entry is a migration to another route version. */
export function isMigrationEntry(entry: JournalEntry): entry is MigrationEntry {
  return entry.kind === 'gebeurtenis' && entry.type === MIGRATION_EVENT;
}

/** Who asks for a migration, and to which version: what the workflow's Update and the CLI take. */
export const MigrationRequestSchema = z.strictObject({
  to: z.strictObject({ id: z.string().min(1), version: RouteVersionSchema }),
  actor: NewActorSchema,
});
export type MigrationRequest = z.infer<typeof MigrationRequestSchema>;

/** Why a case cannot move to another version: every reason by path. The case is unchanged. */
export interface MigrationRefusal {
  readonly code: 'migration-refused';
  readonly message: string;
  readonly stage: string | null;
  readonly issues: readonly Issue[];
}

/** The outcome of a migration: the migrated case (and its clock's effects up to the moment), or why not. */
export type MigrationDecision =
  | { ok: true; state: CaseState; effects: CaseEffect[]; entry: MigrationEntry }
  | { ok: false; rejection: MigrationRefusal };

function refuse(message: string, stage: string | null, issues: Issue[]): MigrationDecision {
  return { ok: false, rejection: { code: 'migration-refused', message, stage, issues } };
}

/** The new path of one active leaf: its own mapping, its nearest mapped ancestor's, or the same path if it exists. */
function mappedPath(leaf: string, states: Readonly<Record<string, string>>): string {
  const keys = leaf.split('.');
  for (let length = keys.length; length > 0; length--) {
    const prefix = keys.slice(0, length).join('.');
    const target = Object.hasOwn(states, prefix) ? states[prefix] : undefined;
    if (target !== undefined) return [target, ...keys.slice(length)].join('.');
  }
  return leaf;
}

/** Whether `path` names a state node of `route`'s machine. */
function hasState(route: RouteDefinition, path: string): boolean {
  let node: { readonly states: Readonly<Record<string, unknown>> } | undefined = route.machine.root;
  for (const key of path.split('.')) {
    node =
      node !== undefined && Object.hasOwn(node.states, key) ? (node.states[key] as typeof node) : undefined;
  }
  return node !== undefined;
}

type StateValue = string | { [key: string]: StateValue };

/** The state value of a set of leaf paths (`a.b.c` → `{ a: { b: 'c' } }`), or undefined when two collide. */
function valueOf(paths: readonly string[]): StateValue | undefined {
  const root: Record<string, StateValue> = {};
  for (const path of paths) {
    const keys = path.split('.');
    let node: Record<string, StateValue> = root;
    for (const key of keys.slice(0, -1)) {
      const child = Object.hasOwn(node, key) ? node[key] : undefined;
      if (typeof child === 'string') return undefined;
      node = child ?? (node[key] = {});
    }
    const last = keys.at(-1) as string;
    if (Object.hasOwn(node, last)) return undefined;
    node[last] = {};
  }
  // A leaf is `{}` so far: a parent whose only child is a leaf names it as a string, as XState writes values.
  const compact = (node: Record<string, StateValue>): StateValue | Record<string, StateValue> =>
    Object.fromEntries(
      Object.entries(node).map(([key, child]) => {
        const entries = Object.entries(child as Record<string, StateValue>);
        if (entries.length === 0) return [key, {}];
        const [only] = entries;
        if (entries.length === 1 && only !== undefined && Object.keys(only[1]).length === 0)
          return [key, only[0]];
        return [key, compact(child as Record<string, StateValue>)];
      }),
    );
  const keys = Object.keys(root);
  const [first] = keys;
  if (keys.length === 1 && first !== undefined && Object.keys(root[first] as object).length === 0)
    return first;
  return compact(root) as StateValue;
}

/** The context the new version runs with: the case's, plus the new version's literal fields it lacks. */
function migratedContext(
  context: Record<string, unknown>,
  target: RouteDefinition,
): { context: Record<string, unknown>; issues: Issue[] } {
  const next = { ...context };
  const issues: Issue[] = [];
  for (const [field, declared] of Object.entries(target.definition.context)) {
    if (Object.hasOwn(next, field)) continue;
    if (declared !== null && typeof declared === 'object' && 'fromStart' in declared) {
      issues.push({
        path: `context.${field}`,
        message: `${routeKey(target)} takes "${field}" from the start event, which a running case cannot give`,
      });
    } else next[field] = declared;
  }
  return { context: next, issues };
}

/** The route invariants a migrated case must keep: one regisseur, a plan with a revision, still open. */
function invariantIssues(snapshot: AnyMachineSnapshot): Issue[] {
  const issues: Issue[] = [];
  const { regisseur, plan } = contextOf(snapshot);
  if (typeof regisseur !== 'string' || regisseur === '')
    issues.push({ path: 'context.regisseur', message: 'a case has exactly one regisseur' });
  if (plan !== null && (typeof plan !== 'object' || !Number.isInteger(plan.revisie) || plan.revisie < 1))
    issues.push({ path: 'context.plan', message: 'a plan has a revision of 1 or more' });
  if (snapshot.status !== 'active')
    issues.push({
      path: 'states',
      message: 'the mapped states would close the case; close it with its event',
    });
  return issues;
}

/**
 * The norms of the new version: the case's own where it had them (its overrides and preset pins kept, the old
 * version's triggers replaced by the new one's), the norms new in that version at their current preset.
 */
function migratedNorms(state: CaseState, target: RouteDefinition): Norm[] {
  const pinned = Object.fromEntries(state.norms.map((norm) => [norm.id, norm.version.split('+')[0] ?? '']));
  const fresh = resolveNorms(target.norms, {}, 'norms', pinned);
  const bases = fresh.map((preset): Norm => {
    const own = state.norms.find((candidate) => candidate.id === preset.id);
    if (own === undefined) return preset;
    const { startsOn, metBy, lapsesOn } = preset;
    // `2014-1+override+zorgplicht@1.0.0`: the old route's triggers go, the override stays.
    const version = own.version.replace(/\+[a-z0-9-]+@[^+]+$/, '');
    return { ...own, version, startsOn, metBy, lapsesOn };
  });
  return withRouteTriggers(bases, target);
}

/**
 * The deadlines after the migration: every deadline carried as it is (its norm's term and pin are the case's),
 * and the deadlines of norms new in the target version computed by their rules from the case's own journal, as if
 * they had run from the start. A still-open deadline of a norm the new version drops refuses the migration.
 */
function migratedDeadlines(
  state: CaseState,
  norms: readonly Norm[],
): { deadlines: Deadline[]; herberekend: string[]; issues: Issue[] } {
  const kept = new Set(norms.map((norm) => norm.id));
  const issues = state.deadlines
    .filter((deadline) => !kept.has(deadline.normId))
    .filter((deadline) => ['lopend', 'opgeschort', 'overschreden'].includes(deadline.status))
    .map((deadline) => ({
      path: `deadlines.${deadline.id}`,
      message: `norm "${deadline.normId}" is still running here and the new version has no such norm`,
    }));
  const had = new Set(state.norms.map((norm) => norm.id));
  const added = norms.filter((norm) => !had.has(norm.id));
  let recomputed: Deadline[] = [];
  for (const entry of state.journal) {
    if (entry.kind !== 'gebeurtenis') continue;
    const spoor = (entry.payload as { spoor?: unknown } | null)?.spoor;
    recomputed = applyEventToDeadlines(recomputed, added, {
      type: entry.type,
      spoor: typeof spoor === 'string' ? spoor : undefined,
      occurredAt: entry.occurredAt,
      seq: entry.seq,
      closesCase: false,
    }).deadlines;
  }
  return {
    deadlines: [...state.deadlines, ...recomputed],
    herberekend: recomputed.map((deadline) => deadline.id),
    issues,
  };
}

/**
 * Moves a running case to another version of its route, as that version's `migrations` entry for the case's
 * version maps its states. The clock is first run to `now` on the old version (its breaches are its own); the
 * context is kept, the invariants checked, the deadlines carried or recomputed, and a `route.gemigreerd` entry
 * chained into the journal. A case that cannot be migrated is refused with every reason, and stays as it was.
 * @example
 * const decision = migrateCase(state, { to: { id: 'zorgplicht', version: '2.0.0' }, actor }, Date.now(), routes);
 */
export function migrateCase(
  state: CaseState,
  request: unknown,
  now: Instant | number | Date,
  routes: RouteRegistry = HOST_ROUTES,
): MigrationDecision {
  const stage = stageOf(state.snapshot);
  const parsed = MigrationRequestSchema.safeParse(request);
  if (!parsed.success)
    return refuse('the migration request is invalid', stage, toIssues(parsed.error.issues));
  const from = { id: state.route.id, version: state.route.version };
  const { to, actor } = parsed.data;
  const target = routes.get(to.id, to.version);
  if (target === undefined)
    return refuse(`route ${routeKey(to)} is not available here`, stage, [
      { path: 'to', message: `unknown; known: ${routes.routes.map(routeKey).join(', ')}` },
    ]);
  if (to.id !== from.id)
    return refuse(`a case of ${from.id} cannot move to another route (${to.id})`, stage, [
      { path: 'to', message: `must be a version of ${from.id}` },
    ]);
  if (compareVersions(to.version, from.version) <= 0)
    return refuse(`case ${state.caseId} runs ${routeKey(from)}; ${routeKey(to)} is not newer`, stage, [
      { path: 'to', message: `must be a version after ${from.version}` },
    ]);
  if (isClosed(state)) return refuse(`case ${state.caseId} is closed`, stage, []);
  const migration = (target.definition.migrations ?? []).find((each) => each.from === from.version);
  if (migration === undefined)
    return refuse(`${routeKey(to)} declares no migration from ${from.version}`, stage, [
      { path: 'to', message: `its "migrations" have no entry "from": "${from.version}"` },
    ]);

  const issues: Issue[] = [];
  const statesBefore = statesOf(state.snapshot);
  const statesAfter = statesBefore.map((leaf) => mappedPath(leaf, migration.states));
  statesAfter.forEach((path, index) => {
    if (!hasState(target, path))
      issues.push({
        path: `states.${statesBefore[index] ?? path}`,
        message: `has no place in ${routeKey(to)}: its migration from ${from.version} maps it nowhere`,
      });
  });
  const value = issues.length === 0 ? valueOf(statesAfter) : undefined;
  if (issues.length === 0 && value === undefined)
    issues.push({ path: 'states', message: `two states map to one place: ${statesAfter.join(', ')}` });
  const context = migratedContext(state.snapshot.context as Record<string, unknown>, target);
  issues.push(...context.issues);
  if (issues.length > 0) return refuse(`case ${state.caseId} cannot move to ${routeKey(to)}`, stage, issues);

  const snapshot = target.machine.resolveState({ value: value as StateValue, context: context.context });
  const norms = migratedNorms(state, target);
  const recordedAt = toInstant(now);
  const clocked = advanceTo(state, recordedAt, recordedAt);
  const moved = migratedDeadlines(clocked.state, norms);
  const problems = [...invariantIssues(snapshot), ...moved.issues];
  if (problems.length > 0)
    return refuse(`case ${state.caseId} cannot move to ${routeKey(to)}`, stage, problems);

  const herberekend = new Set(moved.herberekend);
  const seq = clocked.state.journal.length + 1;
  const idempotencyKey = `${MIGRATION_EVENT}/${routeKey(from)}/${routeKey(to)}`;
  const entry: MigrationEntry = {
    seq,
    prevHash: chainHead(clocked.state.journal, state.caseId),
    kind: 'gebeurtenis',
    type: MIGRATION_EVENT,
    payload: {
      from,
      to: { id: to.id, version: to.version },
      statesBefore,
      statesAfter: statesOf(snapshot),
      normsBefore: state.norms,
      meegenomen: moved.deadlines.filter((each) => !herberekend.has(each.id)).map((each) => each.id),
    },
    actor,
    idempotencyKey,
    occurredAt: recordedAt,
    recordedAt,
    stageBefore: stage,
    stageAfter: stageOf(snapshot),
    regisseur: contextOf(snapshot).regisseur,
    planRevisie: contextOf(snapshot).plan?.revisie ?? null,
    deadlines: { ...noChanges(), gestart: moved.herberekend },
  };
  const migrated: CaseState = {
    ...clocked.state,
    route: entry.payload.to,
    norms,
    snapshot,
    deadlines: moved.deadlines,
    journal: [...clocked.state.journal, entry],
    // The migration is a point on the case's time line: an event after it cannot have happened before it.
    lastOccurredAt: recordedAt > clocked.state.lastOccurredAt ? recordedAt : clocked.state.lastOccurredAt,
    // Its key is taken: an event sent with it later is a conflict, not a second entry under one key.
    idempotency: {
      ...clocked.state.idempotency,
      [idempotencyKey]: { seq, fingerprint: canonical({ type: MIGRATION_EVENT, to, actor }) },
    },
  };
  return { ok: true, state: migrated, effects: clocked.effects, entry };
}

/** What a migration would do to one case, or why it cannot: `passend route migrate --dry-run` prints it. */
export interface MigrationPreview {
  readonly caseId: string;
  readonly from: RouteVersionRef;
  readonly to: RouteVersionRef | null;
  readonly ok: boolean;
  readonly statesBefore: readonly string[];
  readonly statesAfter: readonly string[];
  /** Carried deadlines by id; recomputed ones with their due moment. */
  readonly meegenomen: readonly string[];
  readonly herberekend: readonly { readonly id: string; readonly dueAt: Instant; readonly status: string }[];
  readonly refusal: MigrationRefusal | null;
}

/** The preview of a migration decision for `state` (see {@link migrateCase}); writes nothing. */
export function previewOf(state: CaseState, decision: MigrationDecision): MigrationPreview {
  const base = {
    caseId: state.caseId,
    from: { id: state.route.id, version: state.route.version },
    statesBefore: statesOf(state.snapshot),
  };
  if (!decision.ok)
    return {
      ...base,
      to: null,
      ok: false,
      statesAfter: [],
      meegenomen: [],
      herberekend: [],
      refusal: decision.rejection,
    };
  const { entry } = decision;
  return {
    ...base,
    to: entry.payload.to,
    ok: true,
    statesAfter: entry.payload.statesAfter,
    meegenomen: entry.payload.meegenomen,
    herberekend: decision.state.deadlines
      .filter((deadline) => entry.deadlines.gestart.includes(deadline.id))
      .map(({ id, dueAt, status }) => ({ id, dueAt, status })),
    refusal: null,
  };
}
