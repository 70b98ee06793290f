import { TypedSearchAttributes } from '@temporalio/common';
import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../core/index.js';
import { listedVisibility, openCase, visibilityOf } from '../../core/index.js';
import type { CaseWorkflowInput } from '../../workflows/definitions.js';
import { CASE_WORKFLOW_VERSION, caseWorkflowId } from '../../workflows/definitions.js';
import type { caseWorkflow } from '../../workflows/index.js';
import {
  CASE_SEARCH_ATTRIBUTES,
  holdsVisibility,
  startSearchAttributes,
} from '../../workflows/search-attributes.js';
import { eachCase } from '../../client/index.js';
import { event, useCaseServer } from '../support/case-env.js';
import { eventually } from '../support/eventually.js';

const server = useCaseServer('dev', 'search-attributes');
const { EventType } = proto.temporal.api.enums.v1;

/** Visibility is eventually consistent: poll the list query until it answers `expected` ids. */
async function listIds(query: string, expected: number): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ids: string[] = [];
    for await (const execution of server().env.client.workflow.list({ query }))
      ids.push(execution.workflowId);
    if (ids.length >= expected || Date.now() > deadline) return ids.sort();
    await new Promise((wait) => setTimeout(wait, 200));
  }
}

/** Every case attribute's name except the child reference's, which only cases started with one publish. */
const CASE_SEARCH_ATTRIBUTE_NAMES = Object.values(CASE_SEARCH_ATTRIBUTES)
  .map((key) => key.name)
  .filter((name) => name !== 'PassendKindReferentie' && name !== 'PassendDubbeleCasus')
  .sort();

/** When a case opened: the moment of its first journal entry, its opening event. */
function openedAtOf(view: CaseView): string | undefined {
  const first = view.journal[0];
  return first?.kind === 'gebeurtenis' ? first.occurredAt : undefined;
}

