// The TypeScript the README and the docs pages show a user compiles against the code as it is: an integrator copies
// it, so a renamed method or a changed event shape must fail here, not in their build. A block fenced ```ts is
// checked; one fenced with more after the language (```ts shape) shows a shape, not a program, and is left alone.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGES = [
  'README.md',
  ...readdirSync(`${ROOT}docs`)
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

interface Block {
  readonly page: string;
  readonly line: number;
  readonly code: string;
}

function blocksOf(page: string): Block[] {
  const lines = readFileSync(`${ROOT}${page}`, 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let at = 0; at < lines.length; at++) {
    if (lines[at]?.trimEnd() !== '```ts') continue;
    const end = lines.indexOf('```', at + 1);
    blocks.push({ page, line: at + 1, code: lines.slice(at + 1, end).join('\n') });
    at = end;
  }
  return blocks;
}

/** Compiles the blocks as modules beside the sources, importing the package by its name as a user does. */
function diagnosticsOf(blocks: readonly Block[]): string[] {
  const config = ts.readConfigFile(`${ROOT}tsconfig.json`, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    noEmit: true,
    // The package's exports point into dist/, which a clean clone has not built: read the sources instead.
    paths: { 'passend-routes/*': [`${ROOT}*/index.ts`] },
  };
  const files = new Map(blocks.map((block, index) => [`${ROOT}readme-block-${index}.ts`, block]));
  const host = ts.createCompilerHost(compilerOptions);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name)?.code ?? readFile.call(host, name);
  host.getSourceFile = (name, version, ...rest) => {
    const block = files.get(name);
    return block === undefined
      ? getSourceFile.call(host, name, version, ...rest)
      : ts.createSourceFile(name, block.code, version);
  };
  const program = ts.createProgram([...files.keys()], compilerOptions, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const block = diagnostic.file === undefined ? undefined : files.get(diagnostic.file.fileName);
    const where =
      block === undefined || diagnostic.file === undefined || diagnostic.start === undefined
        ? (diagnostic.file?.fileName ?? 'options')
        : `${block.page}:${block.line + 1 + diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line}`;
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

describe('the TypeScript in the README and the docs pages', () => {
  const blocks = PAGES.flatMap(blocksOf);

  it('compiles against the sources', () => {
    expect(blocks.map((block) => block.page)).toEqual(
      expect.arrayContaining(['README.md', 'docs/embedding.md', 'docs/routes.md']),
    );
    expect(diagnosticsOf(blocks)).toEqual([]);
  }, 120_000);

  it('would fail on a method the client does not have', () => {
    const renamed = blocks
      .filter((block) => block.page === 'README.md')
      .map((block) => ({ ...block, code: block.code.replace('passend.sendEvent(', 'passend.sendEvents(') }));
    expect(renamed.some((block) => block.code.includes('sendEvents('))).toBe(true);
    expect(diagnosticsOf(renamed).join('\n')).toMatch(/README\.md:\d+: Property 'sendEvents' does not exist/);
  }, 120_000);
});
