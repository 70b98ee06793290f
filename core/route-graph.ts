import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** What a box in a route diagram stands for. `initial` is the dot that points at a compound state's first child. */
export type DiagramNodeKind = 'atomic' | 'compound' | 'parallel' | 'final' | 'history' | 'initial';

/** A box of a route diagram, before layout. `state` is the state's path joined with dots, as `audit at` prints it. */
export interface DiagramNode {
  readonly id: string;
  readonly kind: DiagramNodeKind;
  readonly label: string;
  readonly state: string;
  /** Set on the regions of a parallel state: they are entered together. */
  readonly region: boolean;
  readonly children: readonly DiagramNode[];
}

/** An arrow of a route diagram: one transition target, labelled with its event and guard. */
export interface DiagramEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly event: string;
  readonly label: string;
  /** The id of the node whose box holds the arrow (the root is `root`). */
  readonly container: string;
}

/** A route's statechart as boxes and arrows, in document order, ready for a layout engine. */
export interface DiagramGraph {
  readonly route: string;
  readonly root: DiagramNode;
  readonly edges: readonly DiagramEdge[];
}

/**
 * The boxes and arrows of `machine`'s statechart, read from the compiled machine: nested and parallel states as
 * boxes holding their children, an initial dot in every compound state, history and final states, and every
 * transition that moves the case (events and `always`), labelled with its guard.
 */
export function routeGraph(machine: AnyStateMachine): DiagramGraph {
  const edges: DiagramEdge[] = [];
  const root = nodeOf(machine.root, false, edges);
  collectTransitions(machine.root, edges);
  return { route: machine.id, root, edges };
}

function nodeId(node: AnyStateNode): string {
  return node.path.length === 0 ? 'root' : `state:${node.path.join('.')}`;
}

function childrenOf(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states) as AnyStateNode[];
}

function kindOf(node: AnyStateNode): DiagramNodeKind {
  if (node.type === 'history' || node.type === 'final' || node.type === 'parallel') return node.type;
  return node.type === 'compound' ? 'compound' : 'atomic';
}

function nodeOf(node: AnyStateNode, region: boolean, edges: DiagramEdge[]): DiagramNode {
  const kind = kindOf(node);
  const children = childrenOf(node).map((child) => nodeOf(child, node.type === 'parallel', edges));
  const first =
    node.type === 'compound' ? (node.initial?.target?.[0] as AnyStateNode | undefined) : undefined;
  if (first !== undefined) {
    const dot = `initial:${node.path.join('.')}`;
    children.unshift({ id: dot, kind: 'initial', label: '', state: '', region: false, children: [] });
    edges.push({
      id: `edge:${edges.length}`,
      source: dot,
      target: nodeId(first),
      event: '',
      label: '',
      container: nodeId(node),
    });
  }
  const label = kind === 'history' ? (node.history === 'deep' ? 'H*' : 'H') : node.key;
  return { id: nodeId(node), kind, label, state: node.path.join('.'), region, children };
}

function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
  if (typeof guard === 'function') return guard.name || 'guard';
  return undefined;
}

/**
 * The node whose box holds an arrow, the way ELK decides it: the common ancestor of both ends, the source itself
 * when the arrow points into it, and the parent of a state that loops back to itself.
 */
function containerOf(source: AnyStateNode, target: AnyStateNode): string {
  const [from, to] = [source.path, target.path];
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common += 1;
  if (common === from.length && common < to.length) return nodeId(source);
  const shared = common === from.length && common === to.length ? common - 1 : common;
  return shared <= 0 ? 'root' : `state:${from.slice(0, shared).join('.')}`;
}

function collectTransitions(node: AnyStateNode, edges: DiagramEdge[]): void {
  const moves: { event: string; guard: unknown; targets: AnyStateNode[] }[] = [];
  for (const [event, definitions] of node.transitions) {
    for (const definition of definitions) {
      moves.push({ event, guard: definition.guard, targets: (definition.target ?? []) as AnyStateNode[] });
    }
  }
  for (const definition of node.always ?? []) {
    moves.push({
      event: 'always',
      guard: definition.guard,
      targets: (definition.target ?? []) as AnyStateNode[],
    });
  }
  for (const { event, guard, targets } of moves) {
    const name = guardName(guard);
    for (const target of targets) {
      edges.push({
        id: `edge:${edges.length}`,
        source: nodeId(node),
        target: nodeId(target),
        event,
        label: name === undefined ? event : `${event} [${name}]`,
        container: containerOf(node, target),
      });
    }
  }
  for (const child of childrenOf(node)) collectTransitions(child, edges);
}
