import type { Issue } from './errors.js';
import type {
  GuardExpression,
  NamedReference,
  RouteDefinitionFile,
  StageDefinition,
  Transitions,
} from './route-format.js';
import { ACTIONS, GUARDS } from './route-library.js';

/*
 * What a route definition must satisfy beyond its schema: every target exists, every stage can be reached, every
 * guard and action is in the library with fitting parameters and is used on events whose payload has the fields it
 * reads, ids are unique. Each problem is an issue with its path, so an author sees them all at once.
 */

/** A path segment as written in an issue: dotted, and an event type (which holds dots) in brackets. */
export function pathOf(segments: readonly (string | number)[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'string' && segment.includes('.')
        ? `["${segment}"]`
        : `${index === 0 ? '' : '.'}${segment}`,
    )
    .join('');
}

/** One state node of the definition, with where it sits. */
export interface StageNode {
  readonly key: string;
  readonly keys: readonly string[];
  /** Its path in the definition file, for issues. */
  readonly at: readonly (string | number)[];
  readonly stage: StageDefinition;
  readonly parent: StageNode | undefined;
  readonly children: readonly StageNode[];
}

/** Every state node, depth first, the root first. */
export function stageNodes(definition: RouteDefinitionFile): StageNode[] {
  const nodes: StageNode[] = [];
  const visit = (
    stage: StageDefinition,
    keys: string[],
    at: (string | number)[],
    parent: StageNode | undefined,
  ): StageNode => {
    const children: StageNode[] = [];
    const node: StageNode = { key: keys.at(-1) ?? definition.id, keys, at, stage, parent, children };
    nodes.push(node);
    for (const [key, child] of Object.entries(stage.states ?? {})) {
      children.push(visit(child, [...keys, key], [...at, 'states', key], node));
    }
    return node;
  };
  visit(definition.machine, [], ['machine'], undefined);
  return nodes;
}

/** The XState id of a node: its own `id`, or the route id and its path. */
export function nodeId(definition: RouteDefinitionFile, node: StageNode): string {
  return node.stage.id ?? [definition.id, ...node.keys].join('.');
}

function descend(from: StageNode, path: readonly string[]): StageNode | undefined {
  let node: StageNode | undefined = from;
  for (const key of path) node = node?.children.find((child) => child.key === key);
  return node;
}

/** Where a transition target leads, as XState resolves it: `#id.path`, `.child`, or a sibling path. */
export function resolveTarget(
  definition: RouteDefinitionFile,
  nodes: readonly StageNode[],
  source: StageNode,
  target: string,
): StageNode | undefined {
  if (target.startsWith('#')) {
    const [id = '', ...rest] = target.slice(1).split('.');
    // An id may itself hold dots (the default `route.stage.child`): try the longest prefix that names a node.
    const parts = [id, ...rest];
    for (let length = parts.length; length > 0; length--) {
      const candidate = parts.slice(0, length).join('.');
      const node = nodes.find((each) => nodeId(definition, each) === candidate);
      if (node !== undefined) return descend(node, parts.slice(length));
    }
    return undefined;
  }
  if (target.startsWith('.')) return descend(source, target.slice(1).split('.'));
  const parent = source.parent ?? source;
  return descend(parent, target.split('.'));
}

/** One transition as written: its event (`always` for an eventless one), source node and path. */
export interface TransitionSite {
  readonly event: string | null;
  readonly source: StageNode;
  readonly at: readonly (string | number)[];
  readonly target: string | undefined;
  readonly guard: GuardExpression | undefined;
  readonly actions: readonly NamedReference[];
}

function sitesOf(
  transitions: Transitions,
  event: string | null,
  source: StageNode,
  at: (string | number)[],
): TransitionSite[] {
  const list = Array.isArray(transitions) ? transitions : [transitions];
  return list.map((transition, index) => {
    const where = Array.isArray(transitions) ? [...at, index] : at;
    if (typeof transition === 'string')
      return { event, source, at: where, target: transition, guard: undefined, actions: [] };
    const actions =
      transition.actions === undefined
        ? []
        : Array.isArray(transition.actions)
          ? transition.actions
          : [transition.actions];
    return { event, source, at: where, target: transition.target, guard: transition.guard, actions };
  });
}

