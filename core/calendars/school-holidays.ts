import type { LocalDate } from './local-date.js';

/**
 * Dutch school holidays per region, as published by the Ministry of OCW on rijksoverheid.nl ("Overzicht
 * schoolvakanties per schooljaar"). The zomervakantie, kerstvakantie and the first meivakantie week are
 * compulsory for primary and secondary schools; the herfst- and voorjaarsvakantie are advisory dates (adviesdata)
 * that a school may move, and a school may add a second meivakantie week. The dates below are the published ones;
 * a school with its own dates, or a year not listed here, supplies it as data (school-calendar.ts).
 *
 * Only school years whose dates could be checked against a source are listed, each with its sources. Where the
 * ministry's page itself was not available, the dates come from pages that quote it, cross-checked against each
 * other. Ranges are inclusive and run Saturday to Sunday.
 */

export type Regio = 'noord' | 'midden' | 'zuid';
export const REGIOS: readonly Regio[] = ['noord', 'midden', 'zuid'];

export type SchoolVakantie =
  'herfstvakantie' | 'kerstvakantie' | 'voorjaarsvakantie' | 'meivakantie' | 'zomervakantie';
export const SCHOOL_VAKANTIES: readonly SchoolVakantie[] = [
  'herfstvakantie',
  'kerstvakantie',
  'voorjaarsvakantie',
  'meivakantie',
  'zomervakantie',
];

/** An inclusive range of local dates. */
export interface DateRange {
  readonly from: LocalDate;
  readonly to: LocalDate;
}

/** The five holidays of one school year (1 August to 31 July) in each region; the zomervakantie closes it. */
export interface SchoolYearHolidays {
  /** `2024-2025`. */
  readonly schoolYear: string;
  readonly sources: readonly string[];
  readonly vakanties: Readonly<Record<SchoolVakantie, Readonly<Record<Regio, DateRange>>>>;
}

const range = (from: LocalDate, to: LocalDate): DateRange => ({ from, to });
const everywhere = (from: LocalDate, to: LocalDate): Record<Regio, DateRange> => ({
  noord: range(from, to),
  midden: range(from, to),
  zuid: range(from, to),
});

const ROV =
  'https://www.rijksoverheid.nl/onderwerpen/schoolvakanties/overzicht-schoolvakanties-per-schooljaar';

