// package.json's engines.node must hold for every installed dependency: `npm ci` warns otherwise, and the
// requirement the README states would not be true (issue 13: cookie 2 asked for Node >= 22 under ">= 20.3").
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const semver = createRequire(import.meta.url)('semver') as {
  subset(range: string, superset: string): boolean;
};

interface LockedPackage {
  readonly version?: string;
  readonly optional?: boolean;
  readonly engines?: { readonly node?: string } | readonly string[];
}

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};
const ours = (lock.packages[''] as { engines: { node: string } }).engines.node;
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
};

describe('the Node requirement', () => {
  it('is the one the lockfile was written with', () => {
    expect(ours).toBe(manifest.engines.node);
  });

  it('lies within what every dependency in the lockfile asks, optional ones included', () => {
    const refused = Object.entries(lock.packages)
      .filter(([path, locked]) => path !== '' && !Array.isArray(locked.engines))
      .map(([path, locked]) => ({
        path,
        version: locked.version,
        node: (locked.engines as { node?: string })?.node,
      }))
      .filter((locked) => locked.node !== undefined && !semver.subset(ours, locked.node))
      .map((locked) => `${locked.path}@${locked.version} asks ${locked.node}`);
    expect(refused).toEqual([]);
  });
});
