// Help that helps (issue 13, item 3): every command answers --help, a bad command line names the problem with the
// command's own usage and the way to more, an unknown flag gets the flag it most likely meant, and --json puts
// a refusal or an error on stdout as JSON too. Every run points at a port nothing listens on.
import { describe, expect, it } from 'vitest';
import { closestFlag, parseFlags } from '../../cli/args.js';
import { commandsOf } from '../../cli/help.js';
import { passend } from '../support/cli-run.js';
import { TOELEIDING_START_FLAGS } from '../support/cli-flags.js';

const NOWHERE = ['--address', '127.0.0.1:1'];

const usage = (await passend('--help')).stdout;
const commands = commandsOf(usage);

describe('--help and -h on every command', () => {
  it('finds the commands of the usage text, subcommands included', () => {
    const paths = commands.map((command) => command.path);
    for (const path of [
      'worker',
      'case start',
      'case send',
      'case show',
      'case repair',
      'kpi',
      'audit verify',
    ])
      expect(paths).toContain(path);
  });

  it.each(commands.map((command) => [command.path, command.lines[0]] as const))(
    'passend %s --help: exit 0, its own usage line, nothing on stderr',
    async (path, line) => {
      for (const argv of [
        [...path.split(' '), '--help'],
        [...path.split(' '), '-h'],
        ['help', ...path.split(' ')],
      ]) {
        const { code, stdout, stderr } = await passend(...argv);
        expect(code, stderr).toBe(0);
        expect(stderr).toBe('');
        expect(stdout.split('\n').slice(0, 2)).toEqual(['usage:', line]);
        expect(stdout).not.toContain('passend: routes for passend onderwijs');
      }
    },
  );

  it('says what the command does, and answers even after arguments and flags (issue 13: "case show --help" refused)', async () => {
    const { code, stdout } = await passend('case', 'show', 'c-1', '--json', '--help', ...NOWHERE);
    expect(code).toBe(0);
    expect(stdout).toContain('shows a case: route, stage, regisseur, deadlines and journal');
    expect(stdout).toContain('common flags: --address HOST:PORT');
  });

  it('a group lists its commands: passend case --help', async () => {
    const { code, stdout } = await passend('case', '--help');
    expect(code).toBe(0);
    for (const sub of ['start', 'send', 'show', 'repair'])
      expect(stdout).toContain(`  passend case ${sub} <caseId>`);
  });

  it('passend --help and passend help print the whole usage; --help after "--" is an argument', async () => {
    expect((await passend('help')).stdout).toBe(usage);
    expect((await passend('-h')).stdout).toBe(usage);
    const after = await passend('simulate', '--', '--help');
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('--help');
  });

  it('help for a command that does not exist is a usage error with a suggestion', async () => {
    const { code, stdout, stderr } = await passend('ovrdue', '--help');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'passend: unknown command "ovrdue" (did you mean "overdue"?)\nmore: passend --help\n',
    );
  });
});

describe("a usage error: the error, the command's own usage line and how to get more", () => {
  it('prints four lines, not the whole usage (issue 13: the error scrolled away)', async () => {
    const { code, stdout, stderr } = await passend('case', 'show', 'c-1', '--bogus', ...NOWHERE);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        'passend: unknown flag --bogus',
        'usage:',
        '  passend case show <caseId> [--json]',
        'more: passend case show --help',
        '',
      ].join('\n'),
    );
  });

  it('a continued usage line is shown whole', async () => {
    const flags = ['--organisatie', 'swv-x', '--regio', 'r', '--regisseur', 'ib-1'];
    const { stderr } = await passend('case', 'start', 'c-1', ...flags, ...NOWHERE);
    expect(stderr.split('\n').slice(0, 4)).toEqual([
      'passend: --actor is required',
      'usage:',
      '  passend case start <caseId> --organisatie O --regio R --actor ROLE:ID --regisseur ID',
      '                     [--route toeleiding] [--kind-referentie REF] [--payload JSON] [--at ISO] [--key KEY] [--json]',
    ]);
  });

  it('an unknown command gets the nearest one', async () => {
    const { code, stderr } = await passend('cse', 'show', 'c-1');
    expect(code).toBe(2);
    expect(stderr).toBe('passend: unknown command "cse" (did you mean "case"?)\nmore: passend --help\n');
  });
});