/** Every transition of the definition. */
export function transitionSites(nodes: readonly StageNode[]): TransitionSite[] {
  return nodes.flatMap((node) => [
    ...Object.entries(node.stage.on ?? {}).flatMap(([event, transitions]) =>
      sitesOf(transitions, event, node, [...node.at, 'on', event]),
    ),
    ...(node.stage.always === undefined
      ? []
      : sitesOf(node.stage.always, null, node, [...node.at, 'always'])),
  ]);
}

function referenceParts(reference: NamedReference): { name: string; params: unknown } {
  return typeof reference === 'string'
    ? { name: reference, params: undefined }
    : { name: reference.type, params: reference.params };
}

/** The payload fields a library entry reads, or issues when it is unknown or its parameters do not fit. */
function checkReference(
  kind: 'guard' | 'action',
  reference: NamedReference,
  at: readonly (string | number)[],
  issues: Issue[],
  aliases: Readonly<Record<string, GuardExpression>> = {},
): { payload: readonly string[]; context: readonly string[] } {
  const { name, params } = referenceParts(reference);
  const alias = kind === 'guard' && Object.hasOwn(aliases, name) ? aliases[name] : undefined;
  if (alias !== undefined) {
    // The route's own guard: what it reads is what its library guards read (their problems are reported once,
    // where the alias is defined).
    if (params !== undefined)
      issues.push({
        path: pathOf([...at, 'params']),
        message: `guard "${name}" is the route's own and takes no parameters`,
      });
    const uses = guardReferences(alias, []).references.map(({ reference: each }) =>
      checkReference('guard', each, [], []),
    );
    return { payload: uses.flatMap((use) => use.payload), context: uses.flatMap((use) => use.context) };
  }
  const library = kind === 'guard' ? GUARDS : ACTIONS;
  const entry = Object.hasOwn(library, name) ? library[name] : undefined;
  if (entry === undefined) {
    issues.push({
      path: pathOf(at),
      message: `unknown ${kind} "${name}"; the library has ${Object.keys(library).join(', ')}`,
    });
    return { payload: [], context: [] };
  }
  if (entry.params === undefined) {
    if (params !== undefined)
      issues.push({ path: pathOf([...at, 'params']), message: `${kind} "${name}" takes no parameters` });
    return entry.uses(undefined as never);
  }
  const parsed = entry.params.safeParse(params);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      issues.push({
        path: pathOf([...at, 'params', ...issue.path.map(String)]),
        message: `${kind} "${name}": ${issue.message}`,
      });
    }
    return { payload: [], context: [] };
  }
  return entry.uses(parsed.data as never);
}

/** The guards of an expression, each with its path, and the `in` targets it names. */
export function guardReferences(
  guard: GuardExpression,
  at: readonly (string | number)[],
): {
  references: { reference: NamedReference; at: readonly (string | number)[] }[];
  states: { id: string; at: readonly (string | number)[] }[];
} {
  if (typeof guard === 'string' || 'type' in guard)
    return { references: [{ reference: guard, at }], states: [] };
  if ('in' in guard) return { references: [], states: [{ id: guard.in, at: [...at, 'in'] }] };
  const parts: [GuardExpression, (string | number)[]][] =
    'not' in guard
      ? [[guard.not, [...at, 'not']]]
      : 'and' in guard
        ? guard.and.map((each, index) => [each, [...at, 'and', index]])
        : guard.or.map((each, index) => [each, [...at, 'or', index]]);
  const found = parts.map(([each, where]) => guardReferences(each, where));
  return {
    references: found.flatMap((each) => each.references),
    states: found.flatMap((each) => each.states),
  };
}

