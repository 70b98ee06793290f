// `audit verify`'s seal check: in a case whose payloads are encrypted, every payload after the first sealed one
// must be sealed, and every payload sealed in format 2 must be sealed for this case. A payload written without the
// key, or copied from another case, is an attempt the workers of today refuse; histories recorded before they did
// (or a signal, which the server records before any worker sees it) may hold one, and this check names it.
// It reads the histories as the server holds them (sealed): no key is needed.
import { Buffer } from 'node:buffer';
import {
  ENCRYPTED_ENCODING,
  SEAL_FORMAT,
  SEAL_FORMAT_METADATA,
  WORKFLOW_ID_METADATA,
} from '../codec/index.js';
import type { HistoryEventJson, RunHistory } from './history.js';

/** One payload the seal check refuses: where it is and why. */
export interface SealFinding {
  readonly runId: string;
  readonly eventId: string;
  readonly eventType: string;
  /** `unsealed`: written without the key after the case was sealed; `other-case`: sealed for another workflow. */
  readonly reason: 'unsealed' | 'other-case';
  readonly message: string;
}

/** The seal check of one case's histories. */
export interface SealingCheck {
  readonly ok: boolean;
  readonly message: string;
  readonly findings: readonly SealFinding[];
}

// Payloads no codec sees (search attributes, headers, the SDK core's patch markers) or that the workflow never
// reads (a failed workflow task's failure, which the worker seals for no workflow).
const NOT_CODEC_PAYLOADS = new Set([
  'searchAttributes',
  'header',
  'markerRecordedEventAttributes',
  'workflowTaskFailedEventAttributes',
]);

// Where clients write a case's payloads: each must be sealed for the case, not for none.
const CLIENT_WRITTEN = [
  'workflowExecutionStartedEventAttributes',
  'workflowExecutionUpdateAcceptedEventAttributes',
  'workflowExecutionSignaledEventAttributes',
];

interface PayloadFound {
  readonly encoding: string;
  readonly format: string | undefined;
  readonly sealedFor: string | undefined;
}

const fromBase64 = (value: unknown) =>
  typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : undefined;

function payloadsIn(value: unknown, found: PayloadFound[] = []): PayloadFound[] {
  if (value === null || typeof value !== 'object') return found;
  const metadata = (value as { metadata?: unknown }).metadata as Record<string, unknown> | undefined;
  const encoding = fromBase64(metadata?.['encoding']);
  if (encoding !== undefined) {
    found.push({
      encoding,
      format: fromBase64(metadata?.[SEAL_FORMAT_METADATA]),
      sealedFor: fromBase64(metadata?.[WORKFLOW_ID_METADATA]),
    });
    return found;
  }
  for (const [key, child] of Object.entries(value)) {
    if (!NOT_CODEC_PAYLOADS.has(key)) payloadsIn(child, found);
  }
  return found;
}

/**
 * Checks that a case's payloads were sealed for it: none written without the key once its payloads were sealed
 * (those before the first sealed one were recorded before encryption was turned on), none sealed for another
 * workflow, and none a client wrote sealed for no workflow. Payloads sealed in format 1 (before payloads were
 * bound to their case) cannot show where they belong; the message counts them.
 */
export function checkSealing(histories: readonly RunHistory[], workflowId: string): SealingCheck {
  const findings: SealFinding[] = [];
  let sealedSeen = false;
  let plainBefore = 0;
  let formatOne = 0;
  for (const run of histories) {
    for (const event of run.history.events) {
      const where = whereOf(run.runId, event);
      const clientWritten = CLIENT_WRITTEN.some((name) => Object.hasOwn(event, name));
      for (const payload of payloadsIn(event)) {
        if (payload.encoding !== ENCRYPTED_ENCODING) {
          if (!sealedSeen) plainBefore++;
          else
            findings.push({
              ...where,
              reason: 'unsealed',
              message: `a payload (${payload.encoding}) written without the key after the case's payloads were sealed`,
            });
          continue;
        }
        sealedSeen = true;
        if (payload.format !== String(SEAL_FORMAT)) {
          formatOne++;
          continue;
        }
        if (payload.sealedFor === workflowId) continue;
        if (payload.sealedFor === undefined && !clientWritten) continue;
        findings.push({
          ...where,
          reason: 'other-case',
          message:
            payload.sealedFor === undefined
              ? 'a payload a client wrote sealed for no workflow'
              : `a payload sealed for another workflow, ${payload.sealedFor}`,
        });
      }
    }
  }
  return {
    ok: findings.length === 0,
    message: summary(findings, sealedSeen, plainBefore, formatOne),
    findings,
  };
}

function whereOf(
  runId: string,
  event: HistoryEventJson,
): Pick<SealFinding, 'runId' | 'eventId' | 'eventType'> {
  return { runId, eventId: String(event.eventId ?? '?'), eventType: String(event.eventType ?? '?') };
}

function summary(
  findings: readonly SealFinding[],
  sealed: boolean,
  plainBefore: number,
  formatOne: number,
): string {
  if (findings.length > 0) {
    const first = findings[0] as SealFinding;
    return (
      `${findings.length} payload(s) not sealed for this case; first: run ${first.runId}, event ` +
      `${first.eventId} (${first.eventType}): ${first.message}`
    );
  }
  if (!sealed) return 'no sealed payloads (not encrypted)';
  const notes = [
    ...(plainBefore > 0 ? [`${plainBefore} plain payload(s) recorded before encryption was turned on`] : []),
    ...(formatOne > 0 ? [`${formatOne} sealed in format 1, which does not name its case`] : []),
  ];
  return `every payload sealed for this case${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}
