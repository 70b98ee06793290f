// The commands the README's tour and the docs pages tell people to type: every `npx passend …` line names a command
// the `passend` usage lists, with only flags that command (or every command) takes; every `curl` calls a route the
// HTTP API has, with its method; every `npm run` names a script. A cheap check that needs no server; what the tour
// shows after `npm start` (the demo cases in the overdue lists) is checked against a running stack in test/e2e.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../http/index.js';
import { passend } from '../support/cli-run.js';

const ROOT = new URL('../../', import.meta.url);
const PAGES = [
  'README.md',
  ...readdirSync(new URL('docs/', ROOT))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const SCRIPTS = Object.keys(
  (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { scripts: object }).scripts,
);

/** The shell lines of a page's `sh` blocks, continuation lines joined, comments and redirections dropped. */
function shellLines(page: string): string[] {
  const blocks = [...page.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return blocks
    .flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** A command line's words, quotes removed (enough for the documented lines: no nested quoting). */
function words(line: string): string[] {
  return [...line.matchAll(/'[^']*'|"[^"]*"|[^\s'"]+/g)].map((match) => match[0].replace(/^['"]|['"]$/g, ''));
}

/** Each command of the usage text (`case start`, `audit at`), with the text of its usage lines. */
function commandsOf(usage: string): Map<string, string> {
  const commands = new Map<string, string>();
  let current: string | undefined;
  for (const line of usage.split('\n')) {
    const start = /^ {2}passend ((?:[a-z][a-z-]*(?: |$))+)/.exec(line);
    if (start !== null) {
      current = (start[1] ?? '').trim();
      commands.set(current, `${commands.get(current) ?? ''} ${line}`);
    } else if (current !== undefined && /^ {4,}\S/.test(line)) {
      commands.set(current, `${commands.get(current) ?? ''} ${line}`);
    } else current = undefined;
  }
  return commands;
}

describe('the documented commands', () => {
  it('name only passend commands and flags the usage lists', async () => {
    const help = await passend('--help');
    expect(help.code, help.stderr).toBe(0);
    const commands = commandsOf(help.stdout);
    const common = /^common flags:.*$/m.exec(help.stdout)?.[0] ?? '';
    expect(commands.size, help.stdout).toBeGreaterThan(10);
    const wrong: string[] = [];
    let checked = 0;
    for (const page of PAGES) {
      for (const line of shellLines(readFileSync(new URL(page, ROOT), 'utf8'))) {
        const argv = words(line.replace(/\s[12]?>.*$/, ''));
        const at = argv.indexOf('passend');
        if (argv[0] !== 'npx' || at !== 1) continue;
        checked++;
        const rest = argv.slice(at + 1);
        const path = [...commands.keys()]
          .filter((command) => rest.join(' ').startsWith(command))
          .sort((a, b) => b.length - a.length)[0];
        if (path === undefined) {
          wrong.push(`${page}: "${line}" names no passend command`);
          continue;
        }
        for (const flag of rest.filter((word) => /^--[a-z]/.test(word))) {
          const name = flag.replace(/=.*$/, '');
          const listed = new RegExp(`${name}(?![a-z-])`);
          if (!listed.test(commands.get(path) ?? '') && !listed.test(common))
            wrong.push(`${page}: "${line}": passend ${path} takes no ${name}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('call only routes the HTTP API has, with the method it takes', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const page of PAGES)
      for (const line of shellLines(readFileSync(new URL(page, ROOT), 'utf8'))) {
        if (!line.startsWith('curl ')) continue;
        const method = /\s-X\s+([A-Z]+)/.exec(line)?.[1] ?? 'GET';
        const path = /https?:\/\/[^/\s'"]+(\/[^\s'"?]*)/.exec(line)?.[1];
        if (path === undefined) continue;
        checked++;
        const known = ROUTES.some(
          (route) =>
            route.method === method && new RegExp(`^${route.url.replace(/:\w+/g, '[^/]+')}$`).test(path),
        );
        if (!known) wrong.push(`${page}: ${method} ${path}`);
      }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it('name only npm scripts the package has', () => {
    const wrong: string[] = [];
    for (const page of PAGES)
      for (const line of shellLines(readFileSync(new URL(page, ROOT), 'utf8'))) {
        const script = /^npm (?:run (\S+)|(start|test))\b/.exec(line);
        const name = script?.[1] ?? script?.[2];
        if (name !== undefined && !SCRIPTS.includes(name)) wrong.push(`${page}: "${line}"`);
      }
    expect(wrong).toEqual([]);
  });

  it('write what they write to a temporary folder, not into the clone', () => {
    const writing: string[] = [];
    for (const line of shellLines(readFileSync(new URL('README.md', ROOT), 'utf8'))) {
      const targets = [...line.matchAll(/(?:--out(?:=|\s+)|>\s*|--pack-destination\s+)(\S+)/g)].map(
        (match) => match[1] ?? '',
      );
      for (const target of targets) if (!target.startsWith('"$DIR')) writing.push(`${line} -> ${target}`);
    }
    expect(writing).toEqual([]);
  });
});
