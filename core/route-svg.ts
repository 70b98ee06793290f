import elkjs from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { AnyStateMachine } from 'xstate';
import { routeGraph } from './route-graph.js';
import type { DiagramEdge, DiagramGraph, DiagramNode } from './route-graph.js';

// Labels are set in a monospaced face so that their width, and so the layout, follows from their length alone:
// the same machine draws the same SVG on every machine, with no font metrics or DOM to ask.
const STATE_FONT = 13;
const EDGE_FONT = 11;
const CHAR_WIDTH = 0.6;
const HEADER = 26;

// elkjs is CommonJS: under NodeNext its default import is `module.exports`, which carries the class as `default`.
const ELK = elkjs.default;

const textWidth = (text: string, size: number): number => Math.ceil(text.length * size * CHAR_WIDTH);

/** A laid-out box: `x` and `y` are absolute, from the diagram's top left. */
export interface PlacedNode {
  readonly node: DiagramNode;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A laid-out arrow: its points, absolute, and where its label sits. */
export interface PlacedEdge {
  readonly edge: DiagramEdge;
  readonly points: readonly { x: number; y: number }[];
  readonly labelAt?: { x: number; y: number; width: number; height: number };
}

/** A route diagram after layout, everything in one coordinate system. */
export interface PlacedDiagram {
  readonly route: string;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

function elkNode(node: DiagramNode, edges: readonly DiagramEdge[]): ElkNode {
  const own = edges.filter((edge) => edge.container === node.id).map(elkEdge);
  if (node.kind === 'initial') return { id: node.id, width: 12, height: 12 };
  if (node.kind === 'history') return { id: node.id, width: 30, height: 30 };
  if (node.children.length === 0) {
    return { id: node.id, width: Math.max(64, textWidth(node.label, STATE_FONT) + 28), height: 36 };
  }
  const minimumWidth = textWidth(node.label, STATE_FONT) + 24;
  return {
    id: node.id,
    layoutOptions: {
      'elk.padding': `[top=${node.id === 'root' ? 12 : HEADER + 8},left=12,bottom=12,right=12]`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': `(${minimumWidth}, 40)`,
    },
    children: node.children.map((child) => elkNode(child, edges)),
    edges: own,
  };
}

function elkEdge(edge: DiagramEdge): ElkExtendedEdge {
  const labels =
    edge.label === ''
      ? []
      : [{ id: `${edge.id}:label`, text: edge.label, width: textWidth(edge.label, EDGE_FONT), height: 14 }];
  return { id: edge.id, sources: [edge.source], targets: [edge.target], labels };
}

/**
 * `graph` laid out by ELK's layered algorithm (the layout Stately's own visualiser uses), with compound states
 * laid out together with their children so that arrows may cross their borders. Deterministic: ELK's layered
 * algorithm is seeded, and the graph is handed over in document order.
 */
export async function layoutRouteGraph(graph: DiagramGraph): Promise<PlacedDiagram> {
  const input = elkNode(graph.root, graph.edges);
  input.layoutOptions = {
    ...input.layoutOptions,
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.edgeLabels.inline': 'false',
    'elk.layered.spacing.nodeNodeBetweenLayers': '36',
    'elk.spacing.nodeNode': '28',
    'elk.spacing.edgeLabel': '4',
    'elk.randomSeed': '1',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.json.shapeCoords': 'ROOT',
    'elk.json.edgeCoords': 'ROOT',
  };
  const laid = await new ELK().layout(input);
  const byId = new Map<string, DiagramNode>();
  const index = (node: DiagramNode): void => {
    byId.set(node.id, node);
    node.children.forEach(index);
  };
  index(graph.root);
  const nodes: PlacedNode[] = [];
  const edges: PlacedEdge[] = [];
  const edgeById = new Map(graph.edges.map((edge) => [edge.id, edge]));
  const visit = (placed: ElkNode): void => {
    const node = byId.get(placed.id);
    if (node === undefined) throw new Error(`ELK returned a node the diagram does not have: ${placed.id}`);
    if (node.id !== 'root') nodes.push({ node, ...box(placed) });
    for (const laidEdge of placed.edges ?? []) {
      const edge = edgeById.get(laidEdge.id);
      if (edge === undefined)
        throw new Error(`ELK returned an edge the diagram does not have: ${laidEdge.id}`);
      const points = (laidEdge.sections ?? []).flatMap((section) => [
        section.startPoint,
        ...(section.bendPoints ?? []),
        section.endPoint,
      ]);
      const label = laidEdge.labels?.[0];
      edges.push(label === undefined ? { edge, points } : { edge, points, labelAt: box(label) });
    }
    (placed.children ?? []).forEach(visit);
  };
  visit(laid);
  edges.sort((a, b) => Number(a.edge.id.slice(5)) - Number(b.edge.id.slice(5)));
  return { route: graph.route, width: laid.width ?? 0, height: laid.height ?? 0, nodes, edges };
}

function box(shape: { x?: number; y?: number; width?: number; height?: number }) {
  return { x: shape.x ?? 0, y: shape.y ?? 0, width: shape.width ?? 0, height: shape.height ?? 0 };
}

const round = (value: number): string => String(Math.round(value * 10) / 10);

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The diagram's CSS: inside a standalone SVG, and in the page of a view that embeds the diagram. */
export const ROUTE_DIAGRAM_STYLE = [
  `.route-diagram{font-family:ui-monospace,Menlo,Consolas,'DejaVu Sans Mono',monospace}`,
  `.route-diagram .state>rect{fill:#fff;stroke:#4a5568;stroke-width:1.2}`,
  `.route-diagram .state.compound>rect,.route-diagram .state.parallel>rect{fill:#f7fafc}`,
  `.route-diagram .state.region>rect{fill:none;stroke-dasharray:5 3}`,
  `.route-diagram .state.final>rect.inner{fill:none}`,
  `.route-diagram .state text{font-size:${STATE_FONT}px;fill:#1a202c}`,
  `.route-diagram .state.history>circle{fill:#fff;stroke:#4a5568}`,
  `.route-diagram .initial{fill:#1a202c}`,
  `.route-diagram .transition path{fill:none;stroke:#718096;stroke-width:1.1}`,
  `.route-diagram .transition text{font-size:${EDGE_FONT}px;fill:#2d3748}`,
  `.route-diagram .state.active>rect{fill:#fefcbf;stroke:#b7791f;stroke-width:2.5}`,
  `.route-diagram .state.active.compound>rect,.route-diagram .state.active.parallel>rect{fill:#fffff0}`,
  `.route-diagram .transition.taken path{stroke:#2b6cb0;stroke-width:2.2}`,
  `.route-diagram .transition.taken text{fill:#2b6cb0;font-weight:bold}`,
].join('');

function stateSvg({ node, x, y, width, height }: PlacedNode): string {
  const at = `x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(height)}"`;
  if (node.kind === 'initial') {
    return `<circle class="initial" data-initial="${escapeXml(node.id.slice(8))}" cx="${round(x + width / 2)}" cy="${round(y + height / 2)}" r="${round(width / 2)}"/>`;
  }
  const classes = ['state', node.kind, ...(node.region ? ['region'] : [])].join(' ');
  const open = `<g class="${classes}" data-state="${escapeXml(node.state)}">`;
  if (node.kind === 'history') {
    return `${open}<circle cx="${round(x + width / 2)}" cy="${round(y + height / 2)}" r="${round(width / 2)}"/><text x="${round(x + width / 2)}" y="${round(y + height / 2 + 4)}" text-anchor="middle">${escapeXml(node.label)}</text></g>`;
  }
  const nested = node.children.length > 0;
  const title = nested
    ? `<text x="${round(x + 10)}" y="${round(y + 18)}" font-weight="bold">${escapeXml(node.label)}</text>`
    : `<text x="${round(x + width / 2)}" y="${round(y + height / 2 + 4.5)}" text-anchor="middle">${escapeXml(node.label)}</text>`;
  const inner =
    node.kind === 'final'
      ? `<rect class="inner" x="${round(x + 4)}" y="${round(y + 4)}" width="${round(width - 8)}" height="${round(height - 8)}" rx="5"/>`
      : '';
  return `${open}<title>${escapeXml(node.state)}</title><rect ${at} rx="8"/>${inner}${title}</g>`;
}

function edgeSvg({ edge, points, labelAt }: PlacedEdge, marker: string): string {
  const d = points.map((point, i) => `${i === 0 ? 'M' : 'L'}${round(point.x)} ${round(point.y)}`).join(' ');
  const data =
    edge.event === ''
      ? 'class="transition initial-transition"'
      : `class="transition" data-event="${escapeXml(edge.event)}" data-source="${escapeXml(edge.source.slice(6))}" data-target="${escapeXml(edge.target.slice(6))}"`;
  const label =
    labelAt === undefined
      ? ''
      : `<text x="${round(labelAt.x)}" y="${round(labelAt.y + labelAt.height - 3)}">${escapeXml(edge.label)}</text>`;
  return `<g ${data}><path d="${d}" marker-end="url(#${marker})"/>${label}</g>`;
}

/** How a diagram is drawn: `standalone: false` leaves out its style, for a page that carries it (and whose
 * Content-Security-Policy would refuse a style inside the SVG). */
export interface RouteSvgOptions {
  readonly standalone?: boolean;
}

/** `diagram` as an SVG document: states carry `data-state`, transitions `data-event`, for highlighting. */
export function renderRouteSvg(diagram: PlacedDiagram, options: RouteSvgOptions = {}): string {
  const marker = `arrow-${diagram.route.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const [width, height] = [round(diagram.width), round(diagram.height)];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="route-diagram" data-route="${escapeXml(diagram.route)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Route ${escapeXml(diagram.route)}">`,
    ...(options.standalone === false ? [] : [`<style>${ROUTE_DIAGRAM_STYLE}</style>`]),
    `<defs><marker id="${marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#718096"/></marker></defs>`,
    ...diagram.nodes.map(stateSvg),
    ...diagram.edges.map((edge) => edgeSvg(edge, marker)),
    '</svg>',
    '',
  ].join('\n');
}

/**
 * A route's statechart as SVG, drawn from the compiled machine and laid out by ELK: nested and parallel states as
 * boxes within boxes (regions dashed), final states with a double border, history states as circles, and every
 * transition labelled with its event and guard.
 * @example
 * const svg = await svgDiagram(toeleiding.machine); // '<svg xmlns=… class="route-diagram" data-route="toeleiding" …'
 */
export async function svgDiagram(machine: AnyStateMachine, options: RouteSvgOptions = {}): Promise<string> {
  return renderRouteSvg(await layoutRouteGraph(routeGraph(machine)), options);
}
