// The schemas of the live inspection page's route, apart from the page itself (which bundles its script when
// loaded), so the route table and the OpenAPI document can name them without building the page.
import { z } from 'zod';
import { IdentifierSchema } from '../core/index.js';

/** The query of the page: the case to open (the page asks for one when it is absent). */
export const InspectPageQuerySchema = z.strictObject({
  case: IdentifierSchema.optional().describe('The case whose inspection the page shows.'),
});

/** The page's body, for the OpenAPI document. */
export const InspectPageSchema = z
  .string()
  .describe(
    'The receiver page: one HTML document with its CSS and script inline and no external URL; it asks for a ' +
      'coordinator’s or auditor’s token, reads `/dashboard/cases/{caseId}/route` and listens on `/inspect/ws`.',
  );