export const SCHOOL_HOLIDAYS: readonly SchoolYearHolidays[] = [
  {
    schoolYear: '2022-2023',
    sources: [
      `${ROV}/overzicht-schoolvakanties-2022-2023 (the ministry's table, quoted by the pages below)`,
      'https://kidsproofplus.nl/NL/blog/handig-overzicht-schoolvakanties-2022-plus-nederland- (herfst 2022, kerst 2022, voorjaar 2023 per region; "Bron: Rijksoverheid.nl")',
      'https://auftexel.de/-/schoolvakantie (herfst and kerst 2022 per region, "van de website van het ministerie van OCenW")',
      'https://vuidap.com/herfstvakantie-2023-noord/amp (voorjaar, mei and zomer 2023 per region; "Bronnen: Ministerie OCW - schoolvakanties 2022-2023")',
      'https://nieuws.nl/algemeen/20230707/midden-begint-als-eerste-regio-aan-zomervakantie/ (zomer 2023: school again on 21 August midden, 28 August zuid, 4 September noord)',
    ],
    vakanties: {
      herfstvakantie: {
        noord: range('2022-10-15', '2022-10-23'),
        midden: range('2022-10-22', '2022-10-30'),
        zuid: range('2022-10-22', '2022-10-30'),
      },
      kerstvakantie: everywhere('2022-12-24', '2023-01-08'),
      voorjaarsvakantie: {
        noord: range('2023-02-25', '2023-03-05'),
        midden: range('2023-02-25', '2023-03-05'),
        zuid: range('2023-02-18', '2023-02-26'),
      },
      meivakantie: everywhere('2023-04-29', '2023-05-07'),
      zomervakantie: {
        noord: range('2023-07-22', '2023-09-03'),
        midden: range('2023-07-08', '2023-08-20'),
        zuid: range('2023-07-15', '2023-08-27'),
      },
    },
  },
  {
    schoolYear: '2023-2024',
    sources: [
      `${ROV}/overzicht-schoolvakanties-2023-2024 (the ministry's table, quoted by the pages below)`,
      'https://www.nationaleonderwijsgids.nl/basisonderwijs/nieuws/67365-herfstvakantie-voor-scholen-in-noord-nederland.html (23 October 2023: herfst noord, kerst, voorjaar, mei and zomer 2024 per region)',
      'https://vuidap.com/herfstvakantie-2023-noord/amp (herfst 2023 per region, kerst 2023-2024)',
      'https://nieuws.nl/algemeen/20230904/zomervakantie-helemaal-voorbij-ook-noorden-weer-naar-school/ (herfst 2023 starts 14 October midden and zuid, 21 October noord)',
      'https://schoolvakanties-nl.nl/schoolvakanties-midden-nederland/ (midden 2024: voorjaar, mei, zomer)',
    ],
    vakanties: {
      herfstvakantie: {
        noord: range('2023-10-21', '2023-10-29'),
        midden: range('2023-10-14', '2023-10-22'),
        zuid: range('2023-10-14', '2023-10-22'),
      },
      kerstvakantie: everywhere('2023-12-23', '2024-01-07'),
      voorjaarsvakantie: {
        noord: range('2024-02-17', '2024-02-25'),
        midden: range('2024-02-17', '2024-02-25'),
        zuid: range('2024-02-10', '2024-02-18'),
      },
      meivakantie: everywhere('2024-04-27', '2024-05-05'),
      zomervakantie: {
        noord: range('2024-07-20', '2024-09-01'),
        midden: range('2024-07-13', '2024-08-25'),
        zuid: range('2024-07-06', '2024-08-18'),
      },
    },
  },
  {
    schoolYear: '2024-2025',
    sources: [
      `${ROV}/overzicht-schoolvakanties-2024-2025 (the ministry's table, quoted by the pages below)`,
      'https://www.nationaleonderwijsgids.nl/speciaal-onderwijs/nieuws/70520-schoolvakanties-noord-midden-en-zuid-voor-eind-2024-en-gedeelte-2025.html (15 August 2024, all five per region; "Dat meldt de Rijksoverheid")',
      'https://katinn.nl/?p=409 (all five per region, with the optional meivakantie week 19-27 April 2025)',
      'https://simonscholen.nl/Over-SIMON (all five per region)',
    ],
    vakanties: {
      herfstvakantie: {
        noord: range('2024-10-26', '2024-11-03'),
        midden: range('2024-10-26', '2024-11-03'),
        zuid: range('2024-10-19', '2024-10-27'),
      },
      kerstvakantie: everywhere('2024-12-21', '2025-01-05'),
      voorjaarsvakantie: {
        noord: range('2025-02-15', '2025-02-23'),
        midden: range('2025-02-22', '2025-03-02'),
        zuid: range('2025-02-22', '2025-03-02'),
      },
      meivakantie: everywhere('2025-04-26', '2025-05-04'),
      zomervakantie: {
        noord: range('2025-07-12', '2025-08-24'),
        midden: range('2025-07-19', '2025-08-31'),
        zuid: range('2025-07-05', '2025-08-17'),
      },
    },
  },
  {
    schoolYear: '2025-2026',
    sources: [
      `${ROV}/overzicht-schoolvakanties-2025-2026 (the ministry's table, quoted by the pages below)`,
      'https://katinn.nl/?p=409 (all five per region, with the optional meivakantie week 18-26 April 2026)',
      'https://www.kidsproof.nl/DenBosch/Blog/vakantieoverzicht-planning-2021-schoolvakantie-wanneer (3 August 2025: herfst, kerst, voorjaar and mei per region; "Bron: Rijksoverheid.nl")',
      'https://schoolvakanties.org/herfstvakanties-nederland/ (herfst 2025 per region)',
      'zomer 2026 as published by schools in each region: https://www.obsieveling.nl/subpage/30 (noord), https://edumarevpr.nl/vakantieregeling/ (midden), https://gbbenjamin.nl/nl/voor-de-ouders/schoolvakanties-2025-2026 (zuid)',
    ],
    vakanties: {
      herfstvakantie: {
        noord: range('2025-10-18', '2025-10-26'),
        midden: range('2025-10-18', '2025-10-26'),
        zuid: range('2025-10-11', '2025-10-19'),
      },
      kerstvakantie: everywhere('2025-12-20', '2026-01-04'),
      voorjaarsvakantie: {
        noord: range('2026-02-21', '2026-03-01'),
        midden: range('2026-02-14', '2026-02-22'),
        zuid: range('2026-02-14', '2026-02-22'),
      },
      meivakantie: everywhere('2026-04-25', '2026-05-03'),
      zomervakantie: {
        noord: range('2026-07-04', '2026-08-16'),
        midden: range('2026-07-18', '2026-08-30'),
        zuid: range('2026-07-11', '2026-08-23'),
      },
    },
  },
  {
    schoolYear: '2027-2028',
    sources: [
      `${ROV}/overzicht-schoolvakanties-2027-2028 (the ministry's own page; optional meivakantie week 22-30 April 2028)`,
    ],
    vakanties: {
      herfstvakantie: {
        noord: range('2027-10-16', '2027-10-24'),
        midden: range('2027-10-16', '2027-10-24'),
        zuid: range('2027-10-23', '2027-10-31'),
      },
      kerstvakantie: everywhere('2027-12-25', '2028-01-09'),
      voorjaarsvakantie: {
        noord: range('2028-02-19', '2028-02-27'),
        midden: range('2028-02-26', '2028-03-05'),
        zuid: range('2028-02-26', '2028-03-05'),
      },
      meivakantie: everywhere('2028-04-29', '2028-05-07'),
      zomervakantie: {
        noord: range('2028-07-15', '2028-08-27'),
        midden: range('2028-07-08', '2028-08-20'),
        zuid: range('2028-07-22', '2028-09-03'),
      },
    },
  },
];

