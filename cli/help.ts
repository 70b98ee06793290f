// Help for one command: `passend case show --help` (or `passend help case show`) prints that command's usage
// lines and what it does, and a bad command line names the problem with the command's own usage line instead
// of the whole usage text. The usage lines are read from the usage text of `passend --help`, so a command added
// there has its --help at once; the descriptions below add what the usage line cannot say.
import { closestFlag } from './args.js';

/** One command of the usage text: its words (`case show`) and its usage lines, continuation lines included. */
export interface CommandUsage {
  readonly path: string;
  readonly lines: readonly string[];
}

/** What a command does, beyond its usage line: a text, or a loader for one kept in the command's own module. */
type Description = string | (() => Promise<string>);

const CONNECTION_HELP =
  'common flags: --address HOST:PORT (default $TEMPORAL_ADDRESS or localhost:7233), --namespace NS';
const EXIT_HELP = 'exit codes: 0 ok, 1 refused or failed, 2 bad command line';
const JSON_HELP =
  'with --json, a refusal or an error is printed as JSON on stdout too (and on stderr as text)';

const overdueHelp = async () => (await import('./overdue.js')).OVERDUE_HELP;
const doctorHelp = async () => (await import('./doctor.js')).DOCTOR_HELP;

const DESCRIPTIONS: Readonly<Record<string, Description>> = {
  worker: `runs the case workflows and their activities on the case task queue. Notifications go to --outbox
(default $PASSEND_OUTBOX or data/outbox.jsonl) and to the webhooks of $PASSEND_WEBHOOKS; closed cases are
archived to --archive (default $PASSEND_ARCHIVE or data/archive/). Ctrl-C drains the worker and stops it.`,
  'case start': `starts a case by sending its route's first event (--route toeleiding, the default: signaal.gemeld;
zorgplicht: aanmelding.ontvangen, which also needs --payload '{"school":"ID"}'). --organisatie and --regio name
where the case lies (--organisation and --region are accepted too), --regisseur who directs it, --actor ROLE:ID
who acts. --at backdates the event (ISO 8601 with offset); --key is the idempotency key (default: a new UUID,
printed). Every flag is checked before anything connects.`,
  'case send': `sends one event to a case, e.g. passend case send casus-1 intake.gehouden --actor swv:swv-1. --payload is a
JSON object; --at backdates the event (ISO 8601 with offset); --key is the idempotency key (default: a new UUID,
printed): the same key again is applied once. A refused event (exit 1) changes nothing.`,
  'case show':
    'shows a case: route, stage, regisseur, deadlines and journal; --json prints its whole view as JSON.',
  'case repair': doctorHelp,
  doctor: doctorHelp,
  overdue: overdueHelp,
  cases: overdueHelp,
  serve: `runs the HTTP API (OpenAPI at /openapi.json). --access is the token file (default $PASSEND_ACCESS or
config/access.json, see config/access.example.json); the server reads it again when it changes, and keeps the
last good one when a change is not valid. The access log goes to --access-log (default data/access.log). With
--outbox FILE (or $PASSEND_OUTBOX), the worker's outbox, the dashboard shows the webhook notifications that worker
gave up on (undeliverable.jsonl beside it); without, it says nothing of them.`,
  codec: async () => (await import('./codec.js')).CODEC_HELP,
  'route migrate': `moves one running case (--case) or every open case of a route version (--from ID@VERSION) to --to
ID@VERSION, as that version's "migrations" map its states, each by one Update to its workflow (--actor role:id is
recorded in its journal). --dry-run says per case what would happen and changes nothing. A case that cannot move
(a state the new version does not map, a broken invariant, a running deadline of a norm the new version drops) is
reported with the reason and left as it was; exit 1 when any was refused.`,
  'route diagram': `prints a route's statechart as a Mermaid diagram drawn from its machine; ID@VERSION checks that the engine
hosts that version of the route.`,
  simulate: `runs a scenario file (schemas/scenario.schema.json) through the pure core on its exact dates and prints the
report: stages, deadlines, rejected events, final state. --temporal runs it on the time-skipping server instead,
shifted so that its first event happens at the server's now. --regio-config (or --region-config) applies a
region's norm overrides beneath the scenario's own (the scenario wins, field by field); --until overrides the
scenario's until. Exit 0 when the scenario ran (breaches are findings), 1 for a malformed scenario or region file.`,
  kpi: `the indicators of a period: days per stage, deadlines met per norm, waits per provider, open cases per
regisseur, opschalen and thuiszitters. --from/--to: a date YYYY-MM-DD (--from: the start of that day in
Amsterdam, --to: its end) or an ISO 8601 date-time with offset. --organisatie and --regio (or --organisation,
--region) count only the cases of that organisation or region; the header counts the cases with an event in
the period. --out FILE writes the report to a file instead of stdout.`,
  'audit export': `writes one JSON file: every run's Temporal history, the decoded journal, the norms, the chain head. A case id
is read from Temporal and, when Temporal no longer has it, from the archive (--archive DIR).`,
  'audit at': `the case at <moment> (ISO date-time with offset, or YYYY-MM-DD: the end of that day in Amsterdam), replayed
from the journal through the pure core; works offline from an exported FILE.`,
  'audit verify': `per case: the journal's hash chain, the journal against the Temporal history, a replay of the history against
this workflow code (--chain-only skips the replay), and that every payload of an encrypted case was sealed for it.`,
  'audit report':
    'a timeline for people: breaches and by how much, waits, regie, interim support, every fact [#n].',
  'audit archive': 'exports every closed case not yet in the archive folder (--archive DIR).',
  inspect: `replays a case's journal through its machine as @statelyai/inspect inspection events: the case as an
actor, then per journal entry the event it records and the machine's snapshot after it (the states passend audit at
gives for that moment). <caseId> is read from Temporal, else from the archive (--archive DIR), as passend audit
export does; --export FILE reads an audit export offline. A case open on the server is then followed: each entry its
journal takes is sent as it is accepted (the history is long-polled, stderr says what came), until the case closes
or Ctrl-C; --no-follow ends after the replay. The events are printed on stdout, one JSON object a line, or sent to
the WebSocket receiver at --url (ws:// or wss://: the HTTP API's /inspect/ws?case=ID, whose page /inspect shows
them on the route's diagram, with a coordinator's or auditor's token in --token-file FILE; or a relay to Stately's
inspector); the command ends once the receiver has them all and says how many it sent
(--json: as JSON).`,
};

