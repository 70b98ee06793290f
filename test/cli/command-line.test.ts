// A bad command line exits 2 with one message naming the flag or argument and why, before anything connects
// to Temporal: every run here points at a port nothing listens on, so a check that came too late would show
// up as "cannot reach Temporal" (exit 1) instead.
import { afterEach, describe, expect, it } from 'vitest';
import { parsePortFlag, positionals } from '../../cli/args.js';
import { temporalAddress, temporalNamespace } from '../../cli/connection.js';
import { kpiTable } from '../../cli/kpi-format.js';
import { parseMoment } from '../../cli/kpi.js';
import { kpiReport } from '../../core/index.js';
import { passend } from '../support/cli-run.js';
import { TOELEIDING_START_FLAGS } from '../support/cli-flags.js';

const NOWHERE = ['--address', '127.0.0.1:1'];
const START = ['case', 'start', 'c-1', ...TOELEIDING_START_FLAGS, ...NOWHERE];
const SEND = ['case', 'send', 'c-1', 'intake.gehouden', '--actor', 'swv:swv-1', ...NOWHERE];

/**
 * Runs `passend …` and expects exit 2 with exactly one `passend:` message matching `message`, unconnected,
 * followed by the command's own usage and the way to its help, not the whole usage text.
 */
async function expectUsageError(argv: readonly string[], message: RegExp): Promise<void> {
  const { code, stdout, stderr } = await passend(...argv);
  expect(code, stderr).toBe(2);
  const [first, ...rest] = stderr.trimEnd().split('\n');
  expect(first).toMatch(message);
  expect(rest.filter((line) => line.startsWith('passend:'))).toEqual([]);
  expect(rest.at(-1)).toMatch(/^more: passend ([a-z]+ )*--help$/);
  expect(stderr).not.toContain('passend: routes for passend onderwijs and jeugdhulp on Temporal');
  expect(stdout).toBe('');
}

/** `argv` without the flag `flag` and its value. */
function without(argv: readonly string[], flag: string): string[] {
  const index = argv.indexOf(flag);
  return [...argv.slice(0, index), ...argv.slice(index + 2)];
}

