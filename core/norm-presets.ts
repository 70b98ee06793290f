import type { NormInput, Telwijze } from './norms.js';

// Links go to the consolidated text on wetten.overheid.nl (by BWB id), so a reader can check the article.
const WPO = 'https://wetten.overheid.nl/BWBR0003420';
const JEUGDWET = 'https://wetten.overheid.nl/BWBR0034925';
const AWB = 'https://wetten.overheid.nl/BWBR0005537';
const TREEKNORM = 'Treeknormen (GGZ), in de jeugdhulp gebruikt als richtlijn, niet wettelijk';

/** A statutory term "within N weeks after receipt": the day of receipt does not count, the last day counts whole. */
function naOntvangst(article: string): Telwijze {
  return {
    vanaf: 'dag-na-ontvangst',
    tot: 'einde-dag',
    bron: `${article}: binnen de termijn "na" de aanleiding; de dag zelf telt niet mee en de termijn loopt tot het einde van de laatste dag; Algemene termijnenwet art. 1 verlengt een termijn die op een zaterdag, zondag of feestdag eindigt tot het einde van de eerstvolgende werkdag`,
  };
}

/** A practice norm: counted from the moment, to the same clock time, as the region's practice counts it. */
function tijdstip(bron: string): Telwijze {
  return { vanaf: 'moment', tot: 'tijdstip', bron };
}

/** After a breach: the regisseur at once, the organisation's coordinator after 5 working days, then `rol` after 15. */
function opschalenNaar(rol: string): NonNullable<NormInput['opschalen']> {
  return [
    { na: { amount: 0, unit: 'werkdagen' }, rol: 'regisseur' },
    { na: { amount: 5, unit: 'werkdagen' }, rol: 'coordinator' },
    { na: { amount: 15, unit: 'werkdagen' }, rol },
  ];
}

