import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ActorSchema,
  CaseIdSchema,
  IdentifierSchema,
  openCase,
  RESERVED_CASE_IDS,
  ScenarioSchema,
} from '../../core/index.js';
import { accepted, ev, seed, START, T0 } from '../support/core-cases.js';

const messagesOf = (value: unknown): string[] => {
  const parsed = CaseIdSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
};

describe('a new case id is an identifier that is not a path of the HTTP API', () => {
  it('refuses "overdue" (GET /cases/overdue is the overdue list) with one message naming the id and why', () => {
    expect(Object.keys(RESERVED_CASE_IDS)).toContain('overdue');
    const messages = messagesOf('overdue');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^"overdue" is reserved \(GET \/cases\/overdue lists the overdue cases\)/);
    expect(messages[0]).toMatch(/choose another id/);
  });

  it('refuses every reserved id, and only the exact id: ids that merely contain one are fine', () => {
    for (const id of Object.keys(RESERVED_CASE_IDS)) expect(messagesOf(id), id).toHaveLength(1);
    for (const id of ['overdue-1', 'c-overdue', 'Overdue', 'overdue.2', 'c-17', 'demo-casus-m']) {
      expect(messagesOf(id), id).toEqual([]);
    }
  });

  it('still gives the identifier message, and only that one, to an id that is not an identifier', () => {
    for (const bad of ['een naam', '', '-c', 'x'.repeat(65)]) {
      const messages = messagesOf(bad);
      expect(messages, bad).toHaveLength(1);
      expect(messages[0], bad).toMatch(/must be an identifier/);
    }
  });

  it('leaves other identifiers alone: an organisation or an actor may be called "overdue"', () => {
    expect(IdentifierSchema.safeParse('overdue').success).toBe(true);
    expect(ActorSchema.safeParse({ role: 'swv', id: 'overdue' }).success).toBe(true);
  });
});

describe('scenario files refuse a reserved case id', () => {
  it('names caseId and the reason', () => {
    const levi = seed('levi');
    const parsed = ScenarioSchema.safeParse({ ...levi, caseId: 'overdue' });
    expect(parsed.success).toBe(false);
    const issues = parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(issues).toEqual([['caseId', expect.stringMatching(/^"overdue" is reserved/)]]);
    expect(ScenarioSchema.safeParse({ ...levi, caseId: 'overdue-1' }).success).toBe(true);
  });

  it('the exported JSON Schema carries the rule, so an editor flags it too', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../../schemas/scenario.schema.json', import.meta.url), 'utf8'),
    ) as { properties: { caseId: { allOf: { pattern: string }[] } } };
    const patterns = schema.properties.caseId.allOf.map((part) => new RegExp(part.pattern, 'u'));
    const valid = (id: string) => patterns.every((pattern) => pattern.test(id));
    expect(valid('overdue')).toBe(false);
    expect(valid('een naam')).toBe(false);
    expect(valid('overdue-1')).toBe(true);
    expect(valid('c-17')).toBe(true);
  });
});

describe('the core still opens a case whose id was taken before the rule', () => {
  // The workflow replays openCase from its history, and an auditor replays an export through it: a case
  // started as "overdue" before the rule must keep running and stay verifiable.
  it('openCase accepts "overdue"; only starting a new case applies the rule', () => {
    const start = { ...START, caseId: 'overdue' };
    const opened = accepted(openCase(start, ev('signaal.gemeld', { regisseur: 'ib-7' }, T0), T0));
    expect(opened.state.caseId).toBe('overdue');
  });
});
