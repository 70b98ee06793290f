// The receiver of live inspection: a WebSocket endpoint, /inspect/ws?case=ID, where `passend inspect ID --url …`
// sends a case's inspection events and the receiver page (/inspect) listens. Every connection to a case's channel
// gets what the others send it, and one that joins late first gets what was sent since the latest replay began
// (up to a limit), so the page may open before or after the command. Access is the API's: a bearer token (an
// Authorization header, or from a browser, which cannot set one on a WebSocket, the subprotocol
// `bearer.<token as base64url>`), a role that may read cases on the dashboard, and a case within its scope;
// refused at the handshake with the API's status and JSON body, and written to the access log like every read of
// a case.
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import type { PassendClient } from '../client/index.js';
import { CaseNotFoundError, outageReason } from '../client/index.js';
import { IdentifierSchema } from '../core/index.js';
import type { AccessControl, ApiRole, Principal } from './access.js';
import { bearerChallenge, unauthorizedBody } from './access.js';
import type { AuditLog } from './audit.js';
import { mayRead } from './scope.js';

/** The path of the endpoint. */
export const INSPECT_SOCKET_PATH = '/inspect/ws';
/** The subprotocol the page asks for; the server answers with it. */
export const INSPECT_PROTOCOL = 'passend.inspect';
/** The roles that may watch a case's inspection: those of the dashboard's case panel. */
export const INSPECT_ROLES: readonly ApiRole[] = ['coordinator', 'auditor'];
/** The largest message taken: an event and a snapshot of one case are far smaller. */
const MAX_MESSAGE_BYTES = 1 << 20;
/** How many messages a channel keeps for a connection that joins late (the first, the actor, always stays). */
const BACKLOG_LIMIT = 5_000;

/** What the relay borrows from the server. */
export interface InspectRelayDeps {
  readonly passend: PassendClient;
  readonly access: () => AccessControl;
  readonly log: AuditLog;
  readonly now: () => Date;
}

/** A refused handshake: the status and the body the API would answer with. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: string; message: string } & Record<string, unknown>,
  ) {
    super(body.message);
  }
}

const QuerySchema = z.strictObject({ case: IdentifierSchema });

/** The inspection events a channel relays: those `passend inspect` sends, for this channel's case only. */
function messageSchema(caseId: string) {
  return z.looseObject({
    type: z.enum(['@xstate.actor', '@xstate.event', '@xstate.snapshot']),
    sessionId: z.literal(`case:${caseId}`, {
      message: `must be "case:${caseId}": this connection is for case ${caseId}`,
    }),
  });
}

/** A message checked: its type when it may be relayed, else what is wrong with it as a close reason (≤ 123 bytes). */
function checked(
  text: string,
  schema: ReturnType<typeof messageSchema>,
): { type: string; problem?: never } | { type?: never; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'message: not JSON' };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { type: parsed.data.type };
  const issue = parsed.error.issues[0];
  const reason = `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'not an inspection event'}`;
  return { problem: Buffer.byteLength(reason) > 123 ? `${reason.slice(0, 110)}…` : reason };
}

/** The bearer token of a handshake as an Authorization header: the header itself, or from the subprotocol. */
function authorizationOf(request: IncomingMessage): string | undefined {
  if (request.headers.authorization !== undefined) return request.headers.authorization;
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((each) => each.trim());
  const carried = offered.find((protocol) => protocol.startsWith('bearer.'));
  if (carried === undefined) return undefined;
  return `Bearer ${Buffer.from(carried.slice('bearer.'.length), 'base64url').toString('utf8')}`;
}

/** Who may join the channel of which case; throws a Refusal saying why not. */
async function admit(
  request: IncomingMessage,
  url: URL,
  deps: InspectRelayDeps,
): Promise<{ principal: Principal; caseId: string }> {
  const { principal, problem } = deps.access().identify(authorizationOf(request));
  if (principal === undefined) throw new Refusal(401, unauthorizedBody(problem));
  if (!INSPECT_ROLES.includes(principal.role)) {
    throw new Refusal(403, {
      error: 'forbidden',
      message: `role ${principal.role} may not inspect a case; allowed: ${INSPECT_ROLES.join(', ')}`,
    });
  }
  const query = QuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    const issues = query.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: key, message: 'is not a known query parameter' }))
        : [{ path: issue.path.join('.') || '(query)', message: issue.message }],
    );
    throw new Refusal(400, {
      error: 'invalid-request',
      issues,
      message: issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
    });
  }
  const caseId = query.data.case;
  try {
    const record = await deps.passend.caseRecord(caseId);
    // Answered as an unknown case, as the API does: a refusal would tell that the id exists.
    if (!mayRead(principal, { organisatie: record.organisatie ?? '', regio: record.regio ?? '' }))
      throw new CaseNotFoundError(caseId);
  } catch (error) {
    if (error instanceof CaseNotFoundError)
      throw new Refusal(404, { error: 'case-not-found', caseId, message: error.message });
    const reason = outageReason(error);
    if (reason === undefined) throw error;
    throw new Refusal(503, { error: 'unavailable', reason, message: 'Temporal is not available now' });
  }
  return { principal, caseId };
}

