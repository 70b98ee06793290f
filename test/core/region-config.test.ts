import { describe, expect, it } from 'vitest';
import { parseRegionConfig } from '../../core/index.js';

const parse = (norms: Record<string, unknown>) =>
  parseRegionConfig({ regio: 'breda', source: 'test', norms }, 'regions/breda.json');

describe('a region configuration is checked against the presets it overrides, when it is read', () => {
  it('accepts overrides that leave every norm countable', () => {
    const config = parse({
      'intake-na-signaal': { term: { amount: 5, unit: 'werkdagen' }, calendar: { kind: 'werkdagen' } },
      'jeugdhulp-beschikking': { gelijkgesteldeDagen: ['2026-05-15'] },
    });
    expect(Object.keys(config.norms)).toEqual(['intake-na-signaal', 'jeugdhulp-beschikking']);
  });

  it.each([
    [
      'a norm that does not exist',
      { 'bestaat-niet': { term: { amount: 1, unit: 'dagen' } } },
      /^ {2}norms\.bestaat-niet: no norm preset "bestaat-niet" \(known: breda-route, /m,
    ],
    [
      'equated days on a norm without the termijnenwet',
      { 'intake-na-signaal': { gelijkgesteldeDagen: ['2026-05-15'] } },
      /^ {2}norms\.intake-na-signaal\.gelijkgesteldeDagen: days equated .* need termijnenwet: true$/m,
    ],
    [
      'schoolweken on a calendar without a region',
      { 'breda-route': { term: { amount: 3, unit: 'schoolweken' } } },
      /^ {2}norms\.breda-route\.calendar: a term in schoolweken needs a calendar that names a regio/m,
    ],
  ])('refuses %s, naming the file and the field', (_name, norms, expected) => {
    expect(() => parse(norms)).toThrow(/^regions\/breda\.json: not a valid region configuration\n/);
    expect(() => parse(norms)).toThrow(expected);
  });
});
