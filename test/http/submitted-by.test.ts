// The journal records, beside the actor an event declares, who submitted it: the holder of the token the HTTP API
// authenticated. The field is hashed into the chain, checked against the Temporal history by the audit, and
// `passend audit report` names both.
import { describe, expect, it } from 'vitest';
import { buildReport, checkAgainstHistory, exportCase, renderHtml, renderText } from '../../audit/index.js';
import type { EventEntry } from '../../core/index.js';
import { verifyChain } from '../../core/index.js';
import { buildOpenApiDocument } from '../../http/openapi.js';
import { CaseViewSchema } from '../../http/schemas.js';
import { httpEvent, startBody, useHttpEnv } from './http-env.js';

const http = useHttpEnv('http-submitted-by', async (http) => {
  expect((await http.call('POST', '/cases', 'integrator', startBody('sub-1'))).status).toBe(201);
  // The body names an actor who never touched the API; the journal keeps who did.
  const event = { ...httpEvent('intake.gehouden'), actor: { role: 'swv' as const, id: 'swv-cl-4' } };
  expect((await http.sendEvent('sub-1', 'integrator', event)).status).toBe(200);
  // An event sent around the HTTP API, by the client directly, names no submitter.
  await http.client.sendEvent('sub-1', httpEvent('plaatsingscommissie.aangevraagd'));
});

describe('the journal records who submitted each event, beside its declared actor', () => {
  it('the token’s actor id as submittedBy; none for an event sent around the HTTP API', async () => {
    const response = await http.call('GET', '/cases/sub-1', 'auditor');
    const view = CaseViewSchema.parse(response.body);
    const events = view.journal.filter((entry) => entry.kind === 'gebeurtenis') as EventEntry[];
    expect(
      events.map((entry) => [entry.type, `${entry.actor.role}:${entry.actor.id}`, entry.submittedBy]),
    ).toEqual([
      ['signaal.gemeld', 'intern-begeleider:ib-1', 'int-noord'],
      ['intake.gehouden', 'swv:swv-cl-4', 'int-noord'],
      ['plaatsingscommissie.aangevraagd', 'intern-begeleider:ib-1', undefined],
    ]);
    expect(events[2]).not.toHaveProperty('submittedBy');
    expect(verifyChain(view.journal, 'sub-1', view.journalHead)).toMatchObject({ ok: true });
  });

  it('the audit finds the same submitters in the history, and the report shows actor and submitter', async () => {
    const exported = await exportCase(http.client.client, 'sub-1');
    expect(checkAgainstHistory(exported)).toMatchObject({ ok: true });
    const report = buildReport(exported);
    expect(report.submitters).toEqual([
      { submitter: 'int-noord', seqs: [1, 2] },
      { submitter: null, seqs: [3] },
    ]);
    const text = renderText(report);
    expect(text).toMatch(/#2 .*intake\.gehouden {2}by swv:swv-cl-4, submitted by int-noord {2}\[/);
    expect(text).toContain('Who submitted the events (the authenticated caller)');
    expect(text).toContain('- int-noord: #1, #2');
    expect(text).toMatch(/- not recorded \(sent around the HTTP API.*\): #3/);
    expect(renderHtml(report)).toContain('<td>swv:swv-cl-4</td><td>int-noord</td>');
  });

  it('the OpenAPI document: an event body has no submittedBy, a journal entry does', () => {
    const schemas = (buildOpenApiDocument() as { components: { schemas: Record<string, unknown> } })
      .components.schemas;
    const input = schemas['EventInput'] as { properties: Record<string, unknown> };
    expect(Object.keys(input.properties)).not.toContain('submittedBy');
    expect(JSON.stringify(schemas['JournalEntry'])).toContain('"submittedBy"');
  });

  it('a journal whose submitter was rewritten (its chain recomputed) disagrees with the history', async () => {
    const exported = await exportCase(http.client.client, 'sub-1');
    const journal = exported.journal.map((entry) =>
      entry.seq === 2 ? { ...entry, submittedBy: 'int-zuid' } : entry,
    );
    const check = checkAgainstHistory({ ...exported, journal });
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/entry 2/);
  });
});
