import { and, assign, or, setup, stateIn } from 'xstate';
import type { Spoor, ToeleidingEvent } from './events.js';
import { SPOREN } from './events.js';

/** The one plan of a case: revised in place, never duplicated. */
export interface Plan {
  revisie: number;
  soort: 'licht' | 'regulier' | 'integraal';
  sporen: Spoor[];
  aanleiding: ToeleidingEvent['type'];
  herzienOp: string;
}

/** What the route remembers per spoor besides its stage. */
export interface SpoorGegevens {
  aanbieder: string | null;
  overbrugging: { aanbieder: string; maxContacten: number; contacten: number } | null;
}

export interface ToeleidingContext {
  regisseur: string;
  intake: { locatie: 'thuis' | 'school' | 'elders'; op: string } | null;
  plan: Plan | null;
  sporen: Partial<Record<Spoor, SpoorGegevens>>;
  verzuim: boolean;
}

export interface ToeleidingInput {
  regisseur: string;
}

type SpoorParams = { spoor: Spoor };

function spoorOf(event: ToeleidingEvent): Spoor | undefined {
  return 'spoor' in event.payload ? event.payload.spoor : undefined;
}

function gegevens(context: ToeleidingContext, spoor: Spoor | undefined): SpoorGegevens | undefined {
  return spoor === undefined ? undefined : context.sporen[spoor];
}

function arrangementOf(event: ToeleidingEvent): Pick<Plan, 'soort' | 'sporen'> | undefined {
  return 'sporen' in event.payload && 'soort' in event.payload
    ? { soort: event.payload.soort, sporen: event.payload.sporen }
    : undefined;
}

const gestartId = (spoor: Spoor): string => `spoor-${spoor}-gestart`;

const toeleidingSetup = setup({
  types: {
    context: {} as ToeleidingContext,
    events: {} as ToeleidingEvent,
    input: {} as ToeleidingInput,
  },
  guards: {
    intakeGehouden: ({ context }) => context.intake !== null,
    heeftPlan: ({ context }) => context.plan !== null,
    geenVerzuim: ({ context }) => !context.verzuim,
    verzuim: ({ context }) => context.verzuim,
    andereRegisseur: ({ context, event }) =>
      event.type === 'regie.overgedragen' && event.payload.regisseur !== context.regisseur,
    spoorInPlan: ({ context }, params: SpoorParams) => context.plan?.sporen.includes(params.spoor) ?? false,
    voorSpoor: ({ event }, params: SpoorParams) => spoorOf(event) === params.spoor,
    geenOverbrugging: ({ context, event }) => gegevens(context, spoorOf(event))?.overbrugging === null,
    overbruggingBeschikbaar: ({ context, event }) => {
      const overbrugging = gegevens(context, spoorOf(event))?.overbrugging;
      return (
        overbrugging !== null &&
        overbrugging !== undefined &&
        overbrugging.contacten < overbrugging.maxContacten
      );
    },
    ondersteuningGestart: or(SPOREN.map((spoor) => stateIn(`#${gestartId(spoor)}`))),
  },
  actions: {
    registreerIntake: assign({
      intake: ({ event }) =>
        event.type === 'intake.gehouden' ? { locatie: event.payload.locatie, op: event.occurredAt } : null,
    }),
    stelPlanVast: assign(({ context, event }) => {
      const arrangement = arrangementOf(event);
      if (arrangement === undefined) return {};
      const plan: Plan = {
        revisie: (context.plan?.revisie ?? 0) + 1,
        soort: arrangement.soort,
        sporen: [...arrangement.sporen],
        aanleiding: event.type,
        herzienOp: event.occurredAt,
      };
      const sporen: Partial<Record<Spoor, SpoorGegevens>> = {};
      for (const spoor of arrangement.sporen) sporen[spoor] = { aanbieder: null, overbrugging: null };
      return { plan, sporen };
    }),
    herzienPlan: assign({
      plan: ({ context, event }) =>
        context.plan === null
          ? null
          : {
              ...context.plan,
              revisie: context.plan.revisie + 1,
              aanleiding: event.type,
              herzienOp: event.occurredAt,
            },
    }),
    meldVerzuim: assign({ verzuim: true }),
    beeindigVerzuim: assign({ verzuim: false }),
    wijsRegieToe: assign({
      regisseur: ({ context, event }) =>
        event.type === 'regie.overgedragen' ? event.payload.regisseur : context.regisseur,
    }),
    registreerAanmelding: assign({
      sporen: ({ context, event }) =>
        event.type === 'zorg.aangemeld'
          ? {
              ...context.sporen,
              [event.payload.spoor]: { aanbieder: event.payload.aanbieder, overbrugging: null },
            }
          : context.sporen,
    }),
    startOverbrugging: assign({
      sporen: ({ context, event }) => {
        if (event.type !== 'overbrugging.gestart') return context.sporen;
        const huidig = context.sporen[event.payload.spoor] ?? { aanbieder: null, overbrugging: null };
        const overbrugging = {
          aanbieder: event.payload.aanbieder,
          maxContacten: event.payload.maxContacten,
          contacten: 0,
        };
        return { ...context.sporen, [event.payload.spoor]: { ...huidig, overbrugging } };
      },
    }),
    telOverbruggingscontact: assign({
      sporen: ({ context, event }) => {
        const spoor = spoorOf(event);
        const huidig = gegevens(context, spoor);
        if (spoor === undefined || huidig?.overbrugging === undefined || huidig.overbrugging === null)
          return context.sporen;
        const overbrugging = { ...huidig.overbrugging, contacten: huidig.overbrugging.contacten + 1 };
        return { ...context.sporen, [spoor]: { ...huidig, overbrugging } };
      },
    }),
  },
});