/** The shipped norms, as written data. `NORM_PRESETS` in norms.ts validates each against the schema. */
export const NORM_PRESET_INPUTS: readonly NormInput[] = [
  {
    id: 'breda-route',
    version: '2013-1',
    telwijze: tijdstip(
      'Seed 002: "ongeveer drie weken" van signaal tot besluit, in de praktijk van uur tot uur geteld',
    ),
    title: 'Toegang tot hulp in drie weken: van signaal tot besluit',
    source: {
      kind: 'regionaal',
      citation:
        "Seed 002, kader 'Toegang tot hulp in drie weken' (Breda): overdrachtsformulier, intake thuis, plaatsingscommissie",
    },
    term: { amount: 3, unit: 'weken' },
    warning: { amount: 7, unit: 'dagen' },
    suspendable: true,
    startsOn: ['signaal.gemeld'],
    metBy: ['plaatsingscommissie.besloten', 'mdo.afgesproken'],
    lapsesOn: ['casus.afgesloten'],
  },
  {
    id: 'intake-na-signaal',
    version: '2026-1',
    telwijze: tijdstip(
      'passend-routes default: een week vanaf het signaal, tot hetzelfde tijdstip; een regio kan einde-dag kiezen',
    ),
    title: 'Intake (thuis) gehouden na het signaal',
    source: {
      kind: 'standaard',
      citation:
        'passend-routes default: one week, the first of the three weeks of the Breda route (seed 002); configurable',
    },
    term: { amount: 7, unit: 'dagen' },
    warning: { amount: 2, unit: 'dagen' },
    suspendable: true,
    startsOn: ['signaal.gemeld'],
    metBy: ['intake.gehouden'],
    lapsesOn: ['mdo.afgesproken', 'casus.afgesloten'],
  },
  {
    id: 'zorgplicht',
    version: '2014-2',
    telwijze: naOntvangst('WPO art. 40 (zes weken na ontvangst van de schriftelijke aanmelding)'),
    termijnenwet: true,
    opschalen: opschalenNaar('leerplichtambtenaar'),
    title:
      'Besluit over toelating binnen 6 weken na schriftelijke aanmelding (eenmaal te verdagen met 4 weken)',
    source: {
      kind: 'wet',
      citation: 'Wet passend onderwijs: WPO art. 40 en de gelijke bepalingen in WVO en WEC',
      url: WPO,
    },
    term: { amount: 6, unit: 'weken' },
    warning: { amount: 7, unit: 'dagen' },
    extension: { maxTimes: 1, by: { amount: 4, unit: 'weken' }, informOuders: true },
    startsOn: ['aanmelding.ontvangen'],
    metBy: ['toelating.besloten'],
    lapsesOn: ['aanmelding.ingetrokken'],
  },
  {
    id: 'zorgplicht-tijdelijke-inschrijving',
    version: '2014-2',
    telwijze: naOntvangst('WPO art. 40 (tien weken na ontvangst van de aanmelding)'),
    termijnenwet: true,
    title: 'Geen besluit na 10 weken: het kind wordt tijdelijk ingeschreven',
    source: {
      kind: 'wet',
      citation: 'Wet passend onderwijs: WPO art. 40 en de gelijke bepalingen in WVO en WEC',
      url: WPO,
    },
    term: { amount: 10, unit: 'weken' },
    warning: { amount: 7, unit: 'dagen' },
    startsOn: ['aanmelding.ontvangen'],
    metBy: ['toelating.besloten', 'tijdelijk.ingeschreven'],
    lapsesOn: ['aanmelding.ingetrokken'],
  },
  {
    id: 'opp-opgesteld',
    version: '2014-2',
    telwijze: naOntvangst('WPO art. 40a (zes weken na de plaatsing)'),
    termijnenwet: true,
    title: 'Ontwikkelingsperspectief (OPP) vastgesteld binnen 6 weken na plaatsing',
    source: { kind: 'wet', citation: 'WPO art. 40a en de gelijke bepalingen in WVO en WEC', url: WPO },
    term: { amount: 6, unit: 'weken' },
    warning: { amount: 7, unit: 'dagen' },
    startsOn: ['plaatsing.gestart'],
    metBy: ['opp.vastgesteld'],
    lapsesOn: ['casus.afgesloten'],
  },
  {
    id: 'opp-geevalueerd',
    version: '2014-1',
    title: 'OPP ten minste eenmaal per schooljaar met de ouders geëvalueerd',
    source: {
      kind: 'wet',
      citation:
        'WPO art. 40a en de gelijke bepalingen in WVO en WEC; "eenmaal per schooljaar" gerekend als 12 maanden',
      url: WPO,
    },
    term: { amount: 12, unit: 'maanden' },
    warning: { fraction: 0.1 },
    startsOn: ['opp.vastgesteld', 'opp.geevalueerd'],
    metBy: ['opp.geevalueerd'],
    lapsesOn: ['casus.afgesloten'],
  },
  {
    id: 'jeugdhulp-beschikking',
    version: '2015-2',
    telwijze: naOntvangst('Awb art. 4:13 (acht weken na ontvangst van de aanvraag)'),
    opschalen: opschalenNaar('teamleider-jeugd'),
    title: 'Beschikking op een aanvraag jeugdhulp binnen 8 weken, tenzij een nieuwe termijn is meegedeeld',
    source: {
      kind: 'wet',
      citation:
        'Awb art. 4:13 en 4:14 (verdaging: mededeling met een redelijke termijn), 4:15 (opschorting); Algemene termijnenwet',
      url: AWB,
    },
    term: { amount: 8, unit: 'weken' },
    termijnenwet: true,
    warning: { amount: 7, unit: 'dagen' },
    extension: { maxTimes: 1, by: { amount: 8, unit: 'weken' } },
    suspendable: true,
    startsOn: ['jeugdhulp.aangevraagd'],
    metBy: ['beschikking.afgegeven'],
    lapsesOn: ['jeugdhulp.ingetrokken', 'casus.afgesloten'],
  },
  {
    id: 'hulpverleningsplan',
    version: '2015-2',
    telwijze: naOntvangst('Jeugdwet art. 4.1.3 (zes weken)'),
    termijnenwet: true,
    title: 'Hulpverleningsplan vastgesteld binnen 6 weken als er geen familiegroepsplan komt',
    source: { kind: 'wet', citation: 'Jeugdwet art. 4.1.3', url: JEUGDWET },
    term: { amount: 6, unit: 'weken' },
    warning: { amount: 7, unit: 'dagen' },
    startsOn: ['familiegroepsplan.afgezien'],
    metBy: ['hulpverleningsplan.vastgesteld'],
    lapsesOn: ['casus.afgesloten'],
  },
  {
    id: 'ijw-toewijzing-antwoord',
    version: '2015-1',
    title: 'Antwoord op een verzoek om toewijzing (JW315 → JW301 of JW319) binnen 5 werkdagen',
    source: { kind: 'richtlijn', citation: 'iJw-standaard (Zorginstituut Nederland), bedrijfsregel OP274' },
    term: { amount: 5, unit: 'werkdagen' },
    calendar: { kind: 'werkdagen' },
    warning: { amount: 2, unit: 'werkdagen' },
    startsOn: ['toewijzing.aangevraagd'],
    metBy: ['toewijzing.beantwoord'],
  },
  {
    id: 'ijw-startbericht',
    version: '2015-1',
    title: 'Start van de zorg gemeld (JW305) binnen 5 werkdagen',
    source: { kind: 'richtlijn', citation: 'iJw-standaard (Zorginstituut Nederland), bedrijfsregel OP271' },
    term: { amount: 5, unit: 'werkdagen' },
    calendar: { kind: 'werkdagen' },
    warning: { amount: 2, unit: 'werkdagen' },
    startsOn: ['zorg.gestart'],
    metBy: ['startbericht.verzonden'],
    scope: 'spoor',
  },
  {
    id: 'ijw-stopbericht',
    version: '2015-1',
    title: 'Einde van de zorg gemeld (JW307) binnen 5 werkdagen',
    source: { kind: 'richtlijn', citation: 'iJw-standaard (Zorginstituut Nederland), bedrijfsregel OP272' },
    term: { amount: 5, unit: 'werkdagen' },
    calendar: { kind: 'werkdagen' },
    warning: { amount: 2, unit: 'werkdagen' },
    startsOn: ['zorg.beeindigd'],
    metBy: ['stopbericht.verzonden'],
    scope: 'spoor',
  },
  {
    id: 'treeknorm-intake',
    version: '2013-1',
    title: 'Intake bij de zorgaanbieder binnen 4 weken na aanmelding',
    source: { kind: 'richtlijn', citation: TREEKNORM },
    guideline: true,
    term: { amount: 4, unit: 'weken' },
    warning: { amount: 7, unit: 'dagen' },
    suspendable: true,
    startsOn: ['zorg.aangemeld'],
    metBy: ['zorg.intake-gehouden'],
    lapsesOn: ['arrangement.opgeschaald', 'arrangement.afgeschaald', 'casus.afgesloten'],
    scope: 'spoor',
  },
  {
    id: 'treeknorm-behandeling',
    version: '2013-1',
    title: 'Start van de zorg binnen 10 weken na de intake',
    source: { kind: 'richtlijn', citation: TREEKNORM },
    guideline: true,
    term: { amount: 10, unit: 'weken' },
    warning: { amount: 14, unit: 'dagen' },
    suspendable: true,
    startsOn: ['zorg.intake-gehouden'],
    metBy: ['zorg.gestart'],
    lapsesOn: ['arrangement.opgeschaald', 'arrangement.afgeschaald', 'casus.afgesloten'],
    scope: 'spoor',
  },
  {
    id: 'veilig-thuis-beoordeling',
    version: '2019-1',
    title: 'Veiligheidsbeoordeling door Veilig Thuis binnen 5 werkdagen na de melding',
    source: {
      kind: 'richtlijn',
      citation: 'Wmo 2015 en het Besluit Wmo 2015 over Veilig Thuis, zoals de inspecties het toetsen',
    },
    term: { amount: 5, unit: 'werkdagen' },
    calendar: { kind: 'werkdagen' },
    warning: { amount: 2, unit: 'werkdagen' },
    startsOn: ['melding.ontvangen'],
    metBy: ['veiligheid.beoordeeld'],
  },
  {
    id: 'thuiszitter',
    version: '2016-1',
    title: 'Meer dan 4 weken relatief verzuim: het kind telt als thuiszitter',
    source: { kind: 'richtlijn', citation: 'Leerplichtwet; definitie thuiszitter (OCW, 2016)' },
    term: { amount: 4, unit: 'weken' },
    warning: { amount: 7, unit: 'dagen' },
    startsOn: ['verzuim.gemeld'],
    metBy: ['verzuim.beeindigd'],
    lapsesOn: ['casus.afgesloten'],
  },
];

/**
 * The versions a preset had before it counted its term as the law does (from the day after receipt, to the end of
 * the last day) and named steps of escalation: each to the same clock time, without escalation. Cases recorded
 * under them keep them (see `UNPINNED_NORM_VERSIONS` in norms.ts).
 */
const CLOCK_TIME_VERSIONS: Readonly<Record<string, string>> = {
  zorgplicht: '2014-1',
  'zorgplicht-tijdelijke-inschrijving': '2014-1',
  'opp-opgesteld': '2014-1',
  'jeugdhulp-beschikking': '2015-1',
  hulpverleningsplan: '2015-1',
};

/** Earlier versions of the presets, oldest first, as they were shipped. */
export const SUPERSEDED_PRESET_INPUTS: readonly NormInput[] = NORM_PRESET_INPUTS.flatMap((input) => {
  const version = CLOCK_TIME_VERSIONS[input.id];
  if (version === undefined) return [];
  const { telwijze: _telwijze, opschalen: _opschalen, termijnenwet, ...rest } = input;
  // Only the Awb term applied the Algemene termijnenwet before; the WPO and Jeugdwet terms did not.
  return [{ ...rest, version, ...(input.id === 'jeugdhulp-beschikking' ? { termijnenwet } : {}) }];
});
