// The route diagram as the dashboard's case panel and the live inspection page show it: the server's SVG (laid out
// from the route's machine, no case data in it), the states a case is in with their ancestors, and the frame
// scrolled to them.

/** Every state path `paths` lie in: each leaf and all its ancestors (`a.b.c`, `a.b`, `a`). */
export function withAncestors(paths: readonly string[]): Set<string> {
  const all = new Set<string>();
  for (const path of paths) {
    const parts = path.split('.');
    for (let length = 1; length <= parts.length; length++) all.add(parts.slice(0, length).join('.'));
  }
  return all;
}

/** The diagram: the server's SVG, parsed as SVG and drawn at 60 % (the labels stay readable; the frame scrolls). */
export function diagramElement(svg: string): SVGSVGElement {
  // DOMParser's SVG mode builds inert nodes (no script runs); the markup comes from the route, not from a case.
  const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
  const element = document.importNode(parsed, true) as unknown as SVGSVGElement;
  const [, , width = '0', height = '0'] = (element.getAttribute('viewBox') ?? '').split(' ');
  element.setAttribute('width', String(Math.round(Number(width) * 0.6)));
  element.setAttribute('height', String(Math.round(Number(height) * 0.6)));
  return element;
}

/** Scrolls the diagram's frame so that the first state the case is in sits in the middle. */
export function scrollToActive(svg: SVGSVGElement): void {
  const frame = svg.parentElement;
  const box = svg.querySelector<SVGRectElement>('g.state.active:not(.compound):not(.parallel) > rect');
  if (frame === null || box === null) return;
  const [, , width = '1'] = (svg.getAttribute('viewBox') ?? '').split(' ');
  const scale = Number(svg.getAttribute('width')) / Number(width);
  const [x, y] = ['x', 'y'].map((name) => Number(box.getAttribute(name)) * scale);
  frame.scrollTo({ left: (x ?? 0) - frame.clientWidth / 2, top: (y ?? 0) - frame.clientHeight / 2 });
}