describe('cases publish search attributes for visibility queries, ids and enums only', () => {
  it('finds the overdue case of an organisation by a visibility query, not by asking every workflow', async () => {
    const weeksAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
    await server().client.startCase(
      { caseId: 'sa-laat', organisatie: 'swv-sa', regio: 'regio-sa' },
      event('signaal.gemeld', { regisseur: 'regisseur-sa' }, { occurredAt: weeksAgo }),
    );
    await server().client.startCase(
      { caseId: 'sa-op-tijd', organisatie: 'swv-sa', regio: 'regio-sa' },
      event('signaal.gemeld', { regisseur: 'regisseur-sa' }),
    );
    await server().client.startCase(
      { caseId: 'sa-ander', organisatie: 'swv-ander', regio: 'regio-sa' },
      event('signaal.gemeld', { regisseur: 'regisseur-x' }, { occurredAt: weeksAgo }),
    );
    const overdue = await listIds(`PassendRisk = 'overschreden' AND PassendOrganisatie = 'swv-sa'`, 1);
    expect(overdue).toEqual(['casus-sa-laat']);
    const open = await listIds(`PassendOrganisatie = 'swv-sa' AND PassendStage = 'signaal'`, 2);
    expect(open).toEqual(['casus-sa-laat', 'casus-sa-op-tijd']);
    const norms = await listIds(`PassendOverdueNorms = 'breda-route' AND PassendRegio = 'regio-sa'`, 2);
    expect(norms).toEqual(['casus-sa-ander', 'casus-sa-laat']);
  });

  it('lists overdue cases of an organisation through the client, longest overdue first, filters validated', async () => {
    await listIds(`PassendRisk = 'overschreden' AND PassendOrganisatie = 'swv-sa'`, 1);
    const overdue = await server().client.overdueCases({ organisatie: 'swv-sa' });
    expect(overdue.map((summary) => summary.caseId)).toEqual(['sa-laat']);
    expect(overdue[0]).toMatchObject({ stage: 'signaal', regisseur: 'regisseur-sa', risk: 'overschreden' });
    expect(overdue[0]?.overdueNorms).toContain('breda-route');
    const inRegion = await server().client.overdueCases({ regio: 'regio-sa' });
    expect(inRegion.map((summary) => summary.caseId).sort()).toEqual(['sa-ander', 'sa-laat']);
    const open = await server().client.listCases({ organisatie: 'swv-sa', stage: 'signaal' });
    expect(open.map((summary) => summary.caseId).sort()).toEqual(['sa-laat', 'sa-op-tijd']);
    await expect(server().client.listCases({ organisatie: "x' OR 1=1" })).rejects.toThrow(/identifier/);
  });

  it('lists every case page by page past the page size, and counts them with a count query', async () => {
    for (const caseId of ['sa-pagina-1', 'sa-pagina-2', 'sa-pagina-3']) {
      await server().client.startCase(
        { caseId, organisatie: 'swv-pagina', regio: 'regio-sa' },
        event('signaal.gemeld', { regisseur: 'regisseur-sa' }),
      );
    }
    await listIds(`PassendOrganisatie = 'swv-pagina'`, 3);
    const paged: string[] = [];
    // A page of one: the list goes on by Temporal's next-page token, not by a limit.
    for await (const summary of eachCase(server().env.client, { organisatie: 'swv-pagina' }, 1))
      paged.push(summary.caseId);
    expect(paged.sort()).toEqual(['sa-pagina-1', 'sa-pagina-2', 'sa-pagina-3']);
    expect(await server().client.countCases({ organisatie: 'swv-pagina' })).toBe(3);
    expect(await server().client.countCases({ organisatie: 'swv-pagina', risk: ['overschreden'] })).toBe(0);
    expect((await server().client.allCases({ organisatie: 'swv-pagina' })).length).toBe(3);
  });

  it('publishes stage, regisseur, risk, breaches and the waiting-list provider as they change', async () => {
    await server().client.startCase(
      { caseId: 'sa-wacht', organisatie: 'swv-sa', regio: 'regio-sa' },
      event('signaal.gemeld', { regisseur: 'regisseur-sa' }),
    );
    for (const [type, payload] of [
      ['mdo.afgesproken', { soort: 'regulier', sporen: ['gezin'] }],
      ['zorg.aangemeld', { spoor: 'gezin', aanbieder: 'aanbieder-sa' }],
      ['zorg.intake-gehouden', { spoor: 'gezin' }],
      ['wachtlijst.geplaatst', { spoor: 'gezin' }],
    ] as const) {
      await server().client.sendEvent('sa-wacht', event(type, payload));
    }
    const ids = await listIds(`PassendWachtlijstAanbieders = 'aanbieder-sa'`, 1);
    expect(ids).toEqual(['casus-sa-wacht']);
    const description = await server().env.client.workflow.getHandle('casus-sa-wacht').describe();
    const attributes = description.typedSearchAttributes;
    expect(attributes.get(CASE_SEARCH_ATTRIBUTES.stage)).toBe('arrangement');
    expect(attributes.get(CASE_SEARCH_ATTRIBUTES.regisseur)).toBe('regisseur-sa');
    expect(attributes.get(CASE_SEARCH_ATTRIBUTES.risk)).toBe('op-schema');
    expect(attributes.get(CASE_SEARCH_ATTRIBUTES.breaches)).toBe(0);
    // On schedule, no list sorts by the next due moment: it is not published (see listedVisibility).
    expect(attributes.get(CASE_SEARCH_ATTRIBUTES.nextDueAt)).toBeUndefined();
    // Nothing but ids, enums, moments and counts: every value is one of those shapes.
    const ours = attributes.getAll().filter((pair) => pair.key.name.startsWith('Passend'));
    expect(ours.length).toBeGreaterThanOrEqual(8);
    for (const pair of ours) {
      const values = Array.isArray(pair.value) ? pair.value : [pair.value];
      for (const value of values) {
        if (value instanceof Date || typeof value === 'number') continue;
        expect(String(value)).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
      }
    }
  });

  it('starts a case with its attributes, so it is listed at once and its first task upserts nothing', async () => {
    const view = await server().client.startCase(
      { caseId: 'sa-start', organisatie: 'swv-start', regio: 'regio-sa' },
      event('signaal.gemeld', { regisseur: 'regisseur-sa' }),
    );
    const handle = server().env.client.workflow.getHandle(caseWorkflowId('sa-start'));
    const { events } = await handle.fetchHistory();
    expect(events?.filter((entry) => entry.upsertWorkflowSearchAttributesEventAttributes)).toEqual([]);
    const { typedSearchAttributes } = await handle.describe();
    expect(typedSearchAttributes.get(CASE_SEARCH_ATTRIBUTES.stage)).toBe('signaal');
    expect(typedSearchAttributes.get(CASE_SEARCH_ATTRIBUTES.organisatie)).toBe('swv-start');
    // The moment the client checked the start is the moment the case opened: the attributes are the case's.
    expect(typedSearchAttributes.get(CASE_SEARCH_ATTRIBUTES.stageSince)?.toISOString()).toBe(
      openedAtOf(view),
    );
    expect(await listIds(`PassendOrganisatie = 'swv-start'`, 1)).toEqual(['casus-sa-start']);
  });

  /** Starts a case the way an older or foreign client might, with the given moment and attributes. */
  async function startRaw(caseId: string, openedAt: number, attributesAt: number, regisseur: string) {
    const start = { caseId, organisatie: 'swv-raw', regio: 'regio-sa' };
    const first = event('signaal.gemeld', { regisseur: 'regisseur-sa' });
    const opened = openCase(start, { ...first, payload: { regisseur } }, attributesAt);
    if (!opened.ok) throw new Error(opened.rejection.message);
    const input: CaseWorkflowInput = {
      start,
      events: [first],
      openedAt: new Date(openedAt).toISOString(),
      workflowVersion: CASE_WORKFLOW_VERSION,
    };
    const handle = await server().env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      taskQueue: 'search-attributes',
      args: [input],
      typedSearchAttributes: startSearchAttributes(listedVisibility(visibilityOf(opened.state))),
    });
    const view = await server().client.getCase(caseId);
    const { events } = await handle.fetchHistory();
    const upserts = events?.filter((entry) => entry.upsertWorkflowSearchAttributesEventAttributes) ?? [];
    const { typedSearchAttributes } = await handle.describe();
    return { view, upserts, attributes: typedSearchAttributes };
  }

  it('corrects start attributes that are not the case it opened: the workflow publishes its own record', async () => {
    const now = Date.now();
    const { view, upserts, attributes } = await startRaw('sa-raw-regisseur', now, now, 'iemand-anders');
    expect(upserts).toHaveLength(1);
    expect(view.regisseur).toBe('regisseur-sa');
    expect(attributes.get(CASE_SEARCH_ATTRIBUTES.regisseur)).toBe('regisseur-sa');
  });

  it('opens on the worker clock when the client clock is more than two minutes off, and republishes', async () => {
    const hourAgo = Date.now() - 3_600_000;
    const { view, upserts, attributes } = await startRaw('sa-raw-klok', hourAgo, hourAgo, 'regisseur-sa');
    const openedAt = Date.parse(openedAtOf(view) ?? '');
    expect(openedAt).toBeGreaterThan(hourAgo + 3_500_000);
    expect(upserts).toHaveLength(1);
    expect(attributes.get(CASE_SEARCH_ATTRIBUTES.stageSince)?.getTime()).toBe(openedAt);
  });

  it('opens on the worker clock when the client clock runs ahead, so the next event is not before it', async () => {
    const ahead = Date.now() + 60_000;
    const { view, upserts } = await startRaw('sa-raw-voor', ahead, ahead, 'regisseur-sa');
    expect(Date.parse(openedAtOf(view) ?? '')).toBeLessThan(ahead);
    expect(upserts).toHaveLength(1);
    const sent = await server().client.sendEvent(
      'sa-raw-voor',
      event('intake.gehouden', { locatie: 'thuis' }),
    );
    expect(sent.view.stage).toBe('intake');
  });

  /** A case started at `workflowVersion` as its client would, driven through `events`; its history read back. */
  async function runAtVersion(caseId: string, workflowVersion: number, events: [string, object][]) {
    const start = { caseId, organisatie: 'swv-versie', regio: 'regio-sa' };
    const first = event('signaal.gemeld', { regisseur: 'regisseur-sa' });
    const now = Date.now();
    const opened = openCase(start, first, now);
    if (!opened.ok) throw new Error(opened.rejection.message);
    const visibility = visibilityOf(opened.state);
    const handle = await server().env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      taskQueue: 'search-attributes',
      args: [{ start, events: [first], openedAt: new Date(now).toISOString(), workflowVersion }],
      typedSearchAttributes: startSearchAttributes(
        workflowVersion >= 3 ? listedVisibility(visibility) : visibility,
      ),
    });
    // The events come after the first workflow task. One that reaches the first task (the Temporal server on
    // PostgreSQL is sometimes slow enough) is applied when its handler is set, before the workflow compares its
    // opening with the start attributes: they differ then, and that task publishes the whole record once.
    const firstTask = await eventually(
      async () => (await handle.fetchHistory()).events ?? [],
      (history) => history.some((entry) => entry.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
      15,
    );
    expect(firstTask.map((entry) => entry.eventType)).toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    const answers = [];
    for (const [type, payload] of events)
      answers.push(await server().client.sendEvent(caseId, event(type, payload as Record<string, unknown>)));
    const history = (await handle.fetchHistory()).events ?? [];
    const upserts = history.flatMap((entry) => {
      const fields = entry.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
      return fields === undefined || fields === null ? [] : [fields];
    });
    const answered = history.flatMap((entry) => {
      const data =
        entry.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads?.[0]?.data;
      return data === undefined || data === null
        ? []
        : [JSON.parse(Buffer.from(data).toString('utf8')) as object];
    });
    return { answers, upserts, answered, handle };
  }

  it('from workflow version 3 writes less: no upsert for a moved due date, and a summary as the answer', async () => {
    // zorg.aangemeld and zorg.intake-gehouden move only the next due moment; the others change the stage or
    // the waiting list, which the lists filter on.
    const route: [string, object][] = [
      ['mdo.afgesproken', { soort: 'regulier', sporen: ['gezin'] }],
      ['zorg.aangemeld', { spoor: 'gezin', aanbieder: 'aanbieder-v' }],
      ['zorg.intake-gehouden', { spoor: 'gezin' }],
      ['wachtlijst.geplaatst', { spoor: 'gezin' }],
    ];
    const lean = await runAtVersion('sa-versie-3', 3, route);
    const before = await runAtVersion('sa-versie-2', 2, route);
    // Version 2 upserted after each of the four events; version 3 after the committee's and the waiting list's.
    expect(before.upserts).toHaveLength(4);
    expect(lean.upserts).toHaveLength(2);
    // Every answer recorded in the history is the summary; version 2 recorded the case's whole view there.
    for (const answer of lean.answered) {
      expect(Object.keys((answer as { view: object }).view).sort()).toEqual([
        'caseId',
        'closed',
        'journalHead',
        'journalLength',
        'stage',
      ]);
    }
    expect(before.answered.every((answer) => 'deadlines' in (answer as { view: object }).view)).toBe(true);
    const size = (answers: object[]) => JSON.stringify(answers).length;
    expect(size(lean.answered)).toBeLessThan(size(before.answered) / 2);
    // The client answers both alike.
    expect(lean.answers.map((answer) => Object.keys(answer.view).sort())).toEqual(
      before.answers.map((answer) => Object.keys(answer.view).sort()),
    );
    expect(lean.answers.at(-1)?.view).toMatchObject({ stage: 'arrangement', journalLength: 5 });
  });

  it('from workflow version 4 upserts only the attributes that changed and closes with a summary', async () => {
    const route: [string, object][] = [
      ['intake.gehouden', { locatie: 'school' }],
      ['casus.afgesloten', { reden: 'anders' }],
    ];
    const changes = await runAtVersion('sa-versie-4', 4, route);
    const whole = await runAtVersion('sa-versie-3-dicht', 3, route);
    const names = (upserts: typeof whole.upserts) => upserts.map((fields) => Object.keys(fields).sort());
    // The same upserts at the same steps (the intake's stage, the closure's), each with the change only.
    expect(names(whole.upserts)).toEqual([CASE_SEARCH_ATTRIBUTE_NAMES, CASE_SEARCH_ATTRIBUTE_NAMES]);
    expect(names(changes.upserts)).toEqual([
      ['PassendStage', 'PassendStageSince'],
      ['PassendStage', 'PassendStageSince'],
    ]);
    // Temporal merged the changes into what the case started with: the server holds the same record.
    const held = async (run: typeof whole) => {
      const { typedSearchAttributes } = await run.handle.describe();
      return Object.fromEntries(
        Object.entries(CASE_SEARCH_ATTRIBUTES).map(([name, key]) => {
          const value = typedSearchAttributes.get(key);
          // When a stage began differs between the two runs; that it is there does not.
          return [name, value instanceof Date ? 'a moment' : value];
        }),
      );
    };
    expect(await held(changes)).toEqual(await held(whole));
    expect(await held(changes)).toMatchObject({ stage: 'afgesloten', organisatie: 'swv-versie' });
    // The result stays in the history for good: version 4 returns the summary, version 3 the whole view.
    const summary = await changes.handle.result();
    expect(summary).toEqual({
      caseId: 'sa-versie-4',
      stage: 'afgesloten',
      closed: true,
      journalLength: 3,
      journalHead: changes.answers.at(-1)?.view.journalHead,
    });
    expect(await whole.handle.result()).toHaveProperty('journal');
  });

  it('decides a case an older client started (no workflow version) by the patch marker, as before', async () => {
    const start = { caseId: 'sa-raw-oud', organisatie: 'swv-raw', regio: 'regio-sa' };
    const input: CaseWorkflowInput = {
      start,
      events: [event('signaal.gemeld', { regisseur: 'regisseur-sa' })],
    };
    const handle = await server().env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      workflowId: caseWorkflowId(start.caseId),
      taskQueue: 'search-attributes',
      args: [input],
    });
    expect((await server().client.getCase(start.caseId)).stage).toBe('signaal');
    const { events } = await handle.fetchHistory();
    const markers = events?.filter((entry) => entry.markerRecordedEventAttributes) ?? [];
    expect(markers).toHaveLength(1);
    const upserted = (events ?? []).flatMap((entry) =>
      Object.keys(entry.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}),
    );
    expect(upserted).toContain('TemporalChangeVersion');
    expect(upserted).toContain('PassendStage');
  });

  it('compares what the server holds with a visibility record, an absent attribute standing for none', () => {
    const opened = openCase(
      { caseId: 'sa-vergelijk', organisatie: 'swv-sa', regio: 'regio-sa' },
      event('signaal.gemeld', { regisseur: 'regisseur-sa' }),
      Date.parse('2026-03-02T09:00:00Z'),
    );
    if (!opened.ok) throw new Error(opened.rejection.message);
    const visibility = visibilityOf(opened.state);
    const held = new TypedSearchAttributes(startSearchAttributes(visibility));
    expect(holdsVisibility(held, visibility)).toBe(true);
    expect(held.get(CASE_SEARCH_ATTRIBUTES.overdueNorms)).toBeUndefined();
    expect(holdsVisibility(held, { ...visibility, overdueNorms: ['breda-route'] })).toBe(false);
    expect(holdsVisibility(held, { ...visibility, nextDueAt: '2026-03-09T09:00:00.001Z' })).toBe(false);
    expect(holdsVisibility(new TypedSearchAttributes(), visibility)).toBe(false);
  });
});
