// New input must not name a child: an identifier that holds a BSN is refused wherever new input enters (the
// client, the CLI, the HTTP API, scenario files and the workflow's Update validator). What is recorded is not
// checked again: a case started, or an event accepted, before the rule still reads, replays and verifies.
import type { z } from 'zod';
import type { Issue, Rejection } from './errors.js';
import { BSN_IDENTIFIER_MESSAGE, CaseIdSchema, holdsBsn } from './identifiers.js';

type Path = readonly (string | number)[];

/** Every string in a value (in objects and arrays, at any depth), with its path. */
function stringsIn(value: unknown, path: Path, depth = 0): [Path, string][] {
  if (typeof value === 'string') return [[path, value]];
  // Payloads are small; the depth bound only keeps a hostile one from costing a deep recursion.
  if (value === null || typeof value !== 'object' || depth > 32) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    stringsIn(child, [...path, Array.isArray(value) ? Number(key) : key], depth + 1),
  );
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};

function bsnPaths(candidates: [Path, string][]): Path[] {
  return candidates.filter(([, value]) => holdsBsn(value)).map(([path]) => path);
}

/**
 * Where an event offered now holds a BSN: its actor's id, its submitter, its idempotency key, or any string of
 * its payload (a route's payload strings are identifiers or codes: it keeps no free text about a child).
 */
export function bsnPathsOfEvent(input: unknown): Path[] {
  const event = asRecord(input);
  return bsnPaths([
    ...stringsIn(asRecord(event['actor'])['id'], ['actor', 'id']),
    ...stringsIn(event['submittedBy'], ['submittedBy']),
    ...stringsIn(event['idempotencyKey'], ['idempotencyKey']),
    ...stringsIn(event['payload'], ['payload']),
  ]);
}

const issueAt = (path: Path, prefix: Path = []): Issue => ({
  path: [...prefix, ...path].join('.'),
  message: BSN_IDENTIFIER_MESSAGE,
});

function refusal(issues: Issue[]): Rejection | undefined {
  if (issues.length === 0) return undefined;
  const fields = issues.map((issue) => issue.path).join(', ');
  return {
    code: 'invalid-event',
    message: `an identifier holds a BSN (${fields}): identifiers must be pseudonymous`,
    stage: null,
    issues,
  };
}

/**
 * The refusal of an event offered now whose identifiers hold a BSN, or undefined. Checks nothing else: the core's
 * `applyEvent` decides the rest.
 */
export function checkNewEvent(input: unknown): Rejection | undefined {
  return refusal(bsnPathsOfEvent(input).map((path) => issueAt(path)));
}

/**
 * The refusal of a new case whose id is reserved or holds a BSN, or whose organisation, region, child reference
 * (`kindReferentie`) or events (the first event's issues unprefixed, as the core names them; later ones as
 * `history.<n>.`) hold a BSN; or undefined. Checks nothing else: the core's `openCase` decides the rest.
 */
export function checkNewCase(start: unknown, events: readonly unknown[]): Rejection | undefined {
  const fields = asRecord(start);
  const id = CaseIdSchema.safeParse(fields['caseId']);
  const issues: Issue[] = id.success
    ? []
    : id.error.issues.map((issue) => ({ path: 'caseId', message: issue.message }));
  for (const path of bsnPaths([
    ...stringsIn(fields['organisatie'], ['organisatie']),
    ...stringsIn(fields['regio'], ['regio']),
    ...stringsIn(fields['kindReferentie'], ['kindReferentie']),
  ]))
    issues.push(issueAt(path));
  events.forEach((event, index) => {
    const prefix = index === 0 ? [] : ['history', index - 1];
    for (const path of bsnPathsOfEvent(event)) issues.push(issueAt(path, prefix));
  });
  const refused = refusal(issues);
  if (refused === undefined || id.success) return refused;
  return { ...refused, message: 'the case start is invalid' };
}

/**
 * A zod refinement refusing an event (or a scenario event) whose identifiers hold a BSN, each issue at its field.
 * @example
 * const NewEventSchema = EventInputSchema.superRefine(refuseBsnInEvent);
 */
export function refuseBsnInEvent(event: unknown, context: z.RefinementCtx): void {
  for (const path of bsnPathsOfEvent(event))
    context.addIssue({ code: 'custom', path: [...path], message: BSN_IDENTIFIER_MESSAGE });
}