/** One spoor of an arrangement: from preparation via a provider's registration and waiting list to care. */
function spoorRegion(spoor: Spoor) {
  const voorDitSpoor = { type: 'voorSpoor', params: { spoor } } as const;
  const naarGestart = `#${gestartId(spoor)}`;
  return {
    initial: 'inactief',
    states: {
      inactief: { always: { guard: { type: 'spoorInPlan', params: { spoor } }, target: 'voorbereiding' } },
      voorbereiding: {
        on: {
          'zorg.aangemeld': { guard: voorDitSpoor, target: 'wachten', actions: 'registreerAanmelding' },
          'ondersteuning.gestart': { guard: voorDitSpoor, target: 'gestart' },
        },
      },
      wachten: {
        initial: 'aangemeld',
        on: {
          'overbrugging.gestart': {
            guard: and([voorDitSpoor, 'geenOverbrugging']),
            actions: 'startOverbrugging',
          },
          'overbrugging.contact': {
            guard: and([voorDitSpoor, 'overbruggingBeschikbaar']),
            actions: 'telOverbruggingscontact',
          },
        },
        states: {
          aangemeld: { on: { 'zorg.intake-gehouden': { guard: voorDitSpoor, target: 'intake' } } },
          intake: {
            on: {
              'wachtlijst.geplaatst': { guard: voorDitSpoor, target: 'wachtlijst' },
              'zorg.gestart': { guard: voorDitSpoor, target: naarGestart },
            },
          },
          wachtlijst: { on: { 'zorg.gestart': { guard: voorDitSpoor, target: naarGestart } } },
        },
      },
      gestart: { id: gestartId(spoor) },
    },
  } as const;
}

/**
 * The toeleiding route: signaal → intake → plaatsingscommissie → arrangement → evaluatie → (opschalen or
 * afschalen back into arrangement) → afgesloten, with the light path via the multidisciplinary table.
 * Pure: no timers (deadlines are norms the host enforces) and no side effects.
 */
export const toeleidingMachine = toeleidingSetup.createMachine({
  id: 'toeleiding',
  initial: 'signaal',
  context: ({ input }) => ({
    regisseur: input.regisseur,
    intake: null,
    plan: null,
    sporen: {},
    verzuim: false,
  }),
  on: {
    'verzuim.gemeld': { guard: 'geenVerzuim', actions: 'meldVerzuim' },
    'verzuim.beeindigd': { guard: 'verzuim', actions: 'beeindigVerzuim' },
    'regie.overgedragen': { guard: 'andereRegisseur', actions: 'wijsRegieToe' },
    'plan.herzien': { guard: 'heeftPlan', actions: 'herzienPlan' },
  },
  states: {
    signaal: {
      on: {
        'intake.gehouden': { target: 'intake', actions: 'registreerIntake' },
        'plaatsingscommissie.aangevraagd': { target: 'plaatsingscommissie' },
        'mdo.afgesproken': { target: 'arrangement', actions: 'stelPlanVast' },
        'casus.afgesloten': { target: 'afgesloten' },
      },
    },
    intake: {
      on: {
        'plaatsingscommissie.aangevraagd': { target: 'plaatsingscommissie' },
        'mdo.afgesproken': { target: 'arrangement', actions: 'stelPlanVast' },
        'casus.afgesloten': { target: 'afgesloten' },
      },
    },
    plaatsingscommissie: {
      on: {
        'intake.gehouden': { actions: 'registreerIntake' },
        'plaatsingscommissie.besloten': {
          guard: 'intakeGehouden',
          target: 'arrangement',
          actions: 'stelPlanVast',
        },
      },
    },
    arrangement: {
      initial: 'lopend',
      states: {
        lopend: {
          type: 'parallel',
          states: {
            kind: spoorRegion('kind'),
            gezin: spoorRegion('gezin'),
            leerkracht: spoorRegion('leerkracht'),
          },
          on: { 'evaluatie.gestart': { guard: 'ondersteuningGestart', target: '#toeleiding.evaluatie' } },
        },
        // Deep history: after an evaluation that continues the arrangement, every spoor resumes where it was.
        hervat: { type: 'history', history: 'deep' },
      },
    },
    evaluatie: {
      on: {
        'arrangement.voortgezet': { target: 'arrangement.hervat' },
        'arrangement.opgeschaald': { target: 'arrangement', actions: 'stelPlanVast' },
        'arrangement.afgeschaald': { target: 'arrangement', actions: 'stelPlanVast' },
        'casus.afgesloten': { target: 'afgesloten' },
      },
    },
    afgesloten: { type: 'final' },
  },
});
