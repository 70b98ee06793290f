import { z } from 'zod';
import { parseLocalDate } from './calendars/local-date.js';
import type { Issue } from './errors.js';
import { IdentifierSchema, InstantSchema } from './identifiers.js';
import { PAYLOAD_CHECKS } from './route-library.js';
import type { PayloadField, RouteEvent } from './route-format.js';

/** A date on Amsterdam's calendar, `YYYY-MM-DD`, that exists. */
const LocalDateSchema = z.string().superRefine((value, context) => {
  try {
    parseLocalDate(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

type Field = PayloadField | (PayloadField & { type: 'list' })['of'];

function codeValues(
  field: Field & { type: 'code' },
  codes: Readonly<Record<string, readonly string[]>>,
  path: string,
  issues: Issue[],
): string[] {
  if ((field.values === undefined) === (field.codes === undefined)) {
    issues.push({
      path,
      message: 'a code names its values either inline (`values`) or by list (`codes`), exactly one',
    });
    return ['-'];
  }
  if (field.values !== undefined) return field.values;
  const named = Object.hasOwn(codes, field.codes ?? '') ? codes[field.codes ?? ''] : undefined;
  if (named === undefined) {
    issues.push({
      path: `${path}.codes`,
      message: `no code list "${field.codes}" in the route's codes (it has ${Object.keys(codes).join(', ') || 'none'})`,
    });
    return ['-'];
  }
  return [...named];
}

function fieldSchema(
  field: Field,
  codes: Readonly<Record<string, readonly string[]>>,
  path: string,
  issues: Issue[],
): z.ZodType {
  switch (field.type) {
    case 'identifier':
      return IdentifierSchema;
    case 'date':
      return LocalDateSchema;
    case 'instant':
      return InstantSchema;
    case 'boolean':
      return z.boolean();
    case 'integer': {
      let schema = z.number().int();
      if (field.min !== undefined) schema = schema.min(field.min);
      if (field.max !== undefined) schema = schema.max(field.max);
      if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
        issues.push({ path: `${path}.max`, message: `is below min (${field.min})` });
      }
      return schema;
    }
    case 'code': {
      const values = codeValues(field, codes, path, issues);
      return z.enum(values as [string, ...string[]]);
    }
    case 'list': {
      let schema = z.array(fieldSchema(field.of, codes, `${path}.of`, issues));
      if (field.min !== undefined) schema = schema.min(field.min);
      if (field.max !== undefined) schema = schema.max(field.max);
      if (field.unique !== true) return schema;
      return schema.refine((items) => new Set(items).size === items.length, {
        message: 'names a value twice',
      });
    }
  }
}

function withDefault(field: PayloadField, schema: z.ZodType, path: string, issues: Issue[]): z.ZodType {
  const fallback = 'default' in field ? field.default : undefined;
  if (fallback !== undefined) {
    const fits = schema.safeParse(fallback);
    if (!fits.success)
      issues.push({
        path: `${path}.default`,
        message: `does not fit the field: ${fits.error.issues[0]?.message ?? ''}`,
      });
    if (field.optional === true)
      issues.push({ path: `${path}.optional`, message: 'a field with a default is optional already' });
    return schema.default(fallback as never);
  }
  return field.optional === true ? schema.optional() : schema;
}

/**
 * The zod schema of an event's payload, from its vocabulary fields and named checks; problems found on the way
 * (an unknown code list or check, a default that does not fit) are added to `issues` under `path`.
 */
export function payloadSchema(
  event: RouteEvent,
  codes: Readonly<Record<string, readonly string[]>>,
  path: string,
  issues: Issue[],
): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(event.payload)) {
    const at = `${path}.payload.${name}`;
    shape[name] = withDefault(field, fieldSchema(field, codes, at, issues), at, issues);
  }
  const object = z.strictObject(shape);
  const checks = (event.checks ?? []).flatMap((name, index) => {
    const check = Object.hasOwn(PAYLOAD_CHECKS, name) ? PAYLOAD_CHECKS[name] : undefined;
    if (check === undefined) {
      issues.push({
        path: `${path}.checks.${index}`,
        message: `unknown payload check "${name}"; the library has ${Object.keys(PAYLOAD_CHECKS).join(', ')}`,
      });
      return [];
    }
    for (const field of check.fields.filter((field) => !Object.hasOwn(event.payload, field))) {
      issues.push({
        path: `${path}.checks.${index}`,
        message: `"${name}" needs the payload field "${field}"`,
      });
    }
    return [check];
  });
  if (checks.length === 0) return object;
  return object.superRefine((payload, context) => {
    for (const check of checks) check.check(payload, context);
  });
}
