import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  BSN_IDENTIFIER_MESSAGE,
  CaseIdSchema,
  checkEventWithoutCase,
  checkNewCase,
  checkNewEvent,
  holdsBsn,
  IdentifierSchema,
  NewEventInputSchema,
  openCase,
  passesElevenTest,
  persistCase,
  restoreCase,
  ScenarioSchema,
  verifyChain,
} from '../../core/index.js';
import { accepted, ev, openTestCase, seed, START, T0 } from '../support/core-cases.js';

/** A number that passes the eleven-test: 9·1 + 8·2 + 7·3 + 6·4 + 5·5 + 4·6 + 3·7 + 2·8 − 2 = 154 = 14·11. */
const BSN = '123456782';
const LATER = '2026-01-06T09:00:00.000Z';

describe('the BSN eleven-test', () => {
  it('passes nine digits whose weighted sum is divisible by 11, and nothing else', () => {
    expect(passesElevenTest(BSN)).toBe(true);
    expect(passesElevenTest('111222333')).toBe(true);
    for (const other of ['123456789', '12345678', '1234567820', '12345678a', ''])
      expect(passesElevenTest(other), other).toBe(false);
  });

  it('finds a BSN standing alone or as a part between separators, never inside a longer run or a UUID', () => {
    for (const id of [BSN, `kind-${BSN}`, `a.${BSN}.b`, `x:${BSN}`, `c_${BSN}`, `c-1/${BSN}`])
      expect(holdsBsn(id), id).toBe(true);
    for (const id of [
      'c-17',
      'x123456782',
      '1234567820',
      'c-123456789',
      '3f2a9c1e-5b7d-4e0a-9c3b-123456782aaa',
    ])
      expect(holdsBsn(id), id).toBe(false);
  });
});

describe('new input whose identifiers hold a BSN is refused, naming the field and why', () => {
  it('a new case id: CaseIdSchema refuses it, while a recorded id (IdentifierSchema) still reads', () => {
    const parsed = CaseIdSchema.safeParse(BSN);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([BSN_IDENTIFIER_MESSAGE]);
    expect(BSN_IDENTIFIER_MESSAGE).toMatch(/BSN.*eleven-test.*pseudonymous/);
    expect(IdentifierSchema.safeParse(BSN).success).toBe(true);
  });

  it('an event: the actor id, the submitter, the idempotency key and every payload string', () => {
    const event = {
      ...ev('regie.overgedragen', { regisseur: BSN, reden: 'opschaling' }, T0, `k/${BSN}`),
      actor: { role: 'swv', id: `ib-${BSN}` },
      submittedBy: BSN,
    };
    const refused = checkNewEvent(event);
    expect(refused?.code).toBe('invalid-event');
    expect(refused?.issues.map((issue) => issue.path)).toEqual([
      'actor.id',
      'submittedBy',
      'idempotencyKey',
      'payload.regisseur',
    ]);
    expect(refused?.message).toMatch(/actor\.id, submittedBy, idempotencyKey, payload\.regisseur/);
    expect(checkNewEvent(ev('regie.overgedragen', { regisseur: 'r-2', reden: 'opschaling' }, T0))).toBe(
      undefined,
    );
    const schema = NewEventInputSchema.safeParse(event);
    expect(schema.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'actor.id',
      'submittedBy',
      'idempotencyKey',
      'payload.regisseur',
    ]);
    expect(checkEventWithoutCase(event, LATER)).toEqual(refused);
  });

  it('a new case: its id, organisation and region, its first event and its history', () => {
    const first = ev('signaal.gemeld', { regisseur: 'r-1' }, T0);
    const history = { ...ev('intake.gehouden', {}, T0), actor: { role: 'swv', id: BSN } };
    const refused = checkNewCase({ ...START, caseId: BSN, organisatie: BSN, regio: `r-${BSN}` }, [
      { ...first, payload: { regisseur: BSN } },
      history,
    ]);
    expect(refused?.message).toBe('the case start is invalid');
    expect(refused?.issues).toEqual(
      ['caseId', 'organisatie', 'regio', 'payload.regisseur', 'history.0.actor.id'].map((path) => ({
        path,
        message: BSN_IDENTIFIER_MESSAGE,
      })),
    );
    expect(checkNewCase(START, [first, ev('intake.gehouden', {}, T0)])).toBe(undefined);
    expect(checkNewCase({ ...START, caseId: 'overdue' }, [first])?.issues[0]?.message).toMatch(/reserved/);
  });

  it('a scenario file: each identifier at its path', () => {
    const levi = seed('levi');
    const [first, ...rest] = levi.events;
    if (first === undefined) expect.fail('levi has no events');
    const parsed = ScenarioSchema.safeParse({
      ...levi,
      caseId: BSN,
      start: { ...levi.start, regio: BSN },
      events: [{ ...first, actor: { ...first.actor, id: BSN } }, ...rest],
    });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'caseId',
      'start.regio',
      'events.0.actor.id',
    ]);
  });
});

