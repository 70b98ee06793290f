// Where `passend inspect` sends its inspection events: a WebSocket receiver (the HTTP API's /inspect/ws, a local
// inspector server, or Stately's hosted one). The library's own WebSocket inspector cannot say when everything
// has been sent and re-sends its queue after a reconnect, so the command sends through this small adapter: each
// batch resolves once written, and the close resolves once the receiver acknowledged it.
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';

/** How long the receiver gets to accept the connection. */
const HANDSHAKE_TIMEOUT_MS = 5000;

/** The receiver could not be reached, refused the connection, or did not take every event; names the address. */
export class InspectReceiverError extends Error {
  override readonly name = 'InspectReceiverError';
}

/** An open connection to a receiver. */
export interface ReceiverConnection {
  /** Sends `messages` in order; resolves once each is written. */
  send(messages: readonly string[]): Promise<void>;
  /** Closes cleanly; resolves once the receiver acknowledged the close. */
  close(): Promise<void>;
  /** Rejects when the receiver ends the connection before {@link close} (its code and reason in the message). */
  readonly lost: Promise<never>;
}

/** A refused handshake's answer as one line: its status and the reason the server gave in its JSON body. */
function refusal(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (body += chunk.slice(0, 4096)));
    response.on('end', () => {
      let reason = body.trim();
      try {
        const parsed = JSON.parse(body) as { message?: unknown };
        if (typeof parsed.message === 'string') reason = parsed.message;
      } catch {
        // Not JSON: the body as it came.
      }
      resolve(`HTTP ${response.statusCode ?? '?'}${reason === '' ? '' : `: ${reason}`}`);
    });
  });
}

/**
 * Connects to the receiver at `url`, sending `token` (when given) as a bearer token, as the HTTP API's receiver
 * asks; rejects naming the address and the reason when it cannot connect or is refused.
 */
export async function openReceiver(url: URL, token?: string): Promise<ReceiverConnection> {
  const { WebSocket } = await import('ws');
  const address = url.toString();
  const socket: WebSocket = new WebSocket(url, {
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', (error) =>
      reject(new InspectReceiverError(`cannot send to ${address}: ${error.message}`)),
    );
    socket.once('unexpected-response', (request: ClientRequest, response: IncomingMessage) => {
      void refusal(response).then((why) => {
        request.destroy();
        reject(new InspectReceiverError(`${address} refused the connection (${why})`));
      });
    });
  });
  let closing = false;
  let sent = 0;
  const lost = new Promise<never>((_, reject) => {
    socket.on('error', () => undefined);
    socket.once('close', (code, reason) => {
      if (closing) return;
      const why = reason.length > 0 ? `: ${reason.toString('utf8')}` : '';
      reject(
        new InspectReceiverError(
          `${address} closed the connection (code ${code}${why}) after ${sent} events`,
        ),
      );
    });
  });
  lost.catch(() => undefined);
  return {
    lost,
    send: (messages) =>
      Promise.race([
        lost,
        Promise.all(
          messages.map(
            (message) =>
              new Promise<void>((resolve, reject) =>
                socket.send(message, (error) => {
                  if (error === undefined || error === null) {
                    sent += 1;
                    resolve();
                  } else reject(new InspectReceiverError(`cannot send to ${address}: ${error.message}`));
                }),
              ),
          ),
        ).then(() => undefined),
      ]),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        if (socket.readyState === socket.CLOSED) resolve();
        else {
          socket.once('close', () => resolve());
          socket.close(1000, 'inspection sent');
        }
      }),
  };
}