describe('flags: a suggestion for a typo, no raw Node message', () => {
  it.each([
    [['case', 'show', 'c-1', '--jsno'], 'unknown flag --jsno (did you mean --json?)'],
    [
      ['kpi', '--from', '2013-01-01', '--to', '2013-12-31', '--organisatei', 'x'],
      'unknown flag --organisatei (did you mean --organisatie?)',
    ],
    [['overdue', '--organization', 'x'], 'unknown flag --organization (did you mean --organisatie?)'],
    [['overdue', '--at-rsik'], 'unknown flag --at-rsik (did you mean --at-risk?)'],
    [['case', 'show', 'c-1', '-x'], 'unknown flag -x'],
    [
      ['case', 'send', 'c-1', 'intake.gehouden', '--actor'],
      '--actor needs a value (the next argument, --address, is a flag)',
    ],
    [
      ['case', 'send', 'c-1', 'intake.gehouden', '--actor', '-x'],
      '--actor needs a value; for one that begins with "-", write --actor=-x',
    ],
    [['case', 'show', 'c-1', '--json=yes'], '--json is a switch and takes no value (got "yes")'],
  ])('%j', async (argv, message) => {
    const { code, stderr } = await passend(...argv, ...NOWHERE);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`passend: ${message}`);
    expect(stderr).not.toMatch(/Unknown option|To specify a positional argument/);
  });

  it('a flag at the end without its value', async () => {
    const { code, stderr } = await passend('simulate', 'scenario.json', '--until');
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('passend: --until needs a value');
  });

  it('suggests nothing when no flag is near', () => {
    expect(closestFlag('regisseur', ['actor', 'payload', 'at', 'key'])).toBeUndefined();
    expect(closestFlag('org', ['organisatie', 'json'])).toBe('organisatie');
    expect(closestFlag('region', ['regio', 'organisatie'])).toBe('regio');
  });
});

describe('one vocabulary: the Dutch domain words, with the English ones as aliases', () => {
  it('reads --organisation and --region (also as --flag=value) as --organisatie and --regio', () => {
    const options = { organisatie: { type: 'string' }, regio: { type: 'string' } } as const;
    expect(parseFlags(['--organisation', 'swv-1', '--region=breda'], options).values).toEqual({
      organisatie: 'swv-1',
      regio: 'breda',
    });
    // After "--" they are arguments, and a command without --organisatie does not take the alias either.
    expect(parseFlags(['--', '--organisation'], options).positionals).toEqual(['--organisation']);
    expect(() => parseFlags(['--region', 'x'], { json: { type: 'boolean' } })).toThrow(
      'unknown flag --region',
    );
  });

  it.each([
    [
      ['case', 'start', 'c-1', ...TOELEIDING_START_FLAGS.slice(2), '--organisation', 'a b'],
      /^passend: --organisatie must be an identifier/,
    ],
    [
      [
        'case',
        'start',
        'c-1',
        ...TOELEIDING_START_FLAGS.slice(0, 2),
        ...TOELEIDING_START_FLAGS.slice(4),
        '--region',
        'a b',
      ],
      /^passend: --regio must be an identifier/,
    ],
    [['overdue', '--organisation', 'a b'], /^passend: --organisatie must be an identifier/],
    [
      ['kpi', '--from', '2013-01-01', '--to', '2013-12-31', '--regio', 'a b'],
      /^passend: --regio must be an identifier/,
    ],
    [
      ['kpi', '--from', '2013-01-01', '--to', '2013-12-31', '--organisation', 'a b'],
      /^passend: --organisatie must be an identifier/,
    ],
  ])('%j', async (argv, message) => {
    const { code, stderr } = await passend(...argv, ...NOWHERE);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('the usage text names the Dutch flags', () => {
    const lines = commands.flatMap((command) => command.lines).join('\n');
    expect(lines).not.toMatch(/--organisation|--region/);
    expect(usage).toMatch(/passend kpi .*--organisatie O\] \[--regio R\]/);
    expect(usage).toMatch(/passend overdue \[--regio R\] \[--organisatie O\]/);
  });
});

describe('--json: a refusal or an error is JSON on stdout too, with the exit code as without it', () => {
  it('a usage error: exit 2, { error: "usage", message, help }', async () => {
    const { code, stdout, stderr } = await passend('case', 'show', 'bad id', '--json', ...NOWHERE);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      error: 'usage',
      message: expect.stringMatching(/^<caseId>: must be an identifier/),
      help: 'passend case show --help',
    });
    expect(stderr).toMatch(/^passend: <caseId>: must be an identifier/);
  });

  it('a refused event: exit 1, the rejection as the HTTP API answers it (issue 13: nothing on stdout)', async () => {
    const argv = ['case', 'send', 'c-1', 'intake.gedaan', '--actor', 'swv:swv-1', '--json', ...NOWHERE];
    const { code, stdout } = await passend(...argv);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({
      error: 'event-rejected',
      rejection: { code: 'unknown-event-type' },
    });
  });

  it('a failure: exit 1, { error: "failed", message }', async () => {
    const { code, stdout } = await passend('case', 'show', 'c-1', '--json', ...NOWHERE);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({
      error: 'failed',
      message: expect.stringContaining('cannot reach Temporal'),
    });
  });

  it('kpi --format json counts as asking for JSON; without either, stdout stays empty', async () => {
    const kpi = await passend(
      'kpi',
      '--from',
      '2013-02-01',
      '--to',
      '2013-01-01',
      '--format',
      'json',
      ...NOWHERE,
    );
    expect(kpi.code).toBe(2);
    expect(JSON.parse(kpi.stdout)).toMatchObject({
      error: 'usage',
      message: '--from must not be after --to',
    });
    const plain = await passend('case', 'show', 'bad id', ...NOWHERE);
    expect(plain).toMatchObject({ code: 2, stdout: '' });
  });
});