describe('passend case: every flag is checked before connecting', () => {
  it.each([
    [
      [...START, '--at', 'yesterday'],
      /^passend: --at must be an ISO 8601 date-time with an offset.*\(got "yesterday"\)$/,
    ],
    [[...START, '--at', '2013-03-01'], /--at must be an ISO 8601 date-time with an offset/],
    [[...START, '--organisatie', 'a b'], /^passend: --organisatie must be an identifier.*\(got "a b"\)$/],
    [[...START, '--regio', 'x y'], /^passend: --regio must be an identifier/],
    [
      [...START, '--route', 'nope'],
      /^passend: --route must be one of toeleiding, zorgplicht, drechtsteden, gooi-mdo, ijw-toewijzing, jeugdwet-besluit, veilig-thuis \(got "nope"\)$/,
    ],
    [[...START, '--key', ''], /^passend: --key must be 1-128 characters \(got ""\)$/],
    [[...START, '--key', 'k'.repeat(129)], /^passend: --key must be 1-128 characters/],
    [without(START, '--regisseur'), /^passend: --regisseur is required$/],
    [[...START, '--regisseur', 'a b'], /^passend: --regisseur must be an identifier/],
    [without(START, '--organisatie'), /^passend: --organisatie is required$/],
    [[...START, '--payload', '{'], /^passend: --payload is not valid JSON/],
    [
      [...START, '--payload', '{"regisseur":"ib-2"}'],
      /^passend: --payload names regisseur "ib-2" but --regisseur is "ib-1"/,
    ],
    [['case', 'start', 'overdue', ...START.slice(3)], /^passend: <caseId>: "overdue" is reserved/],
    [
      ['case', 'start', 'a b', ...START.slice(3)],
      /^passend: <caseId>: must be an identifier.*\(got "a b"\)$/,
    ],
  ])('case start %j', async (argv, message) => {
    await expectUsageError(argv, message);
  });

  it.each([
    [
      ['case', 'send', 'bad id', ...SEND.slice(3)],
      /^passend: <caseId>: must be an identifier.*\(got "bad id"\)$/,
    ],
    [['case', 'send', 'c-1', '', ...SEND.slice(4)], /^passend: <event-type>: must not be empty$/],
    [[...SEND, '--at', 'yesterday'], /^passend: --at must be an ISO 8601 date-time with an offset/],
    [[...SEND, '--key', ''], /^passend: --key must be 1-128 characters/],
    [without(SEND, '--actor'), /^passend: --actor is required$/],
    [[...SEND, '--actor', 'nobody'], /^passend: --actor must be role:id/],
    [[...SEND, '--regisseur', 'x'], /^passend: unknown flag --regisseur$/],
    [['case', 'send', 'c-1', ...NOWHERE], /^passend: expected <caseId> <event-type>, got 1 argument: "c-1"$/],
  ])('case send %j', async (argv, message) => {
    await expectUsageError(argv, message);
  });

  it.each([
    [['case', 'show', 'c-1', '--at', '2013-03-01', '--payload', '{', ...NOWHERE], /unknown flag --at$/],
    [['case', 'show', 'c-1', '--actor', 'swv:swv-1', ...NOWHERE], /unknown flag --actor$/],
    [['case', 'show', 'c-1', '--key', 'k', ...NOWHERE], /unknown flag --key$/],
    [['case', 'show', 'bad id', ...NOWHERE], /^passend: <caseId>: must be an identifier/],
    [
      ['case', 'show', 'c-1', 'c-2', ...NOWHERE],
      /^passend: expected <caseId>, got 2 arguments: "c-1" "c-2"$/,
    ],
    [['case'], /^passend: case needs a command: start, send, show or repair$/],
    [['case', 'bogus'], /^passend: unknown command "case bogus"/],
  ])('case show and the rest %j', async (argv, message) => {
    await expectUsageError(argv, message);
  });

  it("a start the core refuses is refused (exit 1) without connecting: the route's payload", async () => {
    const { code, stderr } = await passend(...START, '--route', 'zorgplicht');
    expect(code, stderr).toBe(1);
    expect(stderr).toContain('refused (invalid-payload)');
    expect(stderr).toContain('payload.school');
    expect(stderr).not.toContain('cannot reach Temporal');
  });

  it('a start the core refuses is refused (exit 1) without connecting: an --at in the future', async () => {
    const { code, stderr } = await passend(...START, '--at', '2199-01-01T00:00:00Z');
    expect(code, stderr).toBe(1);
    expect(stderr).toContain('refused (occurred-in-future)');
    expect(stderr).not.toContain('cannot reach Temporal');
  });

  it.each([
    [
      ['case', 'send', 'c-1', 'intake.gedaan', '--actor', 'swv:swv-1', ...NOWHERE],
      'unknown-event-type',
      'is not an event of any route',
    ],
    [[...SEND, '--payload', '{"locatie":"maan"}'], 'invalid-payload', 'payload.locatie'],
    [[...SEND, '--at', '2199-01-01T00:00:00Z'], 'occurred-in-future', 'may not be in the future'],
  ])('an event no route takes is refused (exit 1) without connecting: %j', async (argv, code, detail) => {
    const result = await passend(...argv);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`refused (${code})`);
    expect(result.stderr).toContain(detail);
    expect(result.stderr).not.toContain('cannot reach Temporal');
  });

  it('an event some route takes goes on to the server, which decides by the case (here: none to reach)', async () => {
    const { code, stderr } = await passend(...SEND, '--payload', '{"locatie":"thuis"}');
    expect(code).toBe(1);
    expect(stderr).toContain('cannot reach Temporal');
  });
});