/** Commands that never talk to Temporal, so the connection flags are not theirs. */
const OFFLINE = ['simulate', 'codec', 'route'];

/** The commands of a usage text: each line `  passend <words> …` under `usage:` with its continuation lines. */
export function commandsOf(usage: string): CommandUsage[] {
  const lines = usage.split('\n');
  const start = lines.indexOf('usage:');
  const commands: { path: string; lines: string[] }[] = [];
  for (const line of start === -1 ? [] : lines.slice(start + 1)) {
    if (line.trim() === '') break;
    const match = /^ {2}passend ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)*)/.exec(line);
    if (match?.[1] !== undefined) commands.push({ path: match[1], lines: [line] });
    else commands.at(-1)?.lines.push(line);
  }
  return commands;
}

/** The words of `argv` that name a command: `case show` for `case show c-1 --json`, `case` for `case bogus`. */
export function commandPathOf(
  argv: readonly string[],
  commands: readonly CommandUsage[],
): string | undefined {
  const words = argv.slice(0, 2);
  const pair = words.join(' ');
  if (words.length === 2 && commands.some((command) => command.path === pair)) return pair;
  const first = words[0];
  if (first === undefined) return undefined;
  return commands.some((command) => command.path === first || command.path.startsWith(`${first} `))
    ? first
    : undefined;
}

/** The usage lines of a command, or of every command of a group (`case`: start, send, show, repair). */
function linesOf(path: string, commands: readonly CommandUsage[]): string[] {
  const exact = commands.find((command) => command.path === path);
  if (exact !== undefined) return [...exact.lines];
  return commands
    .filter((command) => command.path.startsWith(`${path} `))
    .flatMap((command) => command.lines);
}

/** The arguments before `--`: flags after it are positional arguments, not requests for help or JSON. */
function flagPart(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf('--');
  return end === -1 ? argv : argv.slice(0, end);
}

/** Whether the command line asks for help: `--help` or `-h` anywhere among its flags. */
export function asksForHelp(argv: readonly string[]): boolean {
  return flagPart(argv).some((arg) => arg === '--help' || arg === '-h');
}

/** Whether the command line asks for JSON (`--json`, or `--format json` as kpi takes it). */
export function asksForJson(argv: readonly string[]): boolean {
  const flags = flagPart(argv);
  return flags.some(
    (arg, index) =>
      arg === '--json' || arg === '--format=json' || (arg === '--format' && flags[index + 1] === 'json'),
  );
}

/** The help of one command or group: its usage lines, what it does, and the flags every command shares. */
export async function commandHelp(path: string, commands: readonly CommandUsage[]): Promise<string> {
  const members = commands.filter((command) => command.path === path || command.path.startsWith(`${path} `));
  const descriptions: string[] = [];
  for (const member of members) {
    const description = DESCRIPTIONS[member.path];
    const text = typeof description === 'function' ? await description() : description;
    // doctor and case repair, overdue and cases share one text: it is shown once.
    if (text === undefined || descriptions.some((shown) => shown.endsWith(text))) continue;
    // A text of the command's own is headed by its name; a shared one names its commands itself.
    descriptions.push(
      members.length === 1 || typeof description === 'function' ? text : `${member.path}: ${text}`,
    );
  }
  const connects = !OFFLINE.includes(path.split(' ')[0] ?? '');
  return [
    'usage:',
    ...linesOf(path, commands),
    '',
    ...(descriptions.length === 0 ? [] : [descriptions.join('\n\n'), '']),
    ...(connects ? [CONNECTION_HELP] : []),
    JSON_HELP,
    EXIT_HELP,
    'all commands: passend --help',
  ].join('\n');
}

/** `unknown command "cse"`, with the command it most likely meant (by the measure the flags use). */
export function unknownCommand(word: string, commands: readonly CommandUsage[]): string {
  const near = closestFlag(word, [...new Set(commands.map((command) => command.path.split(' ')[0] ?? ''))]);
  return `unknown command "${word}"${near === undefined ? '' : ` (did you mean "${near}"?)`}`;
}

/**
 * What a usage error prints: the problem, the command's own usage line(s) and how to get more. Without a
 * known command, the way to the list of commands.
 */
export function usageErrorText(
  message: string,
  path: string | undefined,
  commands: readonly CommandUsage[],
): string {
  const lines = path === undefined ? [] : linesOf(path, commands);
  const more = path === undefined ? 'passend --help' : `passend ${path} --help`;
  return [
    `passend: ${message}`,
    ...(lines.length === 0 ? [] : ['usage:', ...lines]),
    `more: ${more}`,
    '',
  ].join('\n');
}