/** School years left out on purpose, with the reason; a term that needs one fails with a RangeError. */
export const MISSING_SCHOOL_YEARS: readonly { readonly schoolYear: string; readonly reason: string }[] = [
  {
    schoolYear: '2026-2027',
    reason:
      'neither the ministry page for 2026-2027 nor the Regeling vaststelling schoolvakanties behind it ' +
      'could be reached (searched 2026-11-22). Settled: herfst 2026 (noord 10-18 October, midden and zuid ' +
      '17-25 October, schoolvakanties.org and deepsea.nl) and kerst 2026 (19 December - 3 January, ' +
      "schoolvakanties-nederland.nl and school rosters; kerstfee.nl's 20 December - 4 January runs Sunday " +
      "to Monday); midden's voorjaar (20-28 February) and zomer 2027 (17 July - 29 August) agree in three " +
      'school rosters. Not settled: which week of the meivakantie 2027 is the compulsory one (24 April - 2 ' +
      "May or 1-9 May; every roster found takes both), zuid's voorjaar and zomer 2027 (the one zuid roster, " +
      "montessoricollege.nl, gives midden's summer dates), and noord's zomer 2027 (one roster only, " +
      'ckcderegenboog.nl: 10 July - 22 August)',
  },
  {
    schoolYear: 'before 2022-2023',
    reason: 'not researched: no shipped norm counts school weeks in those years',
  },
];