/** Answers a handshake with `refusal` as a plain HTTP response and ends the connection. */
function refuse(socket: Duplex, refusal: Refusal): void {
  const body = JSON.stringify(refusal.body);
  const headers = [
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...(refusal.status === 401 ? [`WWW-Authenticate: ${bearerChallenge(refusal.body['reason'])}`] : []),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}

/** One case's channel: who is connected, and what was sent so far. */
interface Channel {
  readonly sockets: Set<WebSocket>;
  readonly backlog: string[];
}

/** Serves /inspect/ws on `app`'s HTTP server (a WebSocket upgrade; fastify's routes never see it). */
export function attachInspectRelay(app: FastifyInstance, deps: InspectRelayDeps): void {
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (offered) => (offered.has(INSPECT_PROTOCOL) ? INSPECT_PROTOCOL : false),
  });
  const channels = new Map<string, Channel>();

  const authorizations = new WeakMap<WebSocket, string | undefined>();
  // The access file may change while a connection is open: each message a connection sends or would receive
  // checks its token again, so a revoked token (or one whose role changed) stops seeing the case at once.
  const stillAdmitted = (socket: WebSocket): boolean => {
    const { principal } = deps.access().identify(authorizations.get(socket));
    if (principal !== undefined && INSPECT_ROLES.includes(principal.role)) return true;
    socket.close(1008, 'the token no longer grants inspection (the access configuration changed)');
    return false;
  };

  const join = (socket: WebSocket, caseId: string, authorization: string | undefined): void => {
    const channel = channels.get(caseId) ?? { sockets: new Set<WebSocket>(), backlog: [] };
    channels.set(caseId, channel);
    authorizations.set(socket, authorization);
    for (const message of channel.backlog) socket.send(message);
    channel.sockets.add(socket);
    const schema = messageSchema(caseId);
    socket.on('message', (data, isBinary) => {
      if (!stillAdmitted(socket)) return;
      const text = isBinary ? undefined : String(data);
      const message =
        text === undefined ? { problem: 'message: binary; expected JSON text' } : checked(text, schema);
      if (message.problem !== undefined || text === undefined) {
        socket.close(1008, message.problem);
        return;
      }
      // A new actor is a new replay of the journal (the command run again): a late joiner needs only that one.
      if (message.type === '@xstate.actor') channel.backlog.length = 0;
      channel.backlog.push(text);
      if (channel.backlog.length > BACKLOG_LIMIT) channel.backlog.splice(1, 1);
      for (const other of channel.sockets) if (other !== socket && stillAdmitted(other)) other.send(text);
    });
    socket.on('close', () => {
      channel.sockets.delete(socket);
      if (channel.sockets.size === 0) channels.delete(caseId);
    });
  };

  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== INSPECT_SOCKET_PATH) {
      refuse(socket, new Refusal(404, { error: 'not-found', message: `no WebSocket at ${url.pathname}` }));
      return;
    }
    const logged = (status: number, principal: Principal | undefined, caseId: string | undefined) =>
      deps.log({
        at: deps.now().toISOString(),
        role: principal?.role ?? null,
        actorId: principal?.actorId ?? null,
        organisatie: principal?.organisatie ?? null,
        clientAddress: request.socket.remoteAddress ?? '',
        method: 'GET',
        route: INSPECT_SOCKET_PATH,
        ...(caseId === undefined ? {} : { caseId }),
        status,
      });
    admit(request, url, deps).then(
      ({ principal, caseId }) => {
        logged(101, principal, caseId);
        sockets.handleUpgrade(request, socket, head, (connection) =>
          join(connection, caseId, authorizationOf(request)),
        );
      },
      (error: unknown) => {
        const refusal =
          error instanceof Refusal
            ? error
            : new Refusal(500, {
                error: 'internal',
                message: 'internal error; the server log has the details',
              });
        if (!(error instanceof Refusal))
          process.stderr.write(
            `[passend] ${INSPECT_SOCKET_PATH}: ${(error as Error).stack ?? String(error)}\n`,
          );
        const caseId = IdentifierSchema.safeParse(url.searchParams.get('case'));
        logged(refusal.status, deps.access().identify(authorizationOf(request)).principal, caseId.data);
        refuse(socket, refusal);
      },
    );
  });
  // Open channels would keep the server from closing: they are told it goes away (1001).
  app.addHook('preClose', (done) => {
    for (const client of sockets.clients) client.close(1001, 'server closing');
    sockets.close(() => done());
  });
}