describe('extra arguments are refused, not ignored', () => {
  it.each([
    [['worker', 'some-extra-arg', ...NOWHERE], /^passend: worker takes no arguments, got "some-extra-arg"$/],
    [
      ['kpi', 'extra', '--from', '2013-01-01', '--to', '2013-12-31', ...NOWHERE],
      /^passend: kpi takes no arguments/,
    ],
    [['overdue', 'extra', ...NOWHERE], /^passend: overdue takes no arguments, got "extra"$/],
    [['cases', 'extra', ...NOWHERE], /^passend: cases takes no arguments/],
    [['codec', 'extra'], /^passend: codec takes no arguments, got "extra"$/],
    [['serve', 'extra', ...NOWHERE], /^passend: serve takes no arguments/],
    [['audit', 'archive', 'extra', ...NOWHERE], /^passend: expected no arguments, got 1 argument: "extra"$/],
    [['audit', 'export', 'c-1', 'c-2', ...NOWHERE], /^passend: expected <caseId>, got 2 arguments/],
    [['audit', 'help', 'extra'], /^passend: audit help takes no arguments, got "extra"$/],
    [['help', 'extra'], /^passend: unknown command "extra"$/],
  ])('%j', async (argv, message) => {
    await expectUsageError(argv, message);
  });

  it('positionals says what it expected and what came, quoted', () => {
    expect(() => positionals(['extra'], [])).toThrow('expected no arguments, got 1 argument: "extra"');
    expect(() => positionals([], ['caseId'])).toThrow('expected <caseId>, got 0 arguments');
    expect(() => positionals(['a', ''], ['caseId'])).toThrow('expected <caseId>, got 2 arguments: "a" ""');
    expect(positionals(['a', 'b'], ['x', 'y'])).toEqual(['a', 'b']);
  });
});

describe('passend kpi --from/--to', () => {
  it('reads a date as the start (--from) or the end (--to) of that day in Amsterdam, winter and summer', () => {
    expect(parseMoment('from', '2013-03-01', false)).toBe('2013-02-28T23:00:00.000Z');
    expect(parseMoment('to', '2013-03-01', true)).toBe('2013-03-01T22:59:59.999Z');
    expect(parseMoment('from', '2013-07-01', false)).toBe('2013-06-30T22:00:00.000Z');
    expect(parseMoment('to', '2013-07-01', true)).toBe('2013-07-01T21:59:59.999Z');
    // The spring change: 31 March 2013 has 23 hours, the autumn one (27 October) 25.
    expect(parseMoment('from', '2013-03-31', false)).toBe('2013-03-30T23:00:00.000Z');
    expect(parseMoment('to', '2013-03-31', true)).toBe('2013-03-31T21:59:59.999Z');
    expect(parseMoment('to', '2013-10-27', true)).toBe('2013-10-27T22:59:59.999Z');
    expect(parseMoment('to', '2012-12-31', true)).toBe('2012-12-31T22:59:59.999Z');
  });

  it('takes an ISO 8601 date-time with an explicit offset as it is', () => {
    expect(parseMoment('from', '2013-07-01T09:30:00+02:00', false)).toBe('2013-07-01T07:30:00.000Z');
    expect(parseMoment('to', '2013-07-01T09:30:00Z', true)).toBe('2013-07-01T09:30:00.000Z');
  });

  it.each([
    ['1', /--from must be a date \(YYYY-MM-DD, a day in Europe\/Amsterdam\) or an ISO 8601 date-time/],
    ['12', /--from must be a date/],
    ['March 5 2013', /--from must be a date.*\(got "March 5 2013"\)/],
    ['2013-03-01T09:00:00', /--from must be a date/],
    ['2013-3-1', /--from must be a date/],
    ['', /--from must be a date/],
    ['2013-02-30', /--from is not a calendar date \(got "2013-02-30"\)/],
    ['2013-13-01', /--from is not a calendar date/],
  ])('refuses --from %j', (value, message) => {
    expect(() => parseMoment('from', value, false)).toThrow(message);
  });

  it.each([
    [['--from', '1', '--to', '2013-12-31'], /^passend: --from must be a date/],
    [['--from', '2013-01-01', '--to', '2013-02-30'], /^passend: --to is not a calendar date/],
    [['--from', '2013-02-01', '--to', '2013-01-31'], /^passend: --from must not be after --to$/],
    [['--to', '2013-01-31'], /^passend: --from is required/],
  ])('passend kpi %j exits 2', async (flags, message) => {
    await expectUsageError(['kpi', ...flags, ...NOWHERE], message);
  });

  it("heads the report with the period's dates in Amsterdam, not the UTC dates of its instants", () => {
    const report = kpiReport(
      [],
      parseMoment('from', '2013-01-01', false),
      parseMoment('to', '2013-12-31', true),
    );
    expect(kpiTable(report).split('\n')[0]).toBe(
      'KPI 2013-01-01 – 2013-12-31: 0 case(s) with events in the period',
    );
  });
});

