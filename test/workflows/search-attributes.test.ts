import { describe, expect, it } from 'vitest';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { event, useCaseServer } from '../support/case-env.js';

const server = useCaseServer('dev', 'search-attributes');

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
    expect(attributes.get(CASE_SEARCH_ATTRIBUTES.nextDueAt)).toBeInstanceOf(Date);
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
});
