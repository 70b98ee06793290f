// The dashboard page: one HTML document with its CSS and script inline and no URL of anything elsewhere. The
// server sends it with a Content-Security-Policy that allows exactly this style and this script (by hash) and
// connections to itself only. The script is plain browser JavaScript in a string (no template literals in it,
// so it can live inside String.raw); it renders data with textContent and DOM nodes, never HTML strings.

export const DASHBOARD_STYLE = String.raw`
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
@media (min-width: 1200px) { body.panel-open main { margin-right: min(34rem, 100vw); } }
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
aside#timeline { position: fixed; top: 0; right: 0; bottom: 0; width: min(34rem, 100vw); background: var(--card);
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
`;

export const DASHBOARD_SCRIPT = String.raw`
(function () {
  'use strict';
  var TOKEN_KEY = 'passend.dashboard.token';
  var params = new URLSearchParams(window.location.search);
  var refreshSeconds = clampInt(params.get('refresh'), 1, 3600, 10);
  var forwarded = new URLSearchParams();
  ['regio', 'organisatie', 'route'].forEach(function (name) {
    var value = params.get(name);
    if (value) forwarded.set(name, value);
  });
  var dataUrl = '/dashboard/data' + (forwarded.toString() ? '?' + forwarded.toString() : '');
  var timer = null;
  var loading = false;
  var loads = 0;
  var openCaseId = null;
  var lastUpdated = null;
  // The SVG namespace, taken from the chart's own element so the page holds no URL of any kind.
  var SVG_NS = document.getElementById('stage-svg').namespaceURI;

  function $(id) { return document.getElementById(id); }
  function clampInt(raw, min, max, fallback) {
    var value = parseInt(raw || '', 10);
    return isNaN(value) ? fallback : Math.min(max, Math.max(min, value));
  }

  // ---- DOM helpers: nodes and text only ----
  function h(tag, attrs, children) {
    var element = document.createElement(tag);
    applyAttrs(element, attrs);
    append(element, children);
    return element;
  }
  function s(tag, attrs, children) {
    var element = document.createElementNS(SVG_NS, tag);
    applyAttrs(element, attrs);
    append(element, children);
    return element;
  }
  function applyAttrs(element, attrs) {
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === 'text') element.textContent = String(value);
      else element.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
    });
  }
  function append(element, children) {
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      element.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    });
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function clock(date) { return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()); }
  function moment(iso) {
    if (!iso) return '—';
    var d = new Date(iso);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }
  function timeEl(iso) {
    return iso ? h('time', { datetime: iso, title: iso, text: moment(iso) }) : '—';
  }
  function badge(kind, text) { return h('span', { className: 'badge ' + kind, text: text || kind }); }
  function days(value) { return value === null || value === undefined ? '—' : String(value); }
  function or(value) { return value === null || value === undefined || value === '' ? '(onbekend)' : value; }

  // ---- talking to the server ----
  function api(path) {
    var token = window.sessionStorage.getItem(TOKEN_KEY);
    if (!token) {
      var missing = new Error('sign in first');
      missing.status = 401;
      return Promise.reject(missing);
    }
    return fetch(path, {
      headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) return body;
        var error = new Error(body.message || body.error || 'HTTP ' + response.status);
        error.status = response.status;
        throw error;
      });
    });
  }

  function schedule() {
    window.clearTimeout(timer);
    if (window.sessionStorage.getItem(TOKEN_KEY)) timer = window.setTimeout(load, refreshSeconds * 1000);
  }

  function load() {
    if (loading) return;
    loading = true;
    window.clearTimeout(timer);
    api(dataUrl)
      .then(function (data) {
        render(data);
        loads += 1;
        document.body.setAttribute('data-loads', String(loads));
        document.body.setAttribute('data-at', data.at);
        lastUpdated = new Date();
        $('updated').textContent = 'updated at ' + clock(lastUpdated);
        showError(null);
        if (openCaseId) openTimeline(openCaseId, true);
      })
      .catch(failed)
      .then(function () {
        loading = false;
        schedule();
      });
  }

  function failed(error) {
    if (error.status === 401) {
      signOut('The server does not know this token (or none was given): sign in again.');
      return;
    }
    if (error.status === 403) {
      signOut('This token may not read the dashboard: ' + error.message);
      return;
    }
    showError('Could not refresh: ' + error.message + '. Trying again every ' + refreshSeconds + ' s.');
    $('updated').textContent = lastUpdated
      ? 'updated at ' + clock(lastUpdated) + ' (last refresh failed)'
      : 'not loaded (refresh failed)';
  }

  function showError(message) {
    var box = $('error');
    box.hidden = !message;
    box.textContent = message || '';
  }

  // ---- signing in and out ----
  function signedIn() {
    $('login').hidden = true;
    $('board').hidden = false;
    $('controls').hidden = false;
    $('updated').textContent = 'loading…';
    load();
  }

  function signOut(message) {
    window.clearTimeout(timer);
    window.sessionStorage.removeItem(TOKEN_KEY);
    closeTimeline();
    $('board').hidden = true;
    $('controls').hidden = true;
    $('login').hidden = false;
    $('viewer').textContent = '';
    lastUpdated = null;
    showError(message || null);
    $('token').focus();
  }

  // ---- rendering the figures ----
  function render(data) {
    var viewer = data.viewer;
    $('viewer').textContent = viewer.actorId + ' (' + viewer.role + ', ' + viewer.organisatie + ') sees ' + viewer.scope +
      '; refreshes every ' + refreshSeconds + ' s';
    $('truncated').hidden = !data.truncated;
    renderTiles(data);
    renderCases(data.cases);
    renderStuck(data.stuckCases || []);
    renderGroups('by-stage', data.byStage);
    renderGroups('by-regisseur', data.byRegisseur);
    renderGroups('by-organisatie', data.byOrganisatie);
    renderWaiting(data.waitingLists);
    renderStageTimes(data.timeInStage);
  }

  function renderTiles(data) {
    var tiles = [
      ['all', data.openCases, 'open cases'],
      ['over', data.byRisk.overschreden, 'overschreden'],
      ['warn', data.byRisk.waarschuwing, 'waarschuwing (at risk)'],
      ['ok', data.byRisk['op-schema'], 'op schema'],
    ];
    $('tiles').replaceChildren.apply($('tiles'), tiles.map(function (tile) {
      return h('li', { className: tile[0] }, [
        h('span', { className: 'value', text: tile[1] }),
        h('span', { className: 'label', text: tile[2] }),
      ]);
    }));
  }

  function keepFocus(update) {
    var active = document.activeElement;
    var caseId = active && active.getAttribute ? active.getAttribute('data-case-id') : null;
    var container = active && active.closest ? active.closest('table') : null;
    update();
    if (caseId && container && container.id) {
      var again = container.querySelector('button[data-case-id="' + CSS.escape(caseId) + '"]');
      if (again) again.focus();
    }
  }

  function caseButton(caseId) {
    return h('button', { type: 'button', className: 'link', 'data-case-id': caseId, text: caseId,
      'aria-label': 'Open the timeline of case ' + caseId });
  }

  function renderCases(cases) {
    var body = $('cases').tBodies[0];
    $('cases-empty').hidden = cases.length > 0;
    $('cases').hidden = cases.length === 0;
    keepFocus(function () {
      body.replaceChildren.apply(body, cases.map(function (entry) {
        var over = entry.risk === 'overschreden';
        return h('tr', { 'data-case-id': entry.caseId, 'data-risk': entry.risk }, [
          h('th', { scope: 'row' }, [caseButton(entry.caseId)]),
          h('td', {}, [badge(entry.risk)]),
          h('td', { className: 'norms', text: (over ? entry.overdueNorms : entry.warnedNorms).join(', ') }),
          h('td', {}, [over ? timeEl(entry.overdueSince) : h('span', {}, ['due ', timeEl(entry.nextDueAt)])]),
          h('td', { className: 'num', text: over ? days(entry.daysOver) : '—' }),
          h('td', { text: or(entry.stage) }),
          h('td', { text: or(entry.regisseur) }),
          h('td', { text: or(entry.organisatie) }),
        ]);
      }));
    });
  }

  // Cases whose workflow tasks keep failing take no event until an operator repairs them (passend case repair).
  function renderStuck(stuck) {
    $('stuck').hidden = stuck.length === 0;
    var body = $('stuck-table').tBodies[0];
    body.replaceChildren.apply(body, stuck.map(function (entry) {
      return h('tr', { 'data-case-id': entry.caseId }, [
        h('th', { scope: 'row', text: entry.caseId }),
        h('td', { text: or(entry.organisatie) }),
        h('td', { className: 'num', text: entry.attempts }),
        h('td', {}, [timeEl(entry.since)]),
        h('td', { text: entry.error }),
      ]);
    }));
  }

  function miniBar(group, max) {
    var width = 120;
    var scale = max > 0 ? width / max : 0;
    var ok = group.open - group.overschreden - group.waarschuwing;
    var x = 0;
    var parts = [['seg-over', group.overschreden], ['seg-warn', group.waarschuwing], ['seg-ok', ok]];
    return s('svg', { className: 'minibar', viewBox: '0 0 ' + width + ' 6', preserveAspectRatio: 'none',
      'aria-hidden': 'true', focusable: 'false' },
      parts.map(function (part) {
        var w = part[1] * scale;
        var rect = s('rect', { x: x, y: 0, width: Math.max(0, w), height: 6, className: part[0] });
        x += w;
        return rect;
      }));
  }

  function renderGroups(id, groups) {
    var table = $(id);
    var max = groups.reduce(function (m, group) { return Math.max(m, group.open); }, 0);
    table.tBodies[0].replaceChildren.apply(table.tBodies[0], groups.map(function (group) {
      return h('tr', { 'data-key': group.key }, [
        h('th', { scope: 'row' }, [group.key, miniBar(group, max)]),
        h('td', { className: 'num', text: group.open }),
        h('td', { className: 'num', text: group.overschreden }),
        h('td', { className: 'num', text: group.waarschuwing }),
      ]);
    }));
    if (groups.length === 0)
      table.tBodies[0].replaceChildren(h('tr', {}, [h('td', { colspan: 4, className: 'empty', text: 'No open cases.' })]));
  }

  function renderWaiting(waiting) {
    var norm = waiting.norm;
    $('waiting-caption').textContent = 'Open cases with a spoor on a provider’s waiting list, counted from the moment the case ' +
      'entered its current stage, against ' + norm.id + ' (' + norm.title + ': ' + norm.termDays + ' days). Longest wait first.';
    var body = $('waiting').tBodies[0];
    $('waiting-empty').hidden = waiting.providers.length > 0;
    $('waiting').hidden = waiting.providers.length === 0;
    body.replaceChildren.apply(body, waiting.providers.map(function (provider) {
      return h('tr', { 'data-aanbieder': provider.aanbieder, 'data-exceeds': String(provider.exceedsNorm) }, [
        h('th', { scope: 'row', text: provider.aanbieder }),
        h('td', { className: 'num', text: provider.cases }),
        h('td', { className: 'num', text: days(provider.longestWaitDays) }),
        h('td', {}, [timeEl(provider.longestSince)]),
        h('td', {}, [provider.exceedsNorm
          ? badge('exceeds', 'over norm (' + provider.overNorm + ')')
          : badge('within', 'within norm')]),
        h('td', {}, provider.caseIds.slice(0, 5).map(function (caseId, index) {
          return h('span', {}, [index > 0 ? ', ' : '', caseButton(caseId)]);
        }).concat(provider.caseIds.length > 5 ? [' +' + (provider.caseIds.length - 5)] : [])),
      ]);
    }));
  }

  function niceMax(value) {
    if (value <= 0) return 1;
    var steps = [1, 2, 5, 10, 14, 21, 30, 50, 70, 100, 150, 200, 300, 500, 1000];
    for (var i = 0; i < steps.length; i++) if (steps[i] >= value) return steps[i];
    return Math.ceil(value / 500) * 500;
  }

  function renderStageTimes(stages) {
    var svg = $('stage-svg');
    var rowHeight = 34, top = 8, left = 150, right = 190, width = 640;
    var plot = width - left - right;
    var height = top + stages.length * rowHeight + 28;
    var max = niceMax(stages.reduce(function (m, stage) { return Math.max(m, stage.p90Days || 0); }, 0));
    var x = function (value) { return left + (value / max) * plot; };
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.replaceChildren(
      s('title', { id: 'stage-chart-title', text: 'Time in current stage, open cases' }),
      s('desc', { id: 'stage-chart-desc', text: stages.map(function (stage) {
        return stage.stage + ': median ' + days(stage.medianDays) + ' days, p90 ' + days(stage.p90Days) + ' days, ' + stage.cases + ' cases';
      }).join('; ') || 'No open cases.' }));
    [0, 0.25, 0.5, 0.75, 1].forEach(function (fraction) {
      var at = x(max * fraction);
      svg.appendChild(s('line', { x1: at, x2: at, y1: top, y2: height - 22, className: 'axis' }));
      svg.appendChild(s('text', { x: at, y: height - 6, 'text-anchor': 'middle', 'font-size': 11,
        text: Math.round(max * fraction) + (fraction === 1 ? ' d' : '') }));
    });
    stages.forEach(function (stage, index) {
      var y = top + index * rowHeight;
      var median = stage.medianDays || 0, p90 = stage.p90Days || 0;
      svg.appendChild(s('g', { 'data-stage': stage.stage }, [
        s('text', { x: left - 8, y: y + 20, 'text-anchor': 'end', 'font-size': 13, text: stage.stage }),
        s('rect', { x: left, y: y + 8, width: Math.max(1, x(median) - left), height: 16, rx: 3, className: 'median' }),
        s('line', { x1: x(median), x2: x(p90), y1: y + 16, y2: y + 16, className: 'whisker' }),
        s('line', { x1: x(p90), x2: x(p90), y1: y + 5, y2: y + 27, className: 'p90' }),
        s('text', { x: width - right + 10, y: y + 20, 'font-size': 12,
          text: 'median ' + days(stage.medianDays) + ' d · p90 ' + days(stage.p90Days) + ' d · n ' + stage.cases }),
      ]));
    });
    if (stages.length === 0) svg.setAttribute('hidden', '');
    else svg.removeAttribute('hidden');
    $('stage-empty').hidden = stages.length > 0;
    var body = $('stage-table').tBodies[0];
    body.replaceChildren.apply(body, stages.map(function (stage) {
      return h('tr', {}, [
        h('th', { scope: 'row', text: stage.stage }),
        h('td', { className: 'num', text: stage.cases }),
        h('td', { className: 'num', text: days(stage.medianDays) }),
        h('td', { className: 'num', text: days(stage.p90Days) }),
        h('td', { className: 'num', text: days(stage.maxDays) }),
      ]);
    }));
  }

  // ---- the timeline of one case ----
  var opener = null;

  function openTimeline(caseId, quiet) {
    openCaseId = caseId;
    var panel = $('timeline');
    var body = $('timeline-body');
    panel.hidden = false;
    panel.setAttribute('data-case-id', caseId);
    document.body.classList.add('panel-open');
    if (!quiet) {
      $('timeline-title').textContent = 'Case ' + caseId;
      body.replaceChildren(h('p', { className: 'muted', text: 'Loading the case…' }));
      $('timeline-title').focus();
    }
    api('/cases/' + encodeURIComponent(caseId))
      .then(function (view) {
        if (openCaseId !== caseId) return;
        renderTimeline(view);
      })
      .catch(function (error) {
        if (openCaseId !== caseId) return;
        if (error.status === 401) return failed(error);
        body.replaceChildren(h('p', { className: 'error', text: 'Could not read case ' + caseId + ': ' + error.message }));
      });
  }

  function closeTimeline() {
    openCaseId = null;
    var panel = $('timeline');
    panel.hidden = true;
    panel.removeAttribute('data-case-id');
    document.body.classList.remove('panel-open');
    if (opener && document.body.contains(opener)) opener.focus();
    opener = null;
  }

  function renderTimeline(view) {
    var normOf = {};
    view.deadlines.forEach(function (deadline) { normOf[deadline.id] = deadline.normId + (deadline.spoor ? ' (' + deadline.spoor + ')' : ''); });
    var names = function (ids) { return ids.map(function (id) { return normOf[id] || id; }).join(', '); };
    $('timeline-title').textContent = 'Case ' + view.caseId;
    var meta = h('dl', { className: 'meta' }, [
      h('dt', { text: 'Stage' }), h('dd', { text: view.stage + (view.closed ? ' (closed)' : '') }),
      h('dt', { text: 'Regisseur' }), h('dd', { text: view.regisseur }),
      h('dt', { text: 'Organisation' }), h('dd', { text: view.organisatie + ', region ' + view.regio }),
      h('dt', { text: 'Route' }), h('dd', { text: view.route.id + ' ' + view.route.version }),
      h('dt', { text: 'Breaches' }), h('dd', { text: view.breaches + ' (warnings ' + view.warnings + ')' }),
      h('dt', { text: 'Next due' }), h('dd', {}, [timeEl(view.nextDueAt)]),
    ]);
    var deadlines = h('table', { id: 'timeline-deadlines' }, [
      h('caption', { text: 'Every deadline of the case with its status (times in this browser’s time zone).' }),
      h('thead', {}, [h('tr', {}, ['Norm', 'Status', 'Started', 'Due', 'Met'].map(function (label) {
        return h('th', { scope: 'col', text: label });
      }))]),
      h('tbody', {}, view.deadlines.map(function (deadline) {
        return h('tr', { 'data-norm-id': deadline.normId, 'data-status': deadline.status }, [
          h('th', { scope: 'row', title: deadline.title, className: 'norms', text: normOf[deadline.id] }),
          h('td', {}, [badge(deadline.status)]),
          h('td', {}, [timeEl(deadline.startedAt)]),
          h('td', {}, [timeEl(deadline.dueAt)]),
          h('td', {}, [timeEl(deadline.metAt)]),
        ]);
      })),
    ]);
    var journal = h('ol', { className: 'journal', 'aria-label': 'Journal of case ' + view.caseId },
      view.journal.map(function (entry) {
        var what, detail, at;
        if (entry.kind === 'gebeurtenis') {
          at = entry.occurredAt;
          what = [entry.type];
          var stages = entry.stageBefore === entry.stageAfter
            ? 'stage ' + entry.stageAfter
            : (entry.stageBefore || 'start') + ' → ' + entry.stageAfter;
          var changes = [];
          if (entry.deadlines.gestart.length) changes.push('started ' + names(entry.deadlines.gestart));
          if (entry.deadlines.gehaald.length) changes.push('met ' + names(entry.deadlines.gehaald));
          if (entry.deadlines.vervallen.length) changes.push('lapsed ' + names(entry.deadlines.vervallen));
          detail = 'by ' + entry.actor.role + ' ' + entry.actor.id + ' · ' + stages + (changes.length ? ' · ' + changes.join('; ') : '');
        } else if (entry.kind === 'deadline.overschreden') {
          at = entry.detectedAt;
          what = [badge('overschreden', 'deadline.overschreden'), ' ', entry.normId];
          detail = 'was due ' + moment(entry.dueAt) + ' · stage ' + entry.stage + ' · regisseur ' + entry.regisseur;
        } else {
          at = entry.detectedAt;
          what = [badge('waarschuwing', 'deadline.waarschuwing'), ' ', entry.normId];
          detail = 'due ' + moment(entry.dueAt) + ' · stage ' + entry.stage + ' · regisseur ' + entry.regisseur;
        }
        return h('li', { 'data-kind': entry.kind, 'data-seq': entry.seq }, [
          timeEl(at),
          h('span', { className: 'what' }, what),
          h('div', { className: 'detail', text: detail }),
        ]);
      }));
    $('timeline-body').replaceChildren(meta, h('h3', { text: 'Deadlines' }), deadlines, h('h3', { text: 'Journal' }), journal);
  }

  // ---- wiring ----
  $('login-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var token = $('token').value.trim();
    if (!token) return;
    window.sessionStorage.setItem(TOKEN_KEY, token);
    $('token').value = '';
    showError(null);
    signedIn();
  });
  $('refresh').addEventListener('click', load);
  $('signout').addEventListener('click', function () { signOut(null); });
  $('timeline-close').addEventListener('click', closeTimeline);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && openCaseId) closeTimeline();
  });
  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest ? event.target.closest('button[data-case-id]') : null;
    if (!button) return;
    opener = button;
    openTimeline(button.getAttribute('data-case-id'), false);
  });
  if (window.sessionStorage.getItem(TOKEN_KEY)) signedIn();
  else $('login').hidden = false;
})();
`;

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
      <p id="truncated" class="notice" hidden>More than 10000 open cases match: only the first 10000 are counted.</p>
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
