import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * JSON with object keys sorted, so equal values always serialise to the same text. Keys sort by UTF-16 code
 * units; a property whose value is `undefined` is left out, and an array element JSON cannot write (`undefined`, a
 * function) is written as nothing, as `[...].join(',')` writes it. Every journal entry's hash is of this text, once per entry on every replay, so it
 * is written with plain loops: the same text as the map/filter/sort form, at about half its cost.
 */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      text += canonicalOrEmpty(value[index]);
    }
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const child = record[key];
    if (child === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${canonical(child)}`;
    first = false;
  }
  return `${text}}`;
}

/** `canonical`, with what JSON cannot write (a function, a symbol, `undefined`) as the empty text. */
function canonicalOrEmpty(value: unknown): string {
  return (canonical(value) as string | undefined) ?? '';
}

/**
 * SHA-256 of a value's canonical JSON, in hex. Pure JavaScript (no Node crypto), so the workflow sandbox,
 * the simulator and an auditor's replay compute the same hash.
 */
export function hashOf(value: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonical(value))));
}
