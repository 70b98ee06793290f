import { describe, expect, it } from 'vitest';
import {
  BSN_IDENTIFIER_MESSAGE,
  checkNewCase,
  openCase,
  persistCase,
  restoreCase,
  visibilityOf,
} from '../../core/index.js';
import { CASE_SEARCH_ATTRIBUTES, searchAttributeUpdates } from '../../workflows/search-attributes.js';
import { accepted, ev, rejected, START, T0 } from '../support/core-cases.js';

const first = () => ev('signaal.gemeld', { regisseur: 'regisseur-1' }, T0);
const withChild = (kindReferentie: unknown) => ({ ...START, kindReferentie });

describe('a case may carry an opaque pseudonym of its child (kindReferentie)', () => {
  it('keeps the reference in the case, across persisting, and publishes it with the flag still down', () => {
    const state = accepted(openCase(withChild('kind-7f3a'), first(), Date.parse(T0))).state;
    expect(state.kindReferentie).toBe('kind-7f3a');
    expect(restoreCase(persistCase(state)).kindReferentie).toBe('kind-7f3a');
    const visibility = visibilityOf(state);
    expect(visibility.kindReferentie).toBe('kind-7f3a');
    const published = searchAttributeUpdates(visibility).map((pair) => [pair.key.name, pair.value]);
    expect(published).toContainEqual([CASE_SEARCH_ATTRIBUTES.kindReferentie.name, 'kind-7f3a']);
    expect(published).toContainEqual([CASE_SEARCH_ATTRIBUTES.dubbeleCasus.name, false]);
  });

  it('leaves a case without one exactly as cases were before: no field, no attribute', () => {
    const state = accepted(openCase(START, first(), Date.parse(T0))).state;
    expect('kindReferentie' in state).toBe(false);
    expect('kindReferentie' in persistCase(state)).toBe(false);
    const visibility = visibilityOf(state);
    expect('kindReferentie' in visibility).toBe(false);
    const names = searchAttributeUpdates(visibility).map((pair) => pair.key.name);
    expect(names).not.toContain(CASE_SEARCH_ATTRIBUTES.kindReferentie.name);
    expect(names).not.toContain(CASE_SEARCH_ATTRIBUTES.dubbeleCasus.name);
  });

  it('refuses a name, free text or an overlong value with one issue naming the field', () => {
    for (const value of ['Jan de Vries', 'kind van fam. Jansen', 'k'.repeat(65), '', 42]) {
      const rejection = rejected(openCase(withChild(value), first(), Date.parse(T0)));
      expect(rejection.message, String(value)).toBe('the case start is invalid');
      expect(
        rejection.issues.map((issue) => issue.path),
        String(value),
      ).toEqual(['kindReferentie']);
    }
  });

  it('refuses a BSN, alone or as a part of the reference, as a new case, naming the field', () => {
    for (const value of ['111222333', 'kind-111222333']) {
      const rejection = checkNewCase(withChild(value), [first()]);
      expect(rejection?.issues, value).toEqual([{ path: 'kindReferentie', message: BSN_IDENTIFIER_MESSAGE }]);
      expect(rejection?.message).toMatch(/kindReferentie/);
    }
    expect(checkNewCase(withChild('kind-7f3a'), [first()])).toBeUndefined();
  });
});