/**
 * Checks a transition's guards and actions against the library, the payload of its event and the context:
 * `payloadOf(event)` gives the fields of the event's payload (undefined for an event the route does not declare).
 */
export function checkTransition(
  site: TransitionSite,
  payloadOf: (event: string) => readonly string[] | undefined,
  contextFields: readonly string[],
  issues: Issue[],
  aliases: Readonly<Record<string, GuardExpression>> = {},
): void {
  const used: {
    payload: readonly string[];
    context: readonly string[];
    at: readonly (string | number)[];
    name: string;
  }[] = [];
  if (site.guard !== undefined) {
    for (const { reference, at } of guardReferences(site.guard, [...site.at, 'guard']).references) {
      used.push({
        ...checkReference('guard', reference, at, issues, aliases),
        at,
        name: referenceParts(reference).name,
      });
    }
  }
  site.actions.forEach((action, index) => {
    const at = [...site.at, 'actions', ...(site.actions.length > 1 ? [index] : [])];
    used.push({ ...checkReference('action', action, at, issues), at, name: referenceParts(action).name });
  });
  const fields = site.event === null ? [] : (payloadOf(site.event) ?? []);
  for (const use of used) {
    for (const field of use.payload.filter((field) => !fields.includes(field))) {
      const on =
        site.event === null
          ? 'an eventless (`always`) transition'
          : `"${site.event}", whose payload has no "${field}"`;
      issues.push({
        path: pathOf(use.at),
        message: `"${use.name}" reads the payload field "${field}": not on ${on}`,
      });
    }
    for (const field of use.context.filter((field) => !contextFields.includes(field))) {
      issues.push({
        path: pathOf(use.at),
        message: `"${use.name}" needs the context field "${field}", which the route's context lacks`,
      });
    }
  }
}

/** The nodes a case can ever be in: initial states, parallel regions, and every target of a reachable transition. */
export function reachableNodes(
  definition: RouteDefinitionFile,
  nodes: readonly StageNode[],
  sites: readonly TransitionSite[],
): Set<StageNode> {
  const reached = new Set<StageNode>();
  const enterDown = (node: StageNode | undefined): void => {
    if (node === undefined || reached.has(node)) return;
    reached.add(node);
    const { stage } = node;
    if (stage.type === 'parallel') for (const child of node.children) enterDown(child);
    else if (stage.initial !== undefined)
      enterDown(node.children.find((child) => child.key === stage.initial));
  };
  // Entering a node enters its ancestors, and every region of a parallel ancestor.
  const enter = (node: StageNode): void => {
    enterDown(node);
    for (let parent = node.parent; parent !== undefined; parent = parent.parent) {
      reached.add(parent);
      if (parent.stage.type === 'parallel') for (const child of parent.children) enterDown(child);
    }
  };
  const [root] = nodes;
  if (root !== undefined) enter(root);
  for (let grew = true; grew;) {
    const before = reached.size;
    for (const site of sites) {
      if (!reached.has(site.source) || site.target === undefined) continue;
      const target = resolveTarget(definition, nodes, site.source, site.target);
      if (target !== undefined) enter(target);
    }
    grew = reached.size > before;
  }
  return reached;
}

/** Checks the route's own guards: each a new name, built from library guards with fitting parameters. */
export function checkGuardAliases(
  aliases: Readonly<Record<string, GuardExpression>>,
  contextFields: readonly string[],
  issues: Issue[],
): void {
  for (const [name, expression] of Object.entries(aliases)) {
    if (Object.hasOwn(GUARDS, name))
      issues.push({
        path: pathOf(['guards', name]),
        message: `"${name}" is a guard of the library; give the route's own guard another name`,
      });
    for (const { reference, at } of guardReferences(expression, ['guards', name]).references) {
      const uses = checkReference('guard', reference, at, issues);
      for (const field of uses.context.filter((field) => !contextFields.includes(field))) {
        issues.push({
          path: pathOf(at),
          message: `needs the context field "${field}", which the route's context lacks`,
        });
      }
    }
  }
}