/** Puts the environment variables `names` back as they were after each test of the enclosing describe. */
function restoreAfterEach(...names: string[]): void {
  const saved = names.map((name) => [name, process.env[name]] as const);
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

describe('a bad port names where it came from', () => {
  restoreAfterEach('PASSEND_HTTP_PORT', 'PASSEND_CODEC_PORT');

  it('the environment variable, when it holds the bad value', async () => {
    process.env['PASSEND_HTTP_PORT'] = 'abc';
    await expectUsageError(
      ['serve', ...NOWHERE],
      /^passend: PASSEND_HTTP_PORT must be a port number 0-65535, not "abc" \(from the environment; --port overrides it\)$/,
    );
    process.env['PASSEND_CODEC_PORT'] = '70000';
    await expectUsageError(
      ['codec'],
      /^passend: PASSEND_CODEC_PORT must be a port number 0-65535, not "70000"/,
    );
  });

  it('--port, when it was given (and then the variable is not read)', async () => {
    process.env['PASSEND_HTTP_PORT'] = 'abc';
    await expectUsageError(
      ['serve', '--port', '8o8o', ...NOWHERE],
      /^passend: --port must be a port number 0-65535, not "8o8o"$/,
    );
    expect(() => parsePortFlag('8080x', 'PASSEND_HTTP_PORT', 8080)).toThrow('--port must be');
    expect(parsePortFlag('9090', 'PASSEND_HTTP_PORT', 8080)).toBe(9090);
  });

  it('the default, when neither is set', () => {
    delete process.env['PASSEND_HTTP_PORT'];
    expect(parsePortFlag(undefined, 'PASSEND_HTTP_PORT', 8080)).toBe(8080);
    process.env['PASSEND_HTTP_PORT'] = '8181';
    expect(parsePortFlag(undefined, 'PASSEND_HTTP_PORT', 8080)).toBe(8181);
  });
});

describe('a bad Temporal address or namespace names where it came from, before connecting', () => {
  restoreAfterEach('TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE');

  it.each([
    [
      ['case', 'show', 'c-1', '--address', 'http://localhost:7233'],
      /^passend: --address must be host:port, e\.g\. localhost:7233, without a scheme \(got "http:\/\/localhost:7233"\)$/,
    ],
    [
      ['overdue', '--address', 'localhost:70000'],
      /^passend: --address must be host:port.*\(got "localhost:70000"\)$/,
    ],
    [['cases', '--address', 'localhost :7233'], /^passend: --address must be host:port/],
    [
      ['case', 'show', 'c-1', '--namespace', 'mijn namespace', ...NOWHERE],
      /^passend: --namespace must be a namespace name: .*\(got "mijn namespace"\)$/,
    ],
  ])('%j', async (argv, message) => {
    await expectUsageError(argv, message);
  });

  it('the environment variable, when it holds the bad value', async () => {
    process.env['TEMPORAL_ADDRESS'] = 'grpc://temporal:7233';
    await expectUsageError(['case', 'show', 'c-1'], /^passend: \$TEMPORAL_ADDRESS must be host:port/);
    delete process.env['TEMPORAL_ADDRESS'];
    process.env['TEMPORAL_NAMESPACE'] = '';
    await expectUsageError(
      ['overdue', ...NOWHERE],
      /^passend: \$TEMPORAL_NAMESPACE must be a namespace name/,
    );
  });

  it('takes names, IPv4 and bracketed IPv6 addresses, with or without a port', () => {
    for (const address of ['localhost:7233', 'temporal.example.nl', '10.0.0.7:7233', '[::1]:7233'])
      expect(temporalAddress(address)).toBe(address);
    expect(temporalNamespace('passend-prod_2')).toBe('passend-prod_2');
  });
});
