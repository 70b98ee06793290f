import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ApiRole } from './access.js';

/**
 * One line of the access log: who (role and actor id of the token, `null` without a valid token) did what
 * (method and route template) from where (the client's address) to which case, which cases a list disclosed, and
 * what the server answered. Ids only, no bodies.
 */
export interface AuditEntry {
  readonly at: string;
  readonly role: ApiRole | null;
  readonly actorId: string | null;
  readonly organisatie: string | null;
  /** The address the request came from (the socket's peer: behind a proxy, the proxy). */
  readonly clientAddress: string;
  readonly method: string;
  readonly route: string;
  readonly caseId?: string;
  /** For a read that lists cases: the id of every case its answer named, in the order it named them. */
  readonly disclosedCaseIds?: readonly string[];
  readonly status: number;
}

/** Receives every access-log entry; inject your own to ship them elsewhere (or to capture them in tests). */
export type AuditLog = (entry: AuditEntry) => void;

/** An access log appending one JSON line per entry to a file (its folder is created). */
export interface FileAuditLog extends AuditLog {
  readonly path: string;
  close(): Promise<void>;
}

/** Appends each entry as a JSON line to `path` (default for `passend serve`: `data/access.log`). */
export function fileAuditLog(path: string): FileAuditLog {
  mkdirSync(dirname(path), { recursive: true });
  const stream = createWriteStream(path, { flags: 'a' });
  stream.on('error', (error) => process.stderr.write(`[passend] access log ${path}: ${error.message}\n`));
  const log = (entry: AuditEntry) => {
    stream.write(`${JSON.stringify(entry)}\n`);
  };
  return Object.assign(log, {
    path,
    close: () => new Promise<void>((done) => stream.end(() => done())),
  });
}
