// The dashboard's script: signs in with a bearer token kept in this tab, loads /dashboard/data every few seconds
// without reloading the page, and opens a case's panel from any case button. Bundled by esbuild into the page.
import type { CaseView } from '../../../core/index.js';
import type { CaseRoute } from '../../case-route-schemas.js';
import type { DashboardData } from '../../dashboard-schemas.js';
import { asApiError, forgetToken, getJson, storedToken, storeToken } from './api.js';
import type { ApiError } from './api.js';
import { renderBoard } from './board.js';
import { caseRouteSection } from './case-route.js';
import { byId, h } from './dom.js';
import { clock } from './time.js';
import { renderTimeline } from './timeline.js';

const params = new URLSearchParams(window.location.search);
const refreshSeconds = clamp(Number.parseInt(params.get('refresh') ?? '', 10), 1, 3600, 10);
const forwarded = new URLSearchParams();
for (const name of ['regio', 'organisatie', 'route']) {
  const value = params.get(name);
  if (value) forwarded.set(name, value);
}
// `?case=ID` opens that case's panel once signed in: a link to a case on its route.
let requestedCase = params.get('case');
const dataUrl = `/dashboard/data${forwarded.size > 0 ? `?${forwarded.toString()}` : ''}`;

let timer: number | undefined;
let loading = false;
let loads = 0;
let openCaseId: string | null = null;
let lastUpdated: Date | null = null;
let opener: HTMLElement | null = null;
/** The open case's route section, kept across refreshes (with its step) until the journal grows. */
let routeShown: { caseId: string; entries: number; section: HTMLElement } | null = null;
let routeAsked: string | null = null;

function clamp(value: number, min: number, max: number, fallback: number): number {
  return Number.isNaN(value) ? fallback : Math.min(max, Math.max(min, value));
}

function schedule(): void {
  window.clearTimeout(timer);
  if (storedToken() !== null) timer = window.setTimeout(() => void load(), refreshSeconds * 1000);
}

async function load(): Promise<void> {
  if (loading) return;
  loading = true;
  window.clearTimeout(timer);
  try {
    const data = await getJson<DashboardData>(dataUrl);
    renderBoard(data, refreshSeconds);
    loads += 1;
    document.body.setAttribute('data-loads', String(loads));
    document.body.setAttribute('data-at', data.at);
    lastUpdated = new Date();
    byId('updated').textContent = `updated at ${clock(lastUpdated)}`;
    showError(null);
    if (openCaseId !== null) openTimeline(openCaseId, true);
  } catch (error) {
    failed(asApiError(error));
  } finally {
    loading = false;
    schedule();
  }
}

function failed(error: ApiError): void {
  if (error.status === 401) {
    signOut('The server does not know this token (or none was given): sign in again.');
    return;
  }
  if (error.status === 403) {
    signOut(`This token may not read the dashboard: ${error.message}`);
    return;
  }
  showError(`Could not refresh: ${error.message}. Trying again every ${refreshSeconds} s.`);
  byId('updated').textContent =
    lastUpdated === null
      ? 'not loaded (refresh failed)'
      : `updated at ${clock(lastUpdated)} (last refresh failed)`;
}

function showError(message: string | null): void {
  const box = byId('error');
  box.hidden = message === null;
  box.textContent = message ?? '';
}

function signedIn(): void {
  byId('login').hidden = true;
  byId('board').hidden = false;
  byId('controls').hidden = false;
  byId('updated').textContent = 'loading…';
  void load();
  if (requestedCase !== null && requestedCase !== '') openTimeline(requestedCase, false);
  requestedCase = null;
}

function signOut(message: string | null): void {
  window.clearTimeout(timer);
  forgetToken();
  closeTimeline();
  byId('board').hidden = true;
  byId('controls').hidden = true;
  byId('login').hidden = false;
  byId('viewer').textContent = '';
  lastUpdated = null;
  showError(message);
  byId('token').focus();
}

function openTimeline(caseId: string, quiet: boolean): void {
  openCaseId = caseId;
  const panel = byId('timeline');
  panel.hidden = false;
  panel.setAttribute('data-case-id', caseId);
  document.body.classList.add('panel-open');
  if (!quiet) {
    byId('timeline-title').textContent = `Case ${caseId}`;
    byId('timeline-body').replaceChildren(h('p', { className: 'muted', text: 'Loading the case…' }));
    byId('timeline-title').focus();
  }
  getJson<CaseView>(`/cases/${encodeURIComponent(caseId)}`).then(
    (view) => {
      if (openCaseId !== caseId) return;
      renderTimeline(view);
      showRoute(caseId, view.journal.length);
    },
    (error: unknown) => {
      if (openCaseId !== caseId) return;
      const failure = asApiError(error);
      if (failure.status === 401) {
        failed(failure);
        return;
      }
      byId('timeline-body').replaceChildren(
        h('p', { className: 'error', text: `Could not read case ${caseId}: ${failure.message}` }),
      );
    },
  );
}

/** Puts the case's route section into the panel: the one shown, or a new one when the journal has grown. */
function showRoute(caseId: string, entries: number): void {
  const slot = byId('case-route-slot');
  if (routeShown !== null && routeShown.caseId === caseId && routeShown.entries === entries) {
    slot.replaceChildren(routeShown.section);
    return;
  }
  // Reading the route replays the journal from the history: once per case and journal length, not per refresh.
  const asked = `${caseId}#${entries}`;
  if (routeAsked === asked) return;
  routeAsked = asked;
  getJson<CaseRoute>(`/dashboard/cases/${encodeURIComponent(caseId)}/route`).then(
    (route) => {
      routeAsked = null;
      if (openCaseId !== caseId) return;
      const atDate = (date: string) =>
        getJson<CaseRoute>(
          `/dashboard/cases/${encodeURIComponent(caseId)}/route?at=${encodeURIComponent(date)}`,
        );
      routeShown = { caseId, entries, section: caseRouteSection(route, atDate) };
      byId('case-route-slot').replaceChildren(routeShown.section);
    },
    (error: unknown) => {
      routeAsked = null;
      if (openCaseId !== caseId) return;
      byId('case-route-slot').replaceChildren(
        h('p', {
          className: 'error',
          text: `Could not read the route of ${caseId}: ${asApiError(error).message}`,
        }),
      );
    },
  );
}

function closeTimeline(): void {
  openCaseId = null;
  routeShown = null;
  const panel = byId('timeline');
  panel.hidden = true;
  panel.removeAttribute('data-case-id');
  document.body.classList.remove('panel-open');
  if (opener !== null && document.body.contains(opener)) opener.focus();
  opener = null;
}

byId<HTMLFormElement>('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId<HTMLInputElement>('token');
  const token = input.value.trim();
  if (token === '') return;
  storeToken(token);
  input.value = '';
  showError(null);
  signedIn();
});
byId('refresh').addEventListener('click', () => void load());
byId('signout').addEventListener('click', () => signOut(null));
byId('timeline-close').addEventListener('click', closeTimeline);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && openCaseId !== null) closeTimeline();
});
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const button = target?.closest<HTMLButtonElement>('button[data-case-id]') ?? null;
  if (button === null) return;
  opener = button;
  openTimeline(button.getAttribute('data-case-id') ?? '', false);
});
if (storedToken() !== null) signedIn();
else byId('login').hidden = false;
