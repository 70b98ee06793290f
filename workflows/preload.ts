/**
 * Loaded once per worker V8 context (the bundle's `preloadModules`), before any workflow exists, so that every
 * case shares one evaluated copy of the pure core, the route machines and the libraries they are built on
 * (zod, XState, the SHA-256 of @noble/hashes) instead of evaluating them again per workflow: they were most of
 * a case's heap and of its start-up CPU, and a shared copy keeps its JIT-compiled code warm across cases.
 *
 * Sharing is safe because these modules are pure: their only module state is caches of pure functions
 * (formatters, journal hashes, the machines' inert scope), whose answers do not depend on which case asked.
 *
 * The SDK deep-freezes what preloaded modules export. The libraries export functions and classes, which
 * freeze harmlessly once zod's global config is settled (below). The core and the machines export zod
 * schemas, and zod writes into a schema while it parses (a regex check resets `lastIndex`, the first parse
 * swaps in a leaner parse function), which a frozen schema refuses. Their module namespaces are therefore
 * frozen here, shallowly: no export can be reassigned, and the deep freeze, which skips what is already
 * frozen, leaves the schemas inside them writable.
 */
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { sha256 } from '@noble/hashes/sha2';
import { createActor, setup } from 'xstate';
import { z } from 'zod';

// Webpack's own names for the bundle's module table, its loader and this module, available to bundled code.
declare const __webpack_modules__: Readonly<Record<string, unknown>>;
declare const __webpack_require__: (id: string) => object;
declare const __webpack_module__: { readonly id: string | number };

// zod installs its default locale and memoizer into a global config when it builds its first schema; the
// frozen config would refuse them later, so one schema is built and used here, before the freeze.
z.strictObject({ settled: z.string().min(1) }).safeParse({ settled: '' });

// Module ids are paths in the bundle; the core and the machines sit beside this module's folder.
const own = /^(.*)workflows\/preload\.[jt]s$/.exec(String(__webpack_module__.id));
if (own === null) {
  throw new Error(
    `workflows/preload: cannot tell the core's modules in the bundle from module id "${String(__webpack_module__.id)}"`,
  );
}
const root = own[1] ?? '';
let shared = 0;
for (const id of Object.keys(__webpack_modules__)) {
  if (!id.startsWith(`${root}core/`) && !id.startsWith(`${root}machines/`)) continue;
  Object.freeze(__webpack_require__(id));
  shared++;
}
if (shared === 0) throw new Error(`workflows/preload: no module under ${root}core/ in the bundle`);

/** How many core and machine modules this context shares (and the libraries, kept by the bundler through use). */
export const PRELOADED = {
  modules: shared,
  libraries: [bytesToHex, utf8ToBytes, sha256, createActor, setup],
};
