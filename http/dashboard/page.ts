// The dashboard page: one HTML document with its CSS and script inline and no URL of anything elsewhere. The
// server sends it with a Content-Security-Policy that allows exactly this style and this script (by hash) and
// connections to itself only. The script is the TypeScript in ./client, bundled; it renders data with
// textContent and DOM nodes, never HTML strings.
import { createHash } from 'node:crypto';
import { ROUTE_DIAGRAM_STYLE } from '../../core/route-svg.js';
import { dashboardScript } from './bundle.js';

export const DASHBOARD_STYLE =
  ROUTE_DIAGRAM_STYLE +
  String.raw`
:root {
  --ink: #1d2433; --muted: #5b6475; --line: #dfe3ea; --bg: #f4f6f9; --card: #ffffff; --accent: #1f4fd1;
  --over: #b42318; --over-bg: #fee4e2; --warn: #93370d; --warn-bg: #fef0c7; --ok: #067647; --ok-bg: #dcfae6;
  --neutral-bg: #eef1f5;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  color: var(--ink); background: var(--bg); font-size: 15px; line-height: 1.4;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.top { display: flex; justify-content: space-between; align-items: center; gap: 1rem; flex-wrap: wrap;
  padding: 0.9rem 1.5rem; background: #101828; color: #fff; }
header.top h1 { margin: 0; font-size: 1.25rem; font-weight: 650; }
header.top h1 .sub { font-weight: 400; color: #c8cfdb; }
header.top .muted { color: #c8cfdb; margin: 0.2rem 0 0; font-size: 0.9rem; }
.controls { display: flex; align-items: center; gap: 0.6rem; flex-wrap: wrap; }
.controls p { margin: 0; font-size: 0.9rem; color: #c8cfdb; font-variant-numeric: tabular-nums; }
button { font: inherit; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff;
  padding: 0.35rem 0.8rem; cursor: pointer; }
button.ghost { background: transparent; border-color: #98a2b3; color: inherit; }
button:focus-visible, input:focus-visible { outline: 3px solid #84adff; outline-offset: 2px; }
button.link { background: none; border: none; color: var(--accent); padding: 0; text-decoration: underline;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; text-align: left; }
main { padding: 1.2rem 1.5rem 3rem; max-width: 1500px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.2rem;
  margin-bottom: 1.2rem; overflow-x: auto; }
.card h2 { margin: 0 0 0.6rem; font-size: 1.05rem; }
.narrow { max-width: 34rem; }
form label { display: block; font-weight: 600; margin: 0.6rem 0 0.3rem; }
form input { width: 100%; font: inherit; padding: 0.45rem 0.6rem; border: 1px solid #98a2b3; border-radius: 6px;
  margin-bottom: 0.7rem; font-family: ui-monospace, monospace; }
.error { background: var(--over-bg); color: var(--over); border: 1px solid #fda29b; border-radius: 8px;
  padding: 0.6rem 0.9rem; margin: 0 0 1rem; }
.notice { background: var(--warn-bg); color: var(--warn); border-radius: 8px; padding: 0.5rem 0.9rem; }
.tiles { list-style: none; display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 1rem;
  padding: 0; margin: 0 0 1.2rem; }
.tiles li { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 0.8rem 1rem; }
.tiles .value { display: block; font-size: 1.9rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.tiles .label { color: var(--muted); }
.tiles li.over { border-left: 6px solid var(--over); }
.tiles li.warn { border-left: 6px solid #f79009; }
.tiles li.ok { border-left: 6px solid var(--ok); }
.tiles li.all { border-left: 6px solid var(--accent); }
.grid3 { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 0 1.2rem; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(30rem, 1fr)); gap: 0 1.2rem; }
@media (min-width: 1200px) { body.panel-open main { margin-right: min(48rem, 100vw); } }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); font-size: 0.85rem; padding-bottom: 0.4rem; caption-side: top; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: 0.8rem; font-weight: 600; color: var(--muted); }
td.num, th.num { text-align: right; }
tbody th { font-weight: 500; }
tr[data-risk='overschreden'] { background: #fffbfa; }
.badge { display: inline-block; border-radius: 999px; padding: 0.05rem 0.55rem; font-size: 0.8rem; font-weight: 600;
  white-space: nowrap; background: var(--neutral-bg); color: var(--muted); }
.badge.overschreden, .badge.gehaald-na-overschrijding, .badge.exceeds { background: var(--over-bg); color: var(--over); }
.badge.waarschuwing, .badge.opgeschort { background: var(--warn-bg); color: var(--warn); }
.badge.op-schema, .badge.gehaald, .badge.within { background: var(--ok-bg); color: var(--ok); }
.badge.lopend { background: #d1e0ff; color: #1e3a8a; }
.badge.ingetrokken, .badge.gestopt { background: var(--ok-bg); color: var(--ok); }
.badge.opgeschaald, .badge.verstuurd { background: var(--over-bg); color: var(--over); }
.badge.gepland { background: var(--warn-bg); color: var(--warn); }
.badge.dubbel { background: #ede0ff; color: #4c1d95; margin-left: 0.4rem; }
ol.escalation { margin: 0; padding-left: 1.2rem; }
.norms { font-family: ui-monospace, monospace; font-size: 0.85em; }
.muted { color: var(--muted); }
.card > p.muted { font-size: 0.85rem; margin: 0 0 0.4rem; }
.empty { color: var(--muted); font-style: italic; }
svg text { font-family: inherit; fill: var(--ink); }
svg .axis { stroke: var(--line); }
svg .median { fill: #528bff; }
svg .p90 { stroke: #101828; stroke-width: 2; }
svg .whisker { stroke: #101828; stroke-width: 1; }
#stage-svg { max-width: 46rem; display: block; }
svg.minibar { display: block; width: 100%; max-width: 10rem; height: 6px; margin-top: 4px; }
svg .seg-over { fill: var(--over); } svg .seg-warn { fill: #f79009; } svg .seg-ok { fill: #98a2b3; }
.legend { display: flex; gap: 1rem; font-size: 0.85rem; color: var(--muted); margin: 0.3rem 0; }
.swatch { display: inline-block; width: 0.9rem; height: 0.6rem; vertical-align: middle; margin-right: 0.3rem; }
.swatch.median { background: #528bff; } .swatch.p90 { background: #101828; width: 0.2rem; height: 0.9rem; }
details summary { cursor: pointer; color: var(--accent); margin-top: 0.5rem; }
aside#timeline { position: fixed; top: 0; right: 0; bottom: 0; width: min(48rem, 100vw); background: var(--card);
  border-left: 1px solid var(--line); box-shadow: -8px 0 24px rgba(16, 24, 40, 0.12); overflow-y: auto;
  padding: 1rem 1.2rem 2rem; }
.panel-head { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
.panel-head h2 { margin: 0; font-size: 1.1rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.8rem 0 1rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
aside h3 { font-size: 0.95rem; margin: 1.2rem 0 0.4rem; }
ol.journal { list-style: none; padding: 0; margin: 0; border-left: 2px solid var(--line); }
ol.journal li { position: relative; padding: 0.3rem 0 0.6rem 1rem; }
ol.journal li::before { content: ''; position: absolute; left: -7px; top: 0.55rem; width: 12px; height: 12px;
  border-radius: 50%; background: #98a2b3; border: 2px solid #fff; }
ol.journal li[data-kind='deadline.overschreden']::before { background: var(--over); }
ol.journal li[data-kind='deadline.waarschuwing']::before { background: #f79009; }
ol.journal li[data-kind='gebeurtenis']::before { background: var(--accent); }
ol.journal time { display: block; font-size: 0.8rem; color: var(--muted); font-variant-numeric: tabular-nums; }
ol.journal .what { font-weight: 600; }
ol.journal .detail { color: var(--muted); font-size: 0.88rem; }
.stepper { display: flex; align-items: center; gap: 0.5rem; flex-wrap: wrap; margin: 0.3rem 0; }
.stepper input[type='range'] { flex: 1; min-width: 8rem; }
.stepper input[type='date'] { font: inherit; padding: 0.2rem 0.4rem; }
.step-label { font-size: 0.88rem; margin: 0.3rem 0; font-variant-numeric: tabular-nums; }
.route-frame { overflow: auto; max-height: 32rem; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
.route-frame svg.route-diagram text { font-family: ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace; }
.route-diagram .deadline-mark text { font-size: 11px; fill: var(--warn); font-weight: 600; }
.route-diagram .deadline-mark.overschreden text { fill: var(--over); }
ul.route-deadlines, ol.route-transitions { padding-left: 1.2rem; font-size: 0.88rem; }
`;

