// The benches rewrite their own generated sections of BENCHMARKS.md and leave the rest of the file alone.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeMarkedSection } from '../../bench/markdown-file.js';

const marks = { start: '<!-- x:start -->', end: '<!-- x:end -->', newFile: '# Benchmarks\n' };
const section = (body: string) => `${marks.start}\n\n${body}\n\n${marks.end}`;

describe('writeMarkedSection', () => {
  const dirs: string[] = [];
  const file = (text?: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'passend-md-'));
    dirs.push(dir);
    const path = join(dir, 'BENCHMARKS.md');
    if (text !== undefined) writeFileSync(path, text);
    return path;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the file with the section when it does not exist', async () => {
    const path = file();
    await writeMarkedSection(path, marks, section('first'));
    expect(readFileSync(path, 'utf8')).toBe(`# Benchmarks\n\n${section('first')}\n`);
  });

  it('replaces only the text between the markers', async () => {
    const path = file(`# Benchmarks\n\nBefore.\n\n${section('old')}\n\nAfter.\n`);
    await writeMarkedSection(path, marks, section('new'));
    expect(readFileSync(path, 'utf8')).toBe(`# Benchmarks\n\nBefore.\n\n${section('new')}\n\nAfter.\n`);
  });

  it('appends the section after its introduction when the markers are absent', async () => {
    const path = file('# Benchmarks\n\nOther section.\n');
    await writeMarkedSection(path, { ...marks, introWhenAbsent: () => '## Scale\n\n' }, section('s'));
    expect(readFileSync(path, 'utf8')).toBe(
      `# Benchmarks\n\nOther section.\n\n## Scale\n\n${section('s')}\n`,
    );
  });
});
