// The receiver page of live inspection, GET /inspect?case=ID: one HTML document with the dashboard's style and
// its own script (./dashboard/client/inspect.ts, bundled) inline, nothing from elsewhere, under a
// Content-Security-Policy that allows exactly that style and script and connections to this server only (its
// WebSocket, /inspect/ws, included). Like the dashboard it holds no data and needs no token to load: it asks for
// one and reads the case's diagram and stream with it, so both refuse what the token may not see.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { bundleDashboardScript } from './dashboard/bundle.js';
import { DASHBOARD_STYLE, selfContainedPagePolicy } from './dashboard/page.js';
import { InspectPageQuerySchema } from './inspect-schemas.js';

/** The bundle's file name beside the dashboard's in dist/. */
export const INSPECT_BUNDLE_FILE = 'inspect.bundle.js';

function inspectScript(): string {
  const built = new URL(`./dashboard/${INSPECT_BUNDLE_FILE}`, import.meta.url);
  if (existsSync(built)) return readFileSync(built, 'utf8');
  return bundleDashboardScript(fileURLToPath(new URL('./dashboard/client/inspect.ts', import.meta.url)));
}

const INSPECT_STYLE = `${DASHBOARD_STYLE}
.command { font-family: ui-monospace, monospace; font-size: 0.85rem; background: var(--neutral-bg);
  padding: 0.4rem 0.6rem; border-radius: 6px; overflow-wrap: anywhere; }
.inspect-grid { display: grid; grid-template-columns: minmax(0, 2fr) minmax(18rem, 1fr); gap: 0 1.2rem; }
.route-frame.tall { max-height: 44rem; }
`;

const SCRIPT = inspectScript();

const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>passend-routes · live inspection</title>
  <style>${INSPECT_STYLE}</style>
</head>
<body>
  <header class="top">
    <div>
      <h1>passend-routes <span class="sub">· live inspection</span></h1>
      <p id="status" class="muted" role="status" aria-live="polite">not listening</p>
    </div>
  </header>
  <main>
    <p id="error" class="error" role="alert" hidden></p>
    <section id="login" class="card narrow" aria-labelledby="login-title" hidden>
      <h2 id="login-title">Inspect a case</h2>
      <p>Give a coordinator’s or auditor’s bearer token from the access configuration (kept in this tab only,
        sessionStorage, and sent to this server only) and the case to inspect.</p>
      <form id="login-form">
        <label for="token">Bearer token</label>
        <input id="token" name="token" type="password" autocomplete="off" spellcheck="false">
        <label for="case">Case</label>
        <input id="case" name="case" type="text" autocomplete="off" spellcheck="false" required>
        <button type="submit">Inspect</button>
      </form>
    </section>
    <noscript><p class="error">This page needs JavaScript: it listens to this server for the case’s events.</p></noscript>
    <div id="inspector" class="inspect-grid" hidden>
      <section class="card" aria-labelledby="case-title">
        <h2 id="case-title">Case</h2>
        <p id="current" aria-live="polite"></p>
        <div id="diagram" class="route-frame tall"></div>
      </section>
      <section class="card" aria-labelledby="events-title">
        <h2 id="events-title">Events received</h2>
        <p class="muted">Send the case’s journal and follow it with:</p>
        <p id="command" class="command"></p>
        <p id="events-empty" class="empty">None yet.</p>
        <ol id="events" class="journal"></ol>
      </section>
    </div>
  </main>
  <script>${SCRIPT}</script>
</body>
</html>
`;

/** The page and its Content-Security-Policy. */
export const INSPECT_PAGE = {
  html,
  contentSecurityPolicy: selfContainedPagePolicy(SCRIPT, INSPECT_STYLE),
};

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** The handler of `GET /inspect`, by operation id; `parse` checks the query as every route does. */
export function inspectPageHandlers(
  parse: (schema: z.ZodType, value: unknown, part?: 'body' | 'params' | 'query') => unknown,
): { getInspectPage: Handler } {
  return {
    async getInspectPage(request, reply) {
      parse(InspectPageQuerySchema, request.query, 'query');
      return reply
        .code(200)
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', INSPECT_PAGE.contentSecurityPolicy)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store')
        .send(INSPECT_PAGE.html);
    },
  };
}
