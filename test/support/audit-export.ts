import type { CaseView, Instant } from '../../core/index.js';
import type { AuditExport } from '../../audit/index.js';
import { engineInfo } from '../../audit/index.js';
import { AUDIT_EXPORT_FORMAT, AUDIT_EXPORT_FORMAT_VERSION } from '../../audit/export.js';

/**
 * An audit export of a case the pure core ran (no Temporal histories): what `passend audit at` and `audit report`
 * read, so a test can hold the audit views to the live case's answer.
 */
export function exportOf(view: CaseView, exportedAt: Instant): AuditExport {
  return {
    format: AUDIT_EXPORT_FORMAT,
    formatVersion: AUDIT_EXPORT_FORMAT_VERSION,
    about: 'a case run through the pure core in a test',
    exportedAt,
    engine: engineInfo(),
    case: {
      caseId: view.caseId,
      workflowId: `case-${view.caseId}`,
      runIds: [],
      route: view.route,
      organisatie: view.organisatie,
      regio: view.regio,
      closed: view.closed,
      status: view.closed ? 'COMPLETED' : 'RUNNING',
    },
    start: { caseId: view.caseId, routeId: view.route.id, organisatie: view.organisatie, regio: view.regio },
    norms: view.normDefinitions,
    journal: view.journal,
    journalHead: view.journalHead,
    encryption: null,
    histories: [],
  };
}
