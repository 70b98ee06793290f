// A 401 says what was wrong with the token (issue 13: a wrong token got "a bearer token is required"), and the
// access file is read again when it changes, so a token added or revoked counts without a restart; a change
// that is not a valid configuration is refused and the last good tokens stay. Every request here is answered
// before the engine is asked (401, or 403 for a role the route does not allow), so the Temporal client below is a
// real one that never connects.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { PassendClient } from '../../client/index.js';
import type { AccessConfigInput } from '../../http/index.js';
import { AccessFile, createHttpServer, parseAccessConfig } from '../../http/index.js';

const OLD = 'reload-coordinator-old-00000000000001';
const NEW = 'reload-coordinator-new-00000000000002';

const connection = Connection.lazy({ address: '127.0.0.1:1' });
const passend = new PassendClient(new Client({ connection }));
afterAll(() => connection.close());

const coordinator = (token: string, actorId: string): AccessConfigInput => ({
  tokens: [{ token, role: 'coordinator', organisatie: 'swv-noord', actorId }],
});

/** `POST /cases` as the holder of `authorization`: 403 for a known coordinator token, 401 for anything else. */
async function startAs(app: ReturnType<typeof createHttpServer>, authorization?: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/cases',
    payload: {},
    ...(authorization === undefined ? {} : { headers: { authorization } }),
  });
  return {
    status: response.statusCode,
    body: response.json(),
    challenge: response.headers['www-authenticate'],
  };
}

describe('a 401 says whether the token was missing, malformed or not recognised', () => {
  const app = createHttpServer({
    passend,
    access: parseAccessConfig(coordinator(OLD, 'coord-1'), 'test'),
    log: () => undefined,
  });
  afterAll(() => app.close());

  it.each([
    [undefined, 'token-missing', /^a bearer token is required/, 'Bearer realm="passend"'],
    ['', 'token-missing', /^a bearer token is required/, 'Bearer realm="passend"'],
    [
      `Basic ${OLD}`,
      'authorization-malformed',
      /must be "Bearer <token>"/,
      'Bearer realm="passend", error="invalid_request"',
    ],
    [
      'Bearer',
      'authorization-malformed',
      /must be "Bearer <token>"/,
      'Bearer realm="passend", error="invalid_request"',
    ],
    [
      `Bearer ${OLD}x`,
      'token-unknown',
      /^the bearer token is not recognised/,
      'Bearer realm="passend", error="invalid_token"',
    ],
  ])('Authorization %j: 401 %s', async (authorization, reason, message, challenge) => {
    const answer = await startAs(app, authorization);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'unauthorized', reason, message: expect.stringMatching(message) });
    expect(answer.challenge).toBe(challenge);
  });

  it('a known token passes on to the role check', async () => {
    expect((await startAs(app, `Bearer ${OLD}`)).status).toBe(403);
  });
});

describe('the access file is read again when it changes', () => {
  const folder = mkdtempSync(join(tmpdir(), 'passend-access-reload-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const path = join(folder, 'access.json');
  let second = 1_700_000_000;
  /** Writes the file with a modification time of its own, so that no two versions share one. */
  const write = (content: string) => {
    writeFileSync(path, content);
    second += 10;
    utimesSync(path, second, second);
  };
  write(JSON.stringify(coordinator(OLD, 'coord-1')));
  const reloaded: number[] = [];
  const refused: string[] = [];
  const file = new AccessFile(path, {
    onReload: (config) => reloaded.push(config.tokens.length),
    onRefused: (error) => refused.push(error.message),
  });
  const app = createHttpServer({ passend, access: file, log: () => undefined });
  afterAll(() => app.close());

  it('a token revoked and another added count from the next request, without a restart', async () => {
    expect((await startAs(app, `Bearer ${OLD}`)).status).toBe(403);
    expect((await startAs(app, `Bearer ${NEW}`)).body).toMatchObject({ reason: 'token-unknown' });
    write(JSON.stringify(coordinator(NEW, 'coord-2')));
    expect((await startAs(app, `Bearer ${NEW}`)).status).toBe(403);
    expect((await startAs(app, `Bearer ${OLD}`)).body).toMatchObject({ reason: 'token-unknown' });
    expect(reloaded).toEqual([1]);
    expect(file.config.tokens[0]?.actorId).toBe('coord-2');
  });

  it('an unchanged file is not read again', async () => {
    const before = reloaded.length;
    for (let request = 0; request < 3; request++) await startAs(app, `Bearer ${NEW}`);
    expect(reloaded.length).toBe(before);
  });

  it('an invalid change is refused once, naming the file and field, and the last good tokens stay', async () => {
    write(
      JSON.stringify({ tokens: [{ token: 'short', role: 'coordinator', organisatie: 'x', actorId: 'y' }] }),
    );
    expect((await startAs(app, `Bearer ${NEW}`)).status).toBe(403);
    expect((await startAs(app, 'Bearer short')).status).toBe(401);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(
      new RegExp(`^${path}: not a valid access configuration\\n\\s+tokens\\.0\\.token: must be at least 24`),
    );
    write('{ "tokens": [');
    expect((await startAs(app, `Bearer ${NEW}`)).status).toBe(403);
    expect(refused[1]).toMatch(/not readable JSON/);
    // Put right, it counts again.
    write(JSON.stringify(coordinator(OLD, 'coord-3')));
    expect((await startAs(app, `Bearer ${OLD}`)).status).toBe(403);
    expect((await startAs(app, `Bearer ${NEW}`)).status).toBe(401);
  });

  it('a file that is gone keeps the last good tokens, and says so once', async () => {
    rmSync(path);
    const before = refused.length;
    expect((await startAs(app, `Bearer ${OLD}`)).status).toBe(403);
    expect((await startAs(app, `Bearer ${OLD}`)).status).toBe(403);
    expect(refused.slice(before)).toEqual([`${path}: the access configuration is gone`]);
  });
});
