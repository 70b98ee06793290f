import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessControl, loadAccessConfig, parseAccessConfig } from '../../http/index.js';
import { ACCESS, TOKENS } from './http-env.js';

describe('the access configuration maps bearer tokens to a role, an organisation and an actor id', () => {
  it('the example file is valid', () => {
    const config = loadAccessConfig('config/access.example.json');
    expect(config.tokens.map((token) => token.role).sort()).toEqual(['auditor', 'coordinator', 'integrator']);
  });

  it('refuses a bad file, naming every field at fault', () => {
    const raw = {
      tokens: [
        { token: 'kort', role: 'beheerder', organisatie: 'swv noord', actorId: 'a-1' },
        {
          token: TOKENS.integrator,
          role: 'integrator',
          organisatie: 'swv-noord',
          actorId: 'a-1',
          naam: 'Jan',
        },
        { token: TOKENS.integrator, role: 'auditor', organisatie: 'inspectie', actorId: 'a-2' },
      ],
    };
    let message = '';
    try {
      parseAccessConfig(raw, 'access.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^access\.json: not a valid access configuration/);
    expect(message).toMatch(/tokens\.0\.token: must be at least 24 characters/);
    expect(message).toMatch(/tokens\.0\.role: /);
    expect(message).toMatch(/tokens\.0\.organisatie: must be an identifier/);
    expect(message).toMatch(/tokens\.1: Unrecognized key: "naam"/);
    expect(message).toMatch(/tokens\.2\.token: is the same token as tokens\.1\.token/);
    expect(() => parseAccessConfig({ tokens: [] }, 'leeg.json')).toThrow(
      /tokens: must list at least one token/,
    );
  });

  it('an integrator names where it may start cases (startIn), and only an integrator does', () => {
    const base = { token: TOKENS.integrator, organisatie: 'swv-noord' };
    const messageOf = (token: Record<string, unknown>): string => {
      try {
        parseAccessConfig({ tokens: [{ ...base, ...token }] }, 'access.json');
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(messageOf({ role: 'integrator', actorId: 'int-1' })).toMatch(
      /tokens\.0\.startIn: is required for an integrator: the organisations and regions it may start cases in/,
    );
    const startIn = { organisaties: ['swv-noord'], regios: ['noord'] };
    expect(messageOf({ role: 'integrator', actorId: 'int-1', startIn, regio: 'noord' })).toMatch(
      /tokens\.0\.regio: widens a coordinator's view only; an integrator names its regions in startIn\.regios/,
    );
    expect(messageOf({ role: 'coordinator', actorId: 'c-1', startIn })).toMatch(
      /tokens\.0\.startIn: is for integrators only; a coordinator starts no cases/,
    );
    expect(
      messageOf({ role: 'integrator', actorId: 'int-1', startIn: { organisaties: [], regios: ['noord'] } }),
    ).toMatch(/tokens\.0\.startIn\.organisaties: must name at least one/);
    expect(messageOf({ role: 'integrator', actorId: 'int-1', startIn })).toBe('');
  });

  it('refuses a token whose ids hold a BSN: the actor id is journaled with every event it sends', () => {
    expect(() =>
      parseAccessConfig(
        {
          tokens: [
            { token: TOKENS.auditor, role: 'auditor', organisatie: 'inspectie', actorId: '123456782' },
          ],
        },
        'access.json',
      ),
    ).toThrow(/tokens\.0\.actorId: holds a BSN/);
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'passend-access-')), 'access.json');
    writeFileSync(path, '{ "tokens": [');
    expect(() => loadAccessConfig(path)).toThrow(new RegExp(`^${path}: not readable JSON`));
  });

  it('authenticates a bearer token, and nothing else', () => {
    const access = new AccessControl(parseAccessConfig(ACCESS, 'test'));
    expect(access.authenticate(`Bearer ${TOKENS.coordinator}`)).toEqual({
      role: 'coordinator',
      organisatie: 'swv-noord',
      regio: 'noord',
      startIn: null,
      actorId: 'coord-noord',
    });
    expect(access.authenticate(`bearer ${TOKENS.auditor}`)?.role).toBe('auditor');
    for (const header of [
      undefined,
      '',
      TOKENS.auditor,
      `Bearer ${TOKENS.auditor}x`,
      `Bearer ${TOKENS.auditor.slice(0, -1)}`,
      `Basic ${TOKENS.auditor}`,
    ]) {
      expect(access.authenticate(header), String(header)).toBeUndefined();
    }
  });
});
