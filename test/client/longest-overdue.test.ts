// More cases overdue than the list holds: visibility on SQL cannot sort by a custom attribute and lists the most
// recently started first, so the cut-off moment is found by bisection with count queries (client/longest-overdue.ts).
// On a real dev server, with cases started longest overdue first, so a plain listing would miss exactly those.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaseSummary } from '../../client/index.js';
import {
  byDue,
  cutOff,
  DUE_BOUND_EARLIEST,
  DUE_BOUND_LATEST,
  longestDue,
  visibilityQuery,
} from '../../client/index.js';
import { event, useCaseServer } from '../support/case-env.js';
import { eventually } from '../support/eventually.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const NOW = Date.now();
/** Count queries of one search at worst: four in the first round, three in each of at most 21 more. */
const WORST_COUNTS = 4 + 3 * 21;

describe('cutOff: the smallest moment at which a count reaches the wanted number', () => {
  /** A count over fixed moments, counting its calls as the count queries they stand for. */
  const counter = (moments: readonly number[]) => {
    const asked: number[] = [];
    const count = (atMost: number) => {
      asked.push(atMost);
      return Promise.resolve(moments.filter((moment) => moment <= atMost).length);
    };
    return { count, asked };
  };

  it('finds a moment with exactly the wanted earliest at or before it, to the millisecond, in at most 22 rounds', async () => {
    const moments = [NOW - 5 * DAY, NOW - 5 * DAY + 1, NOW - 3 * DAY, NOW, NOW + 17, NOW + DAY];
    for (let wanted = 1; wanted < moments.length; wanted++) {
      const { count, asked } = counter(moments);
      const { atMost, counts, rounds } = await cutOff(count, wanted, wanted, { anchor: NOW });
      // At or after the wanted-th moment, before the next: a count of exactly `wanted` ends the search there.
      expect(atMost, `wanted ${wanted}`).toBeGreaterThanOrEqual(moments[wanted - 1] ?? 0);
      expect(atMost, `wanted ${wanted}`).toBeLessThan(moments[wanted] ?? 0);
      expect(counts).toBe(asked.length);
      expect(rounds).toBeLessThanOrEqual(22);
      expect(counts).toBeLessThanOrEqual(WORST_COUNTS);
    }
  });

  it('stops at the first moment counting from wanted to enough', async () => {
    const moments = Array.from({ length: 100 }, (_, index) => NOW - index * DAY);
    const exact = counter(moments);
    const roomy = counter(moments);
    const { atMost } = await cutOff(roomy.count, 10, 15);
    const found = moments.filter((moment) => moment <= atMost).length;
    expect(found).toBeGreaterThanOrEqual(10);
    expect(found).toBeLessThanOrEqual(15);
    await cutOff(exact.count, 10);
    expect(roomy.asked.length).toBeLessThan(exact.asked.length);
  });

  it('without an exact count on the way, the smallest such moment', async () => {
    // Two cases due at the same moment: no moment counts exactly one, so the search runs to the millisecond.
    const { count } = counter([NOW, NOW, NOW + 1]);
    expect((await cutOff(count, 1)).atMost).toBe(NOW);
  });

  it('with equal moments, the moment reached, counting more than wanted', async () => {
    const { count } = counter([NOW - DAY, NOW, NOW, NOW, NOW + DAY]);
    expect((await cutOff(count, 3)).atMost).toBe(NOW);
    expect((await cutOff(count, 2)).atMost).toBe(NOW);
  });

  it('the worst case: 1 + ceil(log4(2100 - 1970 in ms)) = 22 rounds; moments near now take far fewer', async () => {
    expect(1 + Math.ceil(Math.log(DUE_BOUND_LATEST - DUE_BOUND_EARLIEST + 1) / Math.log(4))).toBe(22);
    const worst = counter([DUE_BOUND_LATEST - 1, DUE_BOUND_LATEST]);
    const far = await cutOff(worst.count, 1, 1, { anchor: NOW });
    expect(far.atMost).toBe(DUE_BOUND_LATEST - 1);
    expect(far.rounds).toBeLessThanOrEqual(22);
    expect(far.counts).toBe(worst.asked.length);
    expect(far.counts).toBeLessThanOrEqual(WORST_COUNTS);
    // 10,000 cases overdue since moments within one quarter of an hour, three weeks ago, as the scale bench has them.
    const packed = Array.from({ length: 10_000 }, (_, index) => NOW - 21 * DAY + index * 90);
    const near = counter(packed);
    const found = await cutOff(near.count, 200, 300, { anchor: NOW });
    const at = packed.filter((moment) => moment <= found.atMost).length;
    expect(at).toBeGreaterThanOrEqual(200);
    expect(at).toBeLessThanOrEqual(300);
    expect(found.rounds).toBeLessThanOrEqual(12);
    // Nothing before 2100: `latest`, which is never asked (the caller counted more than wanted in all).
    const none = counter([]);
    expect((await cutOff(none.count, 1, 1, { anchor: NOW })).atMost).toBe(DUE_BOUND_LATEST);
    expect(none.asked).not.toContain(DUE_BOUND_LATEST);
  });

  it('longestDue lists at and before the cut-off, sorts and cuts', async () => {
    const summary = (caseId: string, overdueSince: string | null) =>
      ({ caseId, overdueSince }) as CaseSummary;
    const all = [
      summary('d', '2026-01-04T00:00:00.000Z'),
      summary('b', '2026-01-02T00:00:00.000Z'),
      summary('c', '2026-01-02T00:00:00.000Z'),
      summary('a', '2026-01-01T00:00:00.000Z'),
    ];
    const due = (atMost?: number) =>
      all.filter((each) => atMost === undefined || Date.parse(each.overdueSince ?? '') <= atMost);
    const reader = {
      count: (bound: { atMost: number }) => Promise.resolve(due(bound.atMost).length),
      every: (bound?: { atMost: number }) => Promise.resolve(due(bound?.atMost)),
    };
    const { cases } = await longestDue(reader, 'overdueSince', 2);
    expect(cases.map((each) => each.caseId)).toEqual(['a', 'b']);
    expect([...all, summary('z', null)].sort(byDue('overdueSince')).map((each) => each.caseId)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'z',
    ]);
  });
});

