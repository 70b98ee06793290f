import { describe, expect, it } from 'vitest';
import { visibilityQuery } from '../../client/index.js';

// The query's shape decides which index SQL visibility answers it from (see visibilityQuery): the dev server's
// SQLite walks every running workflow for `ExecutionStatus = 'Running'` and for an IN over several values.
describe('the visibility query of a case filter lets the server answer from the filtered attribute', () => {
  it('asks open cases by their missing close time, not by their status', () => {
    const query = visibilityQuery({ organisatie: 'swv-vast' });
    expect(query).toBe(
      `WorkflowType = 'caseWorkflow' AND CloseTime IS NULL AND PassendOrganisatie = 'swv-vast'`,
    );
    expect(query).not.toContain('ExecutionStatus');
  });

  it('asks one risk as an equality, several as an IN', () => {
    expect(visibilityQuery({ risk: ['overschreden'] })).toContain(`PassendRisk = 'overschreden'`);
    expect(visibilityQuery({ risk: ['overschreden', 'waarschuwing'] })).toContain(
      `PassendRisk IN ('overschreden', 'waarschuwing')`,
    );
  });

  it('leaves the close time out for closed cases too', () => {
    expect(visibilityQuery({ open: false })).toBe(`WorkflowType = 'caseWorkflow'`);
  });
});
