// DOM helpers: the page builds nodes and sets text, never parses HTML strings, so no data can become markup.

/** What a node may be given as a child: a node, text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;
/** Attributes by name; `text` sets the text content, `className` the class; false or null leaves one out. */
export type Attributes = Record<string, string | number | boolean | null | undefined>;

/** The element with `id`; throws when the page lacks it, which is a bug in the page, not in the data. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no element #${id}`);
  return element as T;
}

function applyAttributes(element: Element, attributes: Attributes): void {
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') element.textContent = String(value);
    else element.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
  }
}

function append(element: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  applyAttributes(element, attributes);
  append(element, children);
  return element;
}

// The SVG namespace, taken from an SVG element of the page's own markup so the script holds no URL of any kind.
let svgNamespace: string | null = null;

/** An SVG element with attributes and children. */
export function s(tag: string, attributes: Attributes = {}, children: readonly Child[] = []): SVGElement {
  svgNamespace ??= byId('stage-svg').namespaceURI;
  const element = document.createElementNS(svgNamespace, tag) as SVGElement;
  applyAttributes(element, attributes);
  append(element, children);
  return element;
}

/** A coloured label: `kind` is also its CSS class. */
export function badge(kind: string, text?: string): HTMLSpanElement {
  return h('span', { className: `badge ${kind}`, text: text ?? kind });
}

/** A count of days, or a dash when there is none. */
export function days(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : String(value);
}

/** A value, or `(onbekend)` when the case does not say. */
export function or(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '(onbekend)' : value;
}

/** A button that opens a case's panel (the page listens for clicks on `button[data-case-id]`). */
export function caseButton(caseId: string): HTMLButtonElement {
  return h('button', {
    type: 'button',
    className: 'link',
    'data-case-id': caseId,
    text: caseId,
    'aria-label': `Open the timeline of case ${caseId}`,
  });
}

/** Runs `update` (which replaces rows) and puts the focus back on the case button it was on, if any. */
export function keepFocus(update: () => void): void {
  const active = document.activeElement;
  const caseId = active?.getAttribute('data-case-id') ?? null;
  const container = active?.closest('table') ?? null;
  update();
  if (caseId !== null && container !== null && container.id !== '') {
    const again = container.querySelector<HTMLButtonElement>(`button[data-case-id="${CSS.escape(caseId)}"]`);
    again?.focus();
  }
}
