import { z } from 'zod';
import type { LocalDate } from './local-date.js';
import { parseLocalDate } from './local-date.js';
import type { DateRange, Regio, SchoolVakantie } from './school-holidays.js';
import { SCHOOL_HOLIDAYS, SCHOOL_VAKANTIES } from './school-holidays.js';

/**
 * School holidays a region or school supplies as data, for one school region: the years the engine does not
 * ship (such as 2026-2027) or a school's own dates. They reach the core inside a norm's calendar
 * (`{ kind: 'schoolweken', regio, schoolYears }`), so a case counts with the data it was started with and its
 * history replays the same on any worker.
 *
 * Merged with the shipped years (`SCHOOL_HOLIDAYS`), which stay. A supplied year the engine also ships must
 * either agree with it or say `replacesShipped: true`: then the supplied dates win, for that year and region only.
 * A contradiction without it is refused, naming the path, so a typo cannot silently move a deadline.
 */

const LocalDateSchema = z.string().superRefine((value, context) => {
  try {
    parseLocalDate(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const DateRangeSchema = z.strictObject({ from: LocalDateSchema, to: LocalDateSchema });

const SCHOOL_YEAR = /^(\d{4})-(\d{4})$/;

/** One school year's five holidays in one region; ranges are inclusive. */
export const SuppliedSchoolYearSchema = z
  .strictObject({
    /** `2026-2027`: 1 August 2026 to 31 July 2027. */
    schoolYear: z.string().regex(SCHOOL_YEAR, 'a school year is written YYYY-YYYY, such as 2026-2027'),
    sources: z.array(z.string().min(1)).min(1),
    /** Set when this year is shipped too and these dates are meant to replace the shipped ones. */
    replacesShipped: z.boolean().optional(),
    vakanties: z.strictObject({
      herfstvakantie: DateRangeSchema,
      kerstvakantie: DateRangeSchema,
      voorjaarsvakantie: DateRangeSchema,
      meivakantie: DateRangeSchema,
      zomervakantie: DateRangeSchema,
    }),
  })
  .superRefine((year, context) => {
    for (const { path, message } of schoolYearProblems(year))
      context.addIssue({ code: 'custom', path, message });
  });
export type SuppliedSchoolYear = z.output<typeof SuppliedSchoolYearSchema>;

/** Supplied school years for one region: at least one, each year once. */
export const SchoolYearsSchema = z
  .array(SuppliedSchoolYearSchema)
  .min(1)
  .superRefine((years, context) => {
    const seen = new Map<string, number>();
    years.forEach((year, index) => {
      const first = seen.get(year.schoolYear);
      if (first === undefined) seen.set(year.schoolYear, index);
      else
        context.addIssue({
          code: 'custom',
          path: [index, 'schoolYear'],
          message: `school year ${year.schoolYear} is supplied twice (also at ${first})`,
        });
    });
  });

interface Problem {
  readonly path: (string | number)[];
  readonly message: string;
}

/**
 * What is wrong with one supplied school year on its own: a period that ends before it starts, starts outside
 * its school year (1 August to 31 July; only the zomervakantie may end after it, up to 30 September), or overlaps
 * another period.
 */
function schoolYearProblems(year: {
  readonly schoolYear: string;
  readonly vakanties: Readonly<Record<SchoolVakantie, DateRange>>;
}): Problem[] {
  const match = SCHOOL_YEAR.exec(year.schoolYear);
  if (match === null) return [];
  const first = Number(match[1]);
  if (Number(match[2]) !== first + 1) {
    return [
      { path: ['schoolYear'], message: `${year.schoolYear} is not one school year (${first}-${first + 1})` },
    ];
  }
  const opens: LocalDate = `${first}-08-01`;
  const closes: LocalDate = `${first + 1}-07-31`;
  const summerEnds: LocalDate = `${first + 1}-09-30`;
  const problems: Problem[] = [];
  for (const vakantie of SCHOOL_VAKANTIES) {
    const { from, to } = year.vakanties[vakantie];
    const path = ['vakanties', vakantie];
    if (to < from) problems.push({ path: [...path, 'to'], message: `${to} lies before from (${from})` });
    if (from < opens || from > closes) {
      problems.push({
        path: [...path, 'from'],
        message: `${from} lies outside school year ${year.schoolYear} (${opens} to ${closes})`,
      });
    }
    const last = vakantie === 'zomervakantie' ? summerEnds : closes;
    if (to > last || to < opens) {
      problems.push({
        path: [...path, 'to'],
        message:
          vakantie === 'zomervakantie'
            ? `${to} lies outside school year ${year.schoolYear} and the summer after it (${opens} to ${summerEnds})`
            : `${to} lies outside school year ${year.schoolYear} (${opens} to ${closes})`,
      });
    }
  }
  SCHOOL_VAKANTIES.forEach((a, i) => {
    for (const b of SCHOOL_VAKANTIES.slice(i + 1)) {
      const x = year.vakanties[a];
      const y = year.vakanties[b];
      if (x.from <= y.to && y.from <= x.to) {
        problems.push({
          path: ['vakanties', b],
          message: `${b} (${y.from} to ${y.to}) overlaps ${a} (${x.from} to ${x.to})`,
        });
      }
    }
  });
  return problems;
}

/**
 * Where supplied years contradict the shipped ones for a region without `replacesShipped: true`, as problems
 * with paths relative to the list of years.
 */
export function shippedContradictions(regio: Regio, years: readonly SuppliedSchoolYear[]): Problem[] {
  const problems: Problem[] = [];
  years.forEach((year, index) => {
    const shipped = SCHOOL_HOLIDAYS.find((known) => known.schoolYear === year.schoolYear);
    if (shipped === undefined || year.replacesShipped === true) return;
    for (const vakantie of SCHOOL_VAKANTIES) {
      const ours = year.vakanties[vakantie];
      const theirs = shipped.vakanties[vakantie][regio];
      if (ours.from !== theirs.from || ours.to !== theirs.to) {
        problems.push({
          path: [index, 'vakanties', vakantie],
          message:
            `${ours.from} to ${ours.to} contradicts the shipped ${vakantie} ${year.schoolYear} for regio ` +
            `${regio} (${theirs.from} to ${theirs.to}); set replacesShipped: true on this year to use these dates`,
        });
      }
    }
  });
  return problems;
}
