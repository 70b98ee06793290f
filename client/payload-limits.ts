// Bounds on what an event may hold, checked before anything else reads it: a payload nested thousands deep would
// otherwise reach Temporal's payload converter and fail there, as an error instead of a refusal.
import { Buffer } from 'node:buffer';

/** How deep objects and arrays may nest in a request body or an event (the envelope counts as one level). */
export const MAX_JSON_DEPTH = 32;
/** How large a request body may be, in bytes (a start with a long `history` of backdated events fits). */
export const MAX_BODY_BYTES = 256 * 1024;

/** The nesting depth of JSON text, counted without parsing it (brackets inside strings do not count). */
export function jsonTextDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92)
        index++; // a backslash escapes the next character
      else if (char === 34) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 123 || char === 91) deepest = Math.max(deepest, ++depth);
    else if (char === 125 || char === 93) depth--;
  }
  return deepest;
}

/** The nesting depth of a value (objects and arrays), stopping once it passes `limit`. */
export function valueDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const child of Object.values(value as Record<string, unknown>)) {
    deepest = Math.max(deepest, valueDepth(child, limit - 1));
    if (deepest >= limit) break;
  }
  return deepest + 1;
}

/** Why a value breaks a limit (naming it), or undefined when it keeps to them. */
export function payloadLimitIssue(value: unknown): string | undefined {
  if (valueDepth(value) > MAX_JSON_DEPTH)
    return `nests deeper than ${MAX_JSON_DEPTH} levels (the limit is ${MAX_JSON_DEPTH})`;
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (bytes > MAX_BODY_BYTES) return `is ${bytes} bytes as JSON (the limit is ${MAX_BODY_BYTES})`;
  return undefined;
}
