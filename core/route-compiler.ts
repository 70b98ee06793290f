import { and, not, or, setup, stateIn } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import type { z } from 'zod';
import type { Issue } from './errors.js';
import { toIssues } from './errors.js';
import { NORM_PRESETS } from './norms.js';
import type { NormTriggers, RouteDefinition } from './route.js';
import {
  checkGuardAliases,
  checkTransition,
  nodeId,
  pathOf,
  reachableNodes,
  resolveTarget,
  stageNodes,
  transitionSites,
} from './route-checks.js';
import type {
  GuardExpression,
  NamedReference,
  RouteDefinitionFile,
  RouteEvent,
  StageDefinition,
  Transitions,
} from './route-format.js';
import { RouteDefinitionFileSchema } from './route-format.js';
import { GUARDS, libraryImplementations } from './route-library.js';
import { payloadSchema } from './route-payloads.js';

/** A route definition that cannot run, with every problem found, each by its path in the definition. */
export class RouteDefinitionError extends Error {
  override readonly name = 'RouteDefinitionError';
  readonly issues: readonly Issue[];
  constructor(what: string, issues: readonly Issue[]) {
    super(
      `${what}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

/** The events of a definition: those of the route and those its stages declare, which must agree. */
function collectEvents(
  definition: RouteDefinitionFile,
  issues: Issue[],
): Map<string, { event: RouteEvent; at: string }> {
  const events = new Map<string, { event: RouteEvent; at: string }>();
  const add = (type: string, event: RouteEvent, at: string): void => {
    const known = events.get(type);
    if (known === undefined) events.set(type, { event, at });
    else if (
      JSON.stringify(known.event.payload) !== JSON.stringify(event.payload) ||
      JSON.stringify(known.event.checks) !== JSON.stringify(event.checks)
    ) {
      issues.push({
        path: at,
        message: `the payload of "${type}" differs from its declaration at ${known.at}; an event has one payload in every stage`,
      });
    }
  };
  for (const [type, event] of Object.entries(definition.events)) add(type, event, pathOf(['events', type]));
  for (const node of stageNodes(definition)) {
    for (const [type, event] of Object.entries(node.stage.events ?? {})) {
      add(type, { payload: {}, ...event } as RouteEvent, pathOf([...node.at, 'events', type]));
    }
  }
  return events;
}

function triggersOf(norm: RouteDefinitionFile['norms'][number]): { id: string; triggers: NormTriggers } {
  if (typeof norm === 'string') return { id: norm, triggers: {} };
  const { norm: id, ...triggers } = norm;
  return { id, triggers };
}

/** Every problem of a parsed definition that its schema cannot see. */
function structuralIssues(
  definition: RouteDefinitionFile,
  events: Map<string, { event: RouteEvent; at: string }>,
  issues: Issue[],
): void {
  const nodes = stageNodes(definition);
  const sites = transitionSites(nodes);
  const contextFields = Object.keys(definition.context);
  const ids = new Map<string, string>();
  for (const node of nodes) {
    const id = nodeId(definition, node);
    const at = pathOf(node.stage.id === undefined ? node.at : [...node.at, 'id']);
    const seen = ids.get(id);
    if (seen !== undefined)
      issues.push({ path: at, message: `duplicate state id "${id}" (also at ${seen})` });
    else ids.set(id, at);
    const { stage } = node;
    const keys = node.children.map((child) => child.key);
    if (stage.initial !== undefined && !keys.includes(stage.initial)) {
      issues.push({
        path: pathOf([...node.at, 'initial']),
        message: `"${stage.initial}" is not a child stage (${keys.join(', ') || 'none'})`,
      });
    }
    if (keys.length > 0 && stage.type === undefined && stage.initial === undefined) {
      issues.push({
        path: pathOf(node.at),
        message: 'a stage with child stages needs `initial` (or `type: "parallel"`)',
      });
    }
    if ((stage.type === 'final' || stage.type === 'history') && keys.length > 0) {
      issues.push({
        path: pathOf([...node.at, 'states']),
        message: `a ${stage.type} stage has no child stages`,
      });
    }
    if (stage.history !== undefined && stage.type !== 'history') {
      issues.push({
        path: pathOf([...node.at, 'history']),
        message: 'only a stage of type "history" has `history`',
      });
    }
  }
  checkGuardAliases(definition.guards, contextFields, issues);
  const taken = new Set<string>();
  for (const site of sites) {
    if (site.event !== null) {
      taken.add(site.event);
      if (!events.has(site.event))
        issues.push({
          path: pathOf(site.at),
          message: `"${site.event}" is not an event of the route; declare it under events`,
        });
      if (site.event === definition.startEvent)
        issues.push({
          path: pathOf(site.at),
          message: `"${site.event}" opens a case; no stage takes it again`,
        });
    }
    if (
      site.target !== undefined &&
      resolveTarget(definition, nodes, site.source, site.target) === undefined
    ) {
      issues.push({
        path: pathOf([...site.at, ...(typeof site.target === 'string' ? [] : [])]),
        message: `target "${site.target}" is not a stage of the route`,
      });
    }
    checkTransition(
      site,
      (event) => {
        const declared = events.get(event);
        return declared === undefined ? undefined : Object.keys(declared.event.payload);
      },
      contextFields,
      issues,
      definition.guards,
    );
  }
  const reached = reachableNodes(definition, nodes, sites);
  for (const node of nodes.filter((each) => !reached.has(each))) {
    issues.push({ path: pathOf(node.at), message: `stage "${node.keys.join('.')}" can never be reached` });
  }
  for (const [type, { at }] of events) {
    if (type !== definition.startEvent && !taken.has(type))
      issues.push({ path: at, message: `no stage takes "${type}"` });
  }
  if (!events.has(definition.startEvent)) {
    issues.push({
      path: 'startEvent',
      message: `"${definition.startEvent}" is not an event of the route; declare it under events`,
    });
  }
  const startFields = Object.keys(events.get(definition.startEvent)?.event.payload ?? {});
  for (const [field, value] of Object.entries(definition.context)) {
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      'fromStart' in value &&
      Object.keys(value).length === 1
    ) {
      const from = String(value['fromStart']);
      if (!startFields.includes(from))
        issues.push({
          path: pathOf(['context', field, 'fromStart']),
          message: `the start event "${definition.startEvent}" has no payload field "${from}"`,
        });
    }
  }
  for (const field of ['regisseur', 'plan']) {
    if (!contextFields.includes(field))
      issues.push({
        path: 'context',
        message: `must hold "${field}": the core reads who has regie and the plan of every route`,
      });
  }
  const normIds = new Map<string, number>();
  definition.norms.forEach((entry, index) => {
    const { id, triggers } = triggersOf(entry);
    const at = typeof entry === 'string' ? ['norms', index] : ['norms', index, 'norm'];
    if (normIds.has(id))
      issues.push({
        path: pathOf(at),
        message: `norm "${id}" is listed twice (also norms.${normIds.get(id)})`,
      });
    normIds.set(id, index);
    const preset = NORM_PRESETS.get(id);
    if (preset === undefined) {
      issues.push({
        path: pathOf(at),
        message: `"${id}" is not a norm preset; known: ${[...NORM_PRESETS.keys()].join(', ')}`,
      });
      return;
    }
    const takes = (type: string): boolean => type === definition.startEvent || taken.has(type);
    if ((triggers.pausesOn !== undefined || triggers.resumesOn !== undefined) && !preset.suspendable) {
      issues.push({
        path: pathOf(['norms', index, triggers.pausesOn !== undefined ? 'pausesOn' : 'resumesOn']),
        message: `norm "${id}" cannot be paused: its preset allows no suspension (opschorting)`,
      });
    }
    if ((triggers.pausesOn === undefined) !== (triggers.resumesOn === undefined)) {
      issues.push({
        path: pathOf(['norms', index, triggers.pausesOn === undefined ? 'pausesOn' : 'resumesOn']),
        message: `norm "${id}" needs both pausesOn and resumesOn: a clock the route stops must be able to run again`,
      });
    }
    for (const field of ['pausesOn', 'resumesOn'] as const) {
      (triggers[field] ?? []).forEach((type, position) => {
        if (!takes(type)) {
          issues.push({
            path: pathOf(['norms', index, field, position]),
            message: `norm "${id}" ${field} "${type}", an event no stage of the route takes`,
          });
        }
      });
    }
    for (const field of ['startsOn', 'metBy', 'lapsesOn'] as const) {
      const own = triggers[field];
      if (own !== undefined) {
        // The route named these itself: each must be an event it takes.
        own.forEach((type, position) => {
          if (!takes(type)) {
            issues.push({
              path: pathOf(['norms', index, field, position]),
              message: `norm "${id}" ${field} "${type}", an event no stage of the route takes`,
            });
          }
        });
      } else if (field !== 'lapsesOn' && !preset[field].some(takes)) {
        // The preset's: the norm must be able to start and to be met on this route.
        issues.push({
          path: pathOf(at),
          message: `norm "${id}" ${field} ${preset[field].join(', ')} (the preset's), events no stage of the route takes; give the route's own "${field}"`,
        });
      }
    }
  });
  for (const [index, migration] of (definition.migrations ?? []).entries()) {
    for (const [from, to] of Object.entries(migration.states)) {
      const target = to
        .split('.')
        .reduce<ReturnType<typeof stageNodes>[number] | undefined>(
          (node, key) => node?.children.find((child) => child.key === key),
          nodes[0],
        );
      if (target === undefined)
        issues.push({
          path: pathOf(['migrations', index, 'states', from]),
          message: `"${to}" is not a stage of version ${definition.version}`,
        });
    }
  }
}

/** Checks a route definition (parsed JSON) completely: the schema, then everything else. Never throws. */
export function checkRouteDefinition(input: unknown):
  | {
      definition: RouteDefinitionFile;
      payloads: Record<string, z.ZodType>;
      docs: Record<string, string>;
      issues: Issue[];
    }
  | { definition: undefined; issues: Issue[] } {
  const parsed = RouteDefinitionFileSchema.safeParse(input);
  if (!parsed.success) return { definition: undefined, issues: toIssues(parsed.error.issues) };
  const definition = parsed.data;
  const issues: Issue[] = [];
  const events = collectEvents(definition, issues);
  const payloads: Record<string, z.ZodType> = {};
  const docs: Record<string, string> = {};
  for (const [type, { event, at }] of events) {
    payloads[type] = payloadSchema(event, definition.codes, at, issues);
    docs[type] = event.doc;
  }
  structuralIssues(definition, events, issues);
  return { definition, payloads, docs, issues };
}

/**
 * Guards a route adds to the library's in its `setup()`: its own (`guards`), and each combining library guard
 * (`ondersteuningGestart`) under its name for the first parameters the route uses it with, so that diagrams and
 * snapshots' inspectors show the name rather than `or`.
 */
type ExtraGuards = Map<string, { params: string; implementation: unknown }>;

function compileGuard(guard: GuardExpression, extra: ExtraGuards): unknown {
  if (typeof guard === 'string') return guard;
  if ('type' in guard) {
    const entry = Object.hasOwn(GUARDS, guard.type) ? GUARDS[guard.type] : undefined;
    if (entry !== undefined && 'expand' in entry) {
      const params = JSON.stringify(guard.params);
      const named = extra.get(guard.type);
      if (named === undefined)
        extra.set(guard.type, { params, implementation: entry.expand(guard.params as never) });
      else if (named.params !== params) return entry.expand(guard.params as never);
      return guard.type;
    }
    return guard.params === undefined ? guard.type : { type: guard.type, params: guard.params };
  }
  if ('in' in guard) return stateIn(guard.in);
  if ('not' in guard) return not(compileGuard(guard.not, extra) as never);
  if ('and' in guard) return and(guard.and.map((each) => compileGuard(each, extra)) as never);
  return or(guard.or.map((each) => compileGuard(each, extra)) as never);
}

/** A route's own guard as an implementation: a library guard with its parameters bound, or a combination. */
function aliasImplementation(expression: GuardExpression, extra: ExtraGuards): unknown {
  const reference =
    typeof expression === 'string'
      ? { type: expression, params: undefined }
      : 'type' in expression
        ? expression
        : undefined;
  const entry =
    reference === undefined || !Object.hasOwn(GUARDS, reference.type) ? undefined : GUARDS[reference.type];
  if (reference === undefined || entry === undefined || 'expand' in entry)
    return compileGuard(expression, extra);
  return (args: never) => entry.test(args, reference.params as never);
}

const compileAction = (action: NamedReference): unknown =>
  typeof action === 'string' || action.params === undefined
    ? typeof action === 'string'
      ? action
      : action.type
    : { type: action.type, params: action.params };

function compileTransitions(transitions: Transitions, extra: ExtraGuards): unknown {
  if (Array.isArray(transitions))
    return transitions.map((each: Transitions) => compileTransitions(each, extra));
  if (typeof transitions === 'string') return { target: transitions };
  const { target, guard, actions, description } = transitions;
  return {
    ...(target === undefined ? {} : { target }),
    ...(guard === undefined ? {} : { guard: compileGuard(guard, extra) }),
    ...(actions === undefined
      ? {}
      : { actions: Array.isArray(actions) ? actions.map(compileAction) : compileAction(actions) }),
    ...(description === undefined ? {} : { description }),
  };
}

function compileStage(stage: StageDefinition, extra: ExtraGuards): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (stage.id !== undefined) config['id'] = stage.id;
  if (stage.type !== undefined) config['type'] = stage.type;
  if (stage.history !== undefined) config['history'] = stage.history;
  if (stage.initial !== undefined) config['initial'] = stage.initial;
  if (stage.description !== undefined) config['description'] = stage.description;
  if (stage.on !== undefined)
    config['on'] = Object.fromEntries(
      Object.entries(stage.on).map(([type, each]) => [type, compileTransitions(each, extra)]),
    );
  if (stage.always !== undefined) config['always'] = compileTransitions(stage.always, extra);
  if (stage.states !== undefined)
    config['states'] = Object.fromEntries(
      Object.entries(stage.states).map(([key, child]) => [key, compileStage(child, extra)]),
    );
  return config;
}

/** The machine of a checked definition: XState v5 `setup()` with the library, `createMachine()` with the stages. */
function compileMachine(definition: RouteDefinitionFile): AnyStateMachine {
  const { guards, actions } = libraryImplementations();
  const extra: ExtraGuards = new Map();
  const stages = compileStage(definition.machine, extra);
  for (const [name, expression] of Object.entries(definition.guards))
    guards[name] = aliasImplementation(expression, extra);
  for (const [name, { implementation }] of extra) guards[name] = implementation;
  const initialContext = definition.context;
  return setup({ guards: guards as never, actions: actions as never }).createMachine({
    ...stages,
    id: definition.id,
    // A fresh copy per case, so that no two cases share an object (JSON: `structuredClone` is not in the sandbox).
    context: ({ input }: { input: Record<string, unknown> }) =>
      Object.fromEntries(
        Object.entries(initialContext).map(([field, value]) => [
          field,
          isFromStart(value) ? input[value.fromStart] : (JSON.parse(JSON.stringify(value)) as unknown),
        ]),
      ),
  } as never) as unknown as AnyStateMachine;
}

function isFromStart(value: unknown): value is { fromStart: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    'fromStart' in value
  );
}

/**
 * Compiles a route definition (parsed JSON) into the route the core hosts. Throws a `RouteDefinitionError`
 * listing every problem, by path, when the definition cannot run.
 * @example
 * const route = compileRoute(JSON.parse(readFileSync('machines/toeleiding/route.json', 'utf8')));
 */
export function compileRoute(input: unknown, what = 'route definition'): RouteDefinition {
  const checked = checkRouteDefinition(input);
  if (checked.definition === undefined || checked.issues.length > 0)
    throw new RouteDefinitionError(what, checked.issues);
  const { definition, payloads, docs } = checked;
  const fromStart = Object.values(definition.context)
    .filter(isFromStart)
    .map((value) => value.fromStart);
  const norms = definition.norms.map(triggersOf);
  return {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    machine: compileMachine(definition),
    startEvent: definition.startEvent,
    payloads,
    eventDocs: docs,
    norms: norms.map((norm) => norm.id),
    normTriggers: Object.fromEntries(
      norms.filter((norm) => Object.keys(norm.triggers).length > 0).map((norm) => [norm.id, norm.triggers]),
    ),
    definition,
    startInput: (payload) =>
      Object.fromEntries(fromStart.map((field) => [field, (payload as Record<string, unknown>)[field]])),
  };
}
