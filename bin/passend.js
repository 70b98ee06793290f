#!/usr/bin/env node
// The `passend` command: the compiled JavaScript in dist/. In a clone whose dist/ is missing or older than the
// sources (scripts/setup.sh builds it), the TypeScript sources run through tsx instead, a few seconds slower.
import { existsSync } from 'node:fs';

let entry = '../dist/cli/passend.js';
// An installed package holds dist/ only; a clone holds the sources, and dist/ may lag behind them.
if (existsSync(new URL('../cli/passend.ts', import.meta.url))) {
  const { distProblem } = await import('../scripts/dist-freshness.js');
  const problem = distProblem();
  if (problem !== undefined) {
    process.stderr.write(
      `[passend] dist/ is ${problem}, running the TypeScript sources through tsx (npm run build makes this fast)\n`,
    );
    const { register } = await import('tsx/esm/api');
    register();
    entry = '../cli/passend.ts';
  }
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
