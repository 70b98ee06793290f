#!/usr/bin/env node
// The `passend` command. The sources are TypeScript; tsx compiles them on the fly, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/passend.ts');
process.exitCode = await main(process.argv.slice(2));
