/**
 * Loaded once per worker V8 context (the bundle's `preloadModules`), before any workflow exists, so that every
 * case shares one evaluated copy of the libraries the core is built on (zod, XState, the SHA-256 of
 * @noble/hashes) instead of evaluating them again per workflow: they were most of a case's heap and a good
 * part of its start-up CPU.
 *
 * Only libraries, not the core or the route machines: the SDK deep-freezes every preloaded module's exports,
 * and zod writes into its schemas while parsing (a regex check resets `lastIndex`, the first parse swaps the
 * parse function), which frozen schemas refuse. The libraries export functions and classes; the schemas and
 * machines built from them stay per workflow, unfrozen.
 */
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { sha256 } from '@noble/hashes/sha2';
import { createActor, setup } from 'xstate';
import { z } from 'zod';

// zod installs its default locale and memoizer into a global config when it builds its first schema; a
// frozen config would refuse them later, so one schema is built and used here, before the freeze.
z.strictObject({ settled: z.string().min(1) }).safeParse({ settled: '' });

// Used, so that the bundler keeps every import (zod and its dependants are side-effect free by their manifests).
export const PRELOADED: readonly unknown[] = [bytesToHex, utf8ToBytes, sha256, createActor, setup, z];
