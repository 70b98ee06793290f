import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * A route's statechart as a Mermaid `stateDiagram-v2`, drawn from the compiled machine itself, so that a picture
 * can never drift from what the engine runs: nested states as composite states, parallel regions separated by
 * `--`, initial and final states, history states (`H` shallow, `H*` deep), and every transition that changes the
 * state labelled with its event and, where it has one, its guard. Transitions that only act (no target) are left
 * out: they do not move the case.
 */
export function mermaidDiagram(machine: AnyStateMachine): string {
  const lines = ['stateDiagram-v2'];
  const root = machine.root;
  declare(root, 1, lines);
  for (const line of transitions(root)) lines.push(`  ${line}`);
  return `${lines.join('\n')}\n`;
}

/** A Mermaid-safe id for a state node: its path, joined. */
function idOf(node: AnyStateNode): string {
  return node.path.length === 0 ? 'root' : node.path.join('__').replace(/[^A-Za-z0-9_]/g, '_');
}

function children(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states) as AnyStateNode[];
}

function declare(node: AnyStateNode, depth: number, lines: string[]): void {
  const pad = '  '.repeat(depth);
  const kids = children(node);
  const initial = node.type === 'compound' ? initialChild(node) : undefined;
  kids.forEach((child, index) => {
    if (node.type === 'parallel' && index > 0) lines.push(`${pad}--`);
    const id = idOf(child);
    if (child.type === 'history') {
      lines.push(`${pad}state "${child.history === 'deep' ? 'H*' : 'H'}" as ${id}`);
      return;
    }
    lines.push(`${pad}state "${child.key}" as ${id}`);
    if (child.type === 'compound' || child.type === 'parallel') {
      lines.push(`${pad}state ${id} {`);
      declare(child, depth + 1, lines);
      lines.push(`${pad}}`);
    }
    if (child.type === 'final') lines.push(`${pad}${id} --> [*]`);
  });
  if (initial !== undefined) lines.push(`${pad}[*] --> ${idOf(initial)}`);
}

function initialChild(node: AnyStateNode): AnyStateNode | undefined {
  const target = node.initial?.target?.[0] as AnyStateNode | undefined;
  return target;
}

function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
  if (typeof guard === 'function') return guard.name || 'guard';
  return undefined;
}

/** Every state-changing transition of `node` and its descendants, as Mermaid lines, in document order. */
function transitions(node: AnyStateNode): string[] {
  const lines: string[] = [];
  for (const [event, definitions] of node.transitions) {
    for (const definition of definitions) {
      for (const target of (definition.target ?? []) as AnyStateNode[]) {
        const guard = guardName(definition.guard);
        const label = guard === undefined ? event : `${event} [${guard}]`;
        lines.push(`${idOf(node)} --> ${idOf(target)}: ${label}`);
      }
    }
  }
  for (const definition of node.always ?? []) {
    for (const target of (definition.target ?? []) as AnyStateNode[]) {
      const guard = guardName(definition.guard);
      lines.push(`${idOf(node)} --> ${idOf(target)}: always${guard === undefined ? '' : ` [${guard}]`}`);
    }
  }
  for (const child of children(node)) lines.push(...transitions(child));
  return lines;
}