describe('what is recorded is not checked again', () => {
  it('the reducer, which replays recorded events, still applies an event naming a BSN', () => {
    const state = openTestCase();
    const next = accepted(
      applyEvent(state, { ...ev('intake.gehouden', {}, LATER), actor: { role: 'swv', id: BSN } }, LATER),
    );
    const restored = restoreCase(persistCase(next.state));
    expect(restored.journal.at(-1)).toMatchObject({ actor: { id: BSN } });
    expect(
      accepted(openCase({ ...START, caseId: BSN }, ev('signaal.gemeld', { regisseur: BSN }, T0), T0)).state
        .caseId,
    ).toBe(BSN);
  });
});

describe('the journal records who submitted an event, beside its declared actor', () => {
  it('keeps submittedBy in the entry and its hash, and leaves it out when no host named one', () => {
    const opened = accepted(
      openCase(START, { ...ev('signaal.gemeld', { regisseur: 'r-1' }, T0), submittedBy: 'int-1' }, T0),
    );
    const next = accepted(applyEvent(opened.state, ev('intake.gehouden', {}, LATER), LATER));
    const [first, second] = next.state.journal;
    expect(first).toMatchObject({ actor: { id: 'swv-test-1' }, submittedBy: 'int-1' });
    expect(second).not.toHaveProperty('submittedBy');
    expect(verifyChain(next.state.journal, START.caseId).ok).toBe(true);
    // The submitter is hashed: naming another one breaks the chain.
    const forged = [{ ...first, submittedBy: 'int-2' }, second] as typeof next.state.journal;
    expect(verifyChain(forged, START.caseId).ok).toBe(false);
  });

  it('is no part of the event for idempotency: a retry through another caller is a duplicate', () => {
    const state = openTestCase();
    const event = ev('intake.gehouden', {}, LATER);
    const once = accepted(applyEvent(state, { ...event, submittedBy: 'int-1' }, LATER));
    const retry = accepted(applyEvent(once.state, { ...event, submittedBy: 'int-2' }, LATER));
    expect(retry.duplicate).toBe(true);
  });
});

describe('the seed scenarios and recorded fixtures hold no BSN', () => {
  const strings = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : value !== null && typeof value === 'object'
        ? Object.values(value).flatMap(strings)
        : [];
  const folders = ['../../scenarios/', '../fixtures/scenarios/', '../fixtures/histories/'];
  for (const folder of folders) {
    it(folder, () => {
      const url = new URL(folder, import.meta.url);
      const files = readdirSync(url).filter((name) => name.endsWith('.json'));
      expect(files.length).toBeGreaterThan(0);
      for (const name of files) {
        const found = strings(JSON.parse(readFileSync(new URL(name, url), 'utf8'))).filter(holdsBsn);
        expect(found, name).toEqual([]);
      }
    });
  }
});
