// The receiver page of live inspection (/inspect?case=ID): the case's route diagram, and the inspection events
// `passend inspect ID --url ws://HOST/inspect/ws?case=ID` sends, as they arrive over this server's WebSocket:
// each event listed, each snapshot highlighting the states the case is in and the transition the event took.
// The token is the dashboard's (kept in this tab); a WebSocket cannot carry an Authorization header from a
// browser, so it travels as the subprotocol `bearer.<token as base64url>` to this server only.
import type { CaseRoute } from '../../case-route-schemas.js';
import { ApiError, asApiError, forgetToken, getJson, storedToken, storeToken } from './api.js';
import { diagramElement, scrollToActive, withAncestors } from './diagram.js';
import { byId, h } from './dom.js';
import { moment } from './time.js';

/** What an inspection event carries that the page reads (see @statelyai/inspect's StatelyInspectionEvent). */
interface InspectionEvent {
  readonly type: string;
  readonly sourceId?: string;
  readonly definition?: string;
  readonly snapshot?: { readonly value?: unknown; readonly status?: string };
  readonly event?: { readonly type?: string; readonly seq?: number; readonly occurredAt?: string };
}

/** The leaf state paths of a snapshot's value (`{ a: { b: 'c' } }` → `a.b.c`). */
export function statePaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [`${prefix}${value}`];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const inner = statePaths(child, `${prefix}${key}.`);
    return inner.length > 0 ? inner : [`${prefix}${key}`];
  });
}

/** Highlights `paths` on the diagram and, for `eventType`, the transitions from `before` into them. */
function highlight(
  svg: SVGSVGElement,
  paths: readonly string[],
  before: readonly string[],
  eventType?: string,
) {
  const active = withAncestors(paths);
  svg.setAttribute('data-states', paths.join(' '));
  svg.querySelectorAll('g.state').forEach((state) => {
    state.classList.toggle('active', active.has(state.getAttribute('data-state') ?? ''));
  });
  svg.querySelectorAll('g.transition.taken').forEach((edge) => edge.classList.remove('taken'));
  if (eventType === undefined) {
    scrollToActive(svg);
    return;
  }
  const from = withAncestors(before);
  svg.querySelectorAll(`g.transition[data-event="${CSS.escape(eventType)}"]`).forEach((edge) => {
    const source = edge.getAttribute('data-source') ?? '';
    const target = edge.getAttribute('data-target') ?? '';
    if (from.has(source) && active.has(target)) edge.classList.add('taken');
  });
  scrollToActive(svg);
}

const base64url = (text: string): string =>
  btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function showError(message: string): void {
  const error = byId('error');
  error.textContent = message;
  error.hidden = message === '';
}

/** Listens on this server's /inspect/ws for `caseId`, showing each inspection event on `svg` and in the list. */
function listen(caseId: string, svg: SVGSVGElement, initial: readonly string[]): void {
  const status = byId('status');
  const list = byId<HTMLOListElement>('events');
  const current = byId('current');
  let states = [...initial];
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const address = `${scheme}://${window.location.host}/inspect/ws?case=${encodeURIComponent(caseId)}`;
  byId('command').textContent =
    `passend inspect ${caseId} --url '${address}' --token-file FILE (a coordinator's or auditor's token)`;
  const socket = new WebSocket(address, ['passend.inspect', `bearer.${base64url(storedToken() ?? '')}`]);
  socket.addEventListener('open', () => {
    status.textContent = `listening for case ${caseId}`;
  });
  socket.addEventListener('close', (event) => {
    status.textContent = `not listening (${event.code}${event.reason === '' ? '' : `: ${event.reason}`})`;
  });
  socket.addEventListener('message', (message) => {
    let received: InspectionEvent;
    try {
      received = JSON.parse(String(message.data)) as InspectionEvent;
    } catch {
      return;
    }
    if (received.type === '@xstate.event') {
      const event = received.event ?? {};
      list.prepend(
        h('li', { 'data-kind': 'gebeurtenis', 'data-type': event.type ?? '', 'data-seq': event.seq ?? '' }, [
          h('span', { className: 'what', text: event.type ?? '(no type)' }),
          h('span', {
            className: 'detail',
            text: ` #${event.seq ?? '?'} · ${moment(event.occurredAt)} Amsterdam · from ${received.sourceId ?? '?'}`,
          }),
        ]),
      );
      byId('events-empty').hidden = true;
      return;
    }
    if (received.type !== '@xstate.snapshot' && received.type !== '@xstate.actor') return;
    // A new actor is the journal replayed again (the command run anew): its list starts over.
    if (received.type === '@xstate.actor') {
      list.replaceChildren();
      byId('events-empty').hidden = false;
    }
    const next = statePaths(received.snapshot?.value);
    highlight(svg, next, states, received.type === '@xstate.snapshot' ? received.event?.type : undefined);
    states = next;
    current.textContent = `${received.type === '@xstate.actor' ? 'Started in' : `After ${received.event?.type ?? 'an event'}: in`} ${next.join(', ')}${received.snapshot?.status === 'done' ? ' (closed)' : ''}`;
  });
}

/** Opens the case: its diagram from the server, then the stream. */
async function open(caseId: string): Promise<void> {
  showError('');
  const route = await getJson<CaseRoute>(`/dashboard/cases/${encodeURIComponent(caseId)}/route`);
  const svg = diagramElement(route.diagram);
  byId('case-title').textContent = `Case ${route.caseId} on ${route.route.id}@${route.route.version}`;
  byId('diagram').replaceChildren(svg);
  const now = route.steps.at(-1)?.states ?? [];
  highlight(svg, now, now);
  byId('current').textContent =
    `Now in ${now.join(', ')} (as the journal stands; the stream shows each step)`;
  byId('login').hidden = true;
  byId('inspector').hidden = false;
  listen(caseId, svg, now);
}

function start(): void {
  const params = new URLSearchParams(window.location.search);
  const caseInput = byId<HTMLInputElement>('case');
  caseInput.value = params.get('case') ?? '';
  const attempt = (): void => {
    const caseId = caseInput.value.trim();
    if (storedToken() === null || caseId === '') {
      byId('login').hidden = false;
      return;
    }
    open(caseId).catch((error: unknown) => {
      const failure = asApiError(error);
      if (failure instanceof ApiError && failure.status === 401) forgetToken();
      byId('login').hidden = false;
      showError(`Cannot inspect case ${caseId}: ${failure.message} (HTTP ${failure.status})`);
    });
  };
  byId<HTMLFormElement>('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = byId<HTMLInputElement>('token').value.trim();
    if (token !== '') storeToken(token);
    const url = new URL(window.location.href);
    url.searchParams.set('case', caseInput.value.trim());
    window.history.replaceState(null, '', url);
    attempt();
  });
  attempt();
}

start();
