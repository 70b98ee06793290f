import { vi } from 'vitest';
import { main } from '../../cli/passend.js';

/** What one `passend` run printed and answered. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `passend` command line in-process, capturing what it writes (tests print nothing). */
export async function passend(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const capture =
    (append: (text: string) => void) =>
    (chunk: unknown, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture((text) => (stdout += text)));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture((text) => (stderr += text)));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
