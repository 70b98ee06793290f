import { assign, setup } from 'xstate';
import type { ZorgplichtEvent } from './events.js';

/** The OPP is this route's one plan. */
export interface OppPlan {
  revisie: number;
  herzienOp: string;
}

export interface ZorgplichtContext {
  regisseur: string;
  school: string;
  besluit: 'toegelaten' | 'elders-toegelaten' | 'afgewezen-met-aanbod' | null;
  plan: OppPlan | null;
  verzuim: boolean;
}

const zorgplichtSetup = setup({
  types: {
    context: {} as ZorgplichtContext,
    events: {} as ZorgplichtEvent,
    input: {} as { regisseur: string; school: string },
  },
  guards: {
    andereRegisseur: ({ context, event }) =>
      event.type === 'regie.overgedragen' && event.payload.regisseur !== context.regisseur,
    hierToegelaten: ({ event }) =>
      event.type === 'toelating.besloten' && event.payload.besluit === 'toegelaten',
    geenVerzuim: ({ context }) => !context.verzuim,
    verzuim: ({ context }) => context.verzuim,
  },
  actions: {
    wijsRegieToe: assign({
      regisseur: ({ context, event }) =>
        event.type === 'regie.overgedragen' ? event.payload.regisseur : context.regisseur,
    }),
    legBesluitVast: assign({
      besluit: ({ context, event }) =>
        event.type === 'toelating.besloten' ? event.payload.besluit : context.besluit,
    }),
    stelOppVast: assign({
      plan: ({ context, event }) => ({
        revisie: (context.plan?.revisie ?? 0) + 1,
        herzienOp: event.occurredAt,
      }),
    }),
    meldVerzuim: assign({ verzuim: true }),
    beeindigVerzuim: assign({ verzuim: false }),
  },
});

/**
 * The zorgplicht route: a written registration at a school, the board's admission decision within the
 * statutory term (or temporary enrolment), placement, and the OPP set and evaluated with the parents.
 */
export const zorgplichtMachine = zorgplichtSetup.createMachine({
  id: 'zorgplicht',
  initial: 'aangemeld',
  context: ({ input }) => ({
    regisseur: input.regisseur,
    school: input.school,
    besluit: null,
    plan: null,
    verzuim: false,
  }),
  on: {
    'regie.overgedragen': { guard: 'andereRegisseur', actions: 'wijsRegieToe' },
    'verzuim.gemeld': { guard: 'geenVerzuim', actions: 'meldVerzuim' },
    'verzuim.beeindigd': { guard: 'verzuim', actions: 'beeindigVerzuim' },
  },
  states: {
    aangemeld: {
      on: {
        'toelating.besloten': [
          { guard: 'hierToegelaten', target: 'toegelaten', actions: 'legBesluitVast' },
          { target: 'afgesloten', actions: 'legBesluitVast' },
        ],
        'tijdelijk.ingeschreven': { target: 'tijdelijkIngeschreven' },
        'aanmelding.ingetrokken': { target: 'afgesloten' },
      },
    },
    tijdelijkIngeschreven: {
      on: {
        'toelating.besloten': [
          { guard: 'hierToegelaten', target: 'toegelaten', actions: 'legBesluitVast' },
          { target: 'afgesloten', actions: 'legBesluitVast' },
        ],
      },
    },
    toegelaten: { on: { 'plaatsing.gestart': { target: 'geplaatst' } } },
    geplaatst: {
      on: {
        'opp.vastgesteld': { target: 'opp', actions: 'stelOppVast' },
        'casus.afgesloten': { target: 'afgesloten' },
      },
    },
    opp: {
      on: {
        'opp.geevalueerd': { actions: 'stelOppVast' },
        'casus.afgesloten': { target: 'afgesloten' },
      },
    },
    afgesloten: { type: 'final' },
  },
});