describe('the bound in the visibility query is validated', () => {
  it('writes the moment as an ISO instant on the attribute named by an enum', () => {
    expect(
      visibilityQuery(
        { risk: ['overschreden'] },
        { attribute: 'overdueSince', atMost: Date.UTC(2026, 0, 2) },
      ),
    ).toBe(
      `WorkflowType = 'caseWorkflow' AND CloseTime IS NULL AND PassendRisk = 'overschreden' AND PassendOverdueSince <= '2026-01-02T00:00:00.000Z'`,
    );
    expect(visibilityQuery({}, { attribute: 'nextDueAt', atMost: 0 })).toContain(
      `PassendNextDueAt <= '1970-01-01T00:00:00.000Z'`,
    );
  });

  it.each([
    [{ attribute: 'startTime', atMost: 0 }, /attribute/],
    [{ attribute: "overdueSince' OR 1=1 --", atMost: 0 }, /attribute/],
    [{ attribute: 'overdueSince', atMost: 1.5 }, /atMost/],
    [{ attribute: 'overdueSince', atMost: DUE_BOUND_LATEST + 1 }, /atMost/],
    [{ attribute: 'overdueSince', atMost: '2026-01-01' }, /atMost/],
  ])('refuses %j, naming the field', (bound, field) => {
    expect(() => visibilityQuery({}, bound as never)).toThrow(field);
  });
});

const server = useCaseServer('dev', 'longest-overdue');