/** The page's script: the TypeScript in ./client, bundled (see bundle.ts). */
export const DASHBOARD_SCRIPT = dashboardScript();

const groupTable = (id: string, title: string, column: string, what: string) => `
      <section class="card" aria-labelledby="${id}-title">
        <h2 id="${id}-title">${title}</h2>
        <table id="${id}">
          <caption>Open cases ${what}, the most breached first.</caption>
          <thead><tr><th scope="col">${column}</th><th scope="col" class="num">Open</th>
            <th scope="col" class="num">Overschreden</th><th scope="col" class="num">Waarschuwing</th></tr></thead>
          <tbody></tbody>
        </table>
      </section>`;

/** The whole page: markup, the style and the script above inline. */
export function dashboardHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>passend-routes · coordinator dashboard</title>
  <style>${DASHBOARD_STYLE}</style>
</head>
<body>
  <header class="top">
    <div>
      <h1>passend-routes <span class="sub">· coordinator dashboard</span></h1>
      <p id="viewer" class="muted"></p>
    </div>
    <div class="controls" id="controls" hidden>
      <p id="updated" role="status" aria-live="polite">not loaded yet</p>
      <button type="button" id="refresh">Refresh</button>
      <button type="button" id="signout" class="ghost">Sign out</button>
    </div>
  </header>
  <main>
    <p id="error" class="error" role="alert" hidden></p>
    <section id="login" class="card narrow" aria-labelledby="login-title" hidden>
      <h2 id="login-title">Sign in</h2>
      <p>Give a coordinator’s or auditor’s bearer token from the access configuration. It is kept in this tab only
        (sessionStorage) and sent to this server only.</p>
      <form id="login-form">
        <label for="token">Bearer token</label>
        <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required>
        <button type="submit">Sign in</button>
      </form>
    </section>
    <noscript><p class="error">The dashboard needs JavaScript: it reads its data from this server’s API.</p></noscript>
    <div id="board" hidden>
      <p id="truncated" class="notice" hidden></p>
      <section aria-labelledby="summary-title">
        <h2 id="summary-title" class="visually-hidden">Open cases by risk</h2>
        <ul id="tiles" class="tiles"></ul>
      </section>
      <section id="stuck" class="card" aria-labelledby="stuck-title" hidden>
        <h2 id="stuck-title">Stuck cases</h2>
        <table id="stuck-table">
          <caption>Cases whose workflow tasks keep failing: they take no event and send no notification until an
            operator repairs them (passend doctor; passend case repair).</caption>
          <thead><tr><th scope="col">Case</th><th scope="col">Organisation</th><th scope="col" class="num">Attempts</th>
            <th scope="col">Failing since</th><th scope="col">Error</th></tr></thead>
          <tbody></tbody>
        </table>
      </section>
      <section id="undeliverable" class="card" aria-labelledby="undeliverable-title" hidden>
        <h2 id="undeliverable-title">Niet afgeleverde meldingen</h2>
        <p id="undeliverable-summary"></p>
        <table id="undeliverable-table">
          <caption>Notifications of cases in your scope that a subscriber's webhook kept refusing or could not be
            reached for, the latest first: the subscriber missed this news, so pass it on another way.</caption>
          <thead><tr><th scope="col">Case</th><th scope="col">Norm</th><th scope="col">Notification</th>
            <th scope="col">Subscriber (host)</th><th scope="col" class="num">Attempts</th>
            <th scope="col">Last failure</th><th scope="col">Given up</th></tr></thead>
          <tbody></tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="cases-title">
        <h2 id="cases-title">Overdue and at-risk cases</h2>
        <table id="cases">
          <caption>Open cases with a breached deadline (overschreden), the longest overdue first, then cases whose
            deadline warning went out (waarschuwing), the earliest due first. Open a case for its timeline.</caption>
          <thead><tr><th scope="col">Case</th><th scope="col">Risk</th><th scope="col">Norms</th>
            <th scope="col">Overdue since / due</th><th scope="col" class="num">Days over</th><th scope="col">Stage</th>
            <th scope="col">Regisseur</th><th scope="col">Organisation</th></tr></thead>
          <tbody></tbody>
        </table>
        <p id="cases-empty" class="empty" hidden>No overdue or at-risk cases.</p>
      </section>
      <section id="dubbel" class="card" aria-labelledby="dubbel-title" hidden>
        <h2 id="dubbel-title">One child, one plan</h2>
        <table id="dubbel-table">
          <caption>Open cases whose child has another open case in the same region (the same kindReferentie, which
            is not shown): one child should have one plan and one regisseur. Agree who keeps the regie.</caption>
          <thead><tr><th scope="col">Case</th><th scope="col">Organisation</th><th scope="col">Region</th>
            <th scope="col">Stage</th><th scope="col">Regisseur</th><th scope="col">Risk</th></tr></thead>
          <tbody></tbody>
        </table>
      </section>
      <div class="grid3">
        ${groupTable('by-stage', 'By stage', 'Stage', 'per stage')}
        ${groupTable('by-regisseur', 'By regisseur', 'Regisseur', 'per regisseur')}
        ${groupTable('by-organisatie', 'By organisation', 'Organisation', 'per organisation')}
      </div>
      <div class="grid2">
        <section class="card" aria-labelledby="waiting-title">
          <h2 id="waiting-title">Waiting lists per provider</h2>
          <table id="waiting">
            <caption id="waiting-caption"></caption>
            <thead><tr><th scope="col">Provider (aanbieder)</th><th scope="col" class="num">Cases</th>
              <th scope="col" class="num">Longest wait (days)</th><th scope="col">Waiting since</th>
              <th scope="col">Against the norm</th><th scope="col">Cases</th></tr></thead>
            <tbody></tbody>
          </table>
          <p id="waiting-empty" class="empty" hidden>No case is on a provider’s waiting list.</p>
        </section>
        <section class="card" aria-labelledby="stage-title">
          <h2 id="stage-title">Time in current stage, open cases</h2>
          <p class="muted">Days since each open case entered the stage it is in now: not the throughput over
            closed cases, which the KPI report gives (<code>passend kpi</code>).</p>
          <div class="legend" aria-hidden="true"><span><span class="swatch median"></span>median</span>
            <span><span class="swatch p90"></span>90th percentile</span></div>
          <svg id="stage-svg" width="100%" role="img" aria-labelledby="stage-chart-title stage-chart-desc"></svg>
          <p id="stage-empty" class="empty" hidden>No open cases.</p>
          <details>
            <summary>As a table</summary>
            <table id="stage-table">
              <caption>Days in the current stage per stage (nearest-rank percentiles).</caption>
              <thead><tr><th scope="col">Stage</th><th scope="col" class="num">Cases</th>
                <th scope="col" class="num">Median</th><th scope="col" class="num">p90</th>
                <th scope="col" class="num">Longest</th></tr></thead>
              <tbody></tbody>
            </table>
          </details>
        </section>
      </div>
    </div>
  </main>
  <aside id="timeline" aria-labelledby="timeline-title" hidden>
    <div class="panel-head">
      <h2 id="timeline-title" tabindex="-1">Timeline</h2>
      <button type="button" id="timeline-close" class="ghost" aria-label="Close the timeline">Close</button>
    </div>
    <div id="timeline-body"></div>
  </aside>
  <script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The Content-Security-Policy of a self-contained page: only its own inline script and style, by their hashes, and
 * connections to this server only, so nothing is fetched from elsewhere even by mistake.
 */
export function selfContainedPagePolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
