// `passend case start` and `case send` refuse identifiers that hold a BSN before connecting: every run here points
// at a port nothing listens on, so a check that came too late would show up as "cannot reach Temporal".
import { describe, expect, it } from 'vitest';
import { passend } from '../support/cli-run.js';
import { TOELEIDING_START_FLAGS } from '../support/cli-flags.js';

const BSN = '123456782';
const NOWHERE = ['--address', '127.0.0.1:1'];

/** The start flags with one flag's value replaced. */
function withFlag(flag: string, value: string): string[] {
  const flags = [...TOELEIDING_START_FLAGS];
  flags[flags.indexOf(flag) + 1] = value;
  return flags;
}

describe('passend case refuses a BSN in an identifier, before connecting', () => {
  it('a new case id: exit 2 naming the argument and the reason', async () => {
    const { code, stderr } = await passend('case', 'start', BSN, ...TOELEIDING_START_FLAGS, ...NOWHERE);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/caseId.*holds a BSN/);
    expect(stderr).not.toContain('cannot reach Temporal');
  });

  it.each([
    ['--organisatie', BSN, 'organisatie'],
    ['--regio', `regio-${BSN}`, 'regio'],
    ['--actor', `intern-begeleider:${BSN}`, 'actor.id'],
    ['--regisseur', BSN, 'payload.regisseur'],
  ])('a start with %s %s: refused (exit 1) naming %s', async (flag, value, path) => {
    const { code, stderr } = await passend('case', 'start', 'c-1', ...withFlag(flag, value), ...NOWHERE);
    expect(code, stderr).toBe(1);
    expect(stderr).toContain('refused (invalid-event)');
    expect(stderr).toContain(path);
    expect(stderr).not.toContain('cannot reach Temporal');
  });

  it.each([
    [['--actor', `swv:${BSN}`], 'actor.id'],
    [['--actor', 'swv:swv-1', '--key', `c-1/${BSN}`], 'idempotencyKey'],
  ])('an event sent with %j: refused (exit 1) naming %s', async (flags, path) => {
    const { code, stderr } = await passend('case', 'send', 'c-1', 'intake.gehouden', ...flags, ...NOWHERE);
    expect(code, stderr).toBe(1);
    expect(stderr).toContain('refused (invalid-event)');
    expect(stderr).toContain(path);
    expect(stderr).not.toContain('cannot reach Temporal');
  });
});
