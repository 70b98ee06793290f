import { currentNormVersions, UNPINNED_NORM_VERSIONS } from './norms.js';

/**
 * The version of the core's own rules a new case opens under. 1: the rules before cases were pinned. 2: a breach
 * that a late-registered event shows never happened (the norm was met before its due moment) is retracted.
 */
export const CORE_RULES_VERSION = 2;

/**
 * The rules a case is pinned to when it opens, as norm versions are: the core's rules and the version of every
 * preset. A host records it with the case's start (the workflow's input), so a replay decides as the case was
 * recorded, whatever the presets and the core say by then.
 */
export interface CasePin {
  readonly rulesVersion: number;
  /** The version of each preset by norm id; a preset not named resolves to its current version. */
  readonly normVersions: Readonly<Record<string, string>>;
}

/** The pin of a case opened now: the core's rules and the presets of this build. */
export function currentPin(): CasePin {
  return { rulesVersion: CORE_RULES_VERSION, normVersions: currentNormVersions() };
}

/** The pin of a case recorded before cases were pinned: the first rules and the first version of each preset. */
export const UNPINNED: CasePin = { rulesVersion: 1, normVersions: UNPINNED_NORM_VERSIONS };

/** Whether a case retracts a breach that a late-registered event disproves (rules version 2 and later). */
export function retractsBreaches(rulesVersion: number | undefined): boolean {
  return (rulesVersion ?? 1) >= 2;
}