describe('overdueCases over more overdue cases than its limit, on a dev server', () => {
  // Seven breached cases of swv-laat, started longest overdue first: Temporal lists the most recently started
  // first, so the three longest overdue are the three a plain listing of three leaves out. The third and fourth
  // longest overdue are one millisecond apart.
  const overdueAt = [40 * DAY, 39 * DAY, 38 * DAY, 38 * DAY - 1, 37 * DAY, 36 * DAY, 35 * DAY];
  // Seven warned cases of swv-bijna (a signal 6 days ago and a little more: intake-na-signaal is due within a day,
  // its warning went out), started earliest due first.
  const warnedAt = [70, 60, 50, 40, 30, 20, 10].map((minutes) => 6 * DAY + minutes * MINUTE);
  const laat = overdueAt.map((_, index) => `lo-laat-${index + 1}`);
  const bijna = warnedAt.map((_, index) => `lo-bijna-${index + 1}`);

  afterEach(() => vi.restoreAllMocks());

  it('starts the cases and waits until visibility shows them all', async () => {
    const { client } = server();
    const start = async (caseId: string, organisatie: string, ago: number) =>
      client.startCase(
        { caseId, organisatie, regio: 'regio-lo' },
        event(
          'signaal.gemeld',
          { regisseur: 'regisseur-lo' },
          { occurredAt: new Date(NOW - ago).toISOString() },
        ),
      );
    for (const [index, caseId] of laat.entries()) await start(caseId, 'swv-laat', overdueAt[index] ?? 0);
    for (const [index, caseId] of bijna.entries()) await start(caseId, 'swv-bijna', warnedAt[index] ?? 0);
    const listed = await eventually(
      async () => [
        await client.countCases({ organisatie: 'swv-laat', risk: ['overschreden'] }),
        await client.countCases({ organisatie: 'swv-bijna', risk: ['waarschuwing'] }),
      ],
      ([late, warned]) => late === 7 && warned === 7,
    );
    expect(listed).toEqual([7, 7]);
    // What the list did before: the three most recently started, not the three longest overdue.
    const plain = await client.listCases({ organisatie: 'swv-laat', risk: ['overschreden'], limit: 3 });
    expect(plain.map((summary) => summary.caseId).sort()).toEqual(['lo-laat-5', 'lo-laat-6', 'lo-laat-7']);
  });

  it('lists exactly the three longest overdue, in order, with at most 67 count queries', async () => {
    const { client } = server();
    const counted = vi.spyOn(client.client.workflow, 'count');
    const overdue = await client.overdueCases({ organisatie: 'swv-laat', limit: 3 });
    expect(overdue.map((summary) => summary.caseId)).toEqual(['lo-laat-1', 'lo-laat-2', 'lo-laat-3']);
    const since = overdue.map((summary) => summary.overdueSince ?? '');
    expect(since).toEqual([...since].sort());
    expect(counted.mock.calls.length).toBeGreaterThan(0);
    expect(counted.mock.calls.length).toBeLessThanOrEqual(WORST_COUNTS);
    console.log(`overdue, limit 3 of 7: ${counted.mock.calls.length} count queries`);
    // The one-millisecond neighbour is fourth; at limit 4 it is in, after it.
    counted.mockClear();
    const four = await client.overdueCases({ organisatie: 'swv-laat', limit: 4 });
    expect(four.map((summary) => summary.caseId)).toEqual([
      'lo-laat-1',
      'lo-laat-2',
      'lo-laat-3',
      'lo-laat-4',
    ]);
    console.log(`overdue, limit 4 of 7: ${counted.mock.calls.length} count queries`);
  });

  it('the same for the at-risk list: the three falling due first', async () => {
    const { client } = server();
    const counted = vi.spyOn(client.client.workflow, 'count');
    const atRisk = await client.overdueCases({ organisatie: 'swv-bijna', atRisk: true, limit: 3 });
    expect(atRisk.map((summary) => summary.caseId)).toEqual(['lo-bijna-1', 'lo-bijna-2', 'lo-bijna-3']);
    expect(atRisk.every((summary) => summary.risk === 'waarschuwing')).toBe(true);
    expect(counted.mock.calls.length).toBeLessThanOrEqual(WORST_COUNTS);
    console.log(`at risk, limit 3 of 7: ${counted.mock.calls.length} count queries`);
  });

  it('within the limit, one listing and no count query, as before', async () => {
    const { client } = server();
    const counted = vi.spyOn(client.client.workflow, 'count');
    const overdue = await client.overdueCases({ organisatie: 'swv-laat', limit: 7 });
    expect(overdue.map((summary) => summary.caseId)).toEqual(laat);
    expect(counted).not.toHaveBeenCalled();
  });

  it('keeps the filters: another regisseur, none; both organisations at risk, the longest overdue first', async () => {
    const { client } = server();
    expect(
      await client.overdueCases({ organisatie: 'swv-laat', regisseur: 'iemand-anders', limit: 3 }),
    ).toEqual([]);
    const region = await client.overdueCases({ regio: 'regio-lo', atRisk: true, limit: 9 });
    expect(region.map((summary) => summary.caseId)).toEqual([...laat, 'lo-bijna-1', 'lo-bijna-2']);
  });
});
