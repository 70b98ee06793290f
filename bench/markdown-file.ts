import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Where a generated section lives in a markdown file, and what to write before it when the file lacks it. */
export interface MarkedSection {
  readonly start: string;
  readonly end: string;
  /** The file's text when it does not exist yet. */
  readonly newFile: string;
  /** Written before the section when the markers are absent (the section is then appended). */
  readonly introWhenAbsent?: (current: string) => string;
}

/** Replaces the text between the markers (markers included) by `section`, or appends it; formats with prettier. */
export async function writeMarkedSection(path: string, marks: MarkedSection, section: string): Promise<void> {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : marks.newFile;
  const start = current.indexOf(marks.start);
  const end = current.indexOf(marks.end);
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${section}${current.slice(end + marks.end.length)}`
      : `${current.trimEnd()}\n\n${marks.introWhenAbsent?.(current) ?? ''}${section}\n`;
  writeFileSync(path, await prettierFormat(path, next), 'utf8');
}

/** Formats markdown as the repository's prettier config does, so `npm run lint` stays clean after a run. */
async function prettierFormat(path: string, text: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(path)) ?? {};
    return await prettier.format(text, { ...options, filepath: path });
  } catch {
    return text;
  }
}
