// Headless Chromium for the browser tests: Debian's `chromium` (or $PASSEND_CHROMIUM), driven by playwright-core
// with the flags this machine needs (no sandbox, no GPU, nothing fetched from the network in the background).
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Where the browser tests keep their screenshots (git-ignored). */
export const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['PASSEND_CHROMIUM'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
