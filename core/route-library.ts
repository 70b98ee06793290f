import { assign, or, stateIn } from 'xstate';
import { z } from 'zod';

/*
 * The guards, actions and payload checks a route definition may name. A route is data, so everything it does
 * beyond moving between stages is one of these: pure functions of the context and the event, each documented,
 * each declaring the payload fields and context fields it reads, so that `compileRoute` can refuse a definition
 * that uses one where it cannot work (an action reading `spoor` on an event without a `spoor`).
 */

type Context = Record<string, unknown>;
interface RouteEvent {
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly occurredAt: string;
}
interface Args {
  readonly context: Context;
  readonly event: RouteEvent;
}

/** What an entry reads: payload fields of the events it is used on, and context fields the route must declare. */
interface Uses {
  readonly payload: readonly string[];
  readonly context: readonly string[];
}

interface LibraryEntry {
  readonly doc: string;
  /** The parameters it takes; absent: it takes none. */
  readonly params?: z.ZodType;
  /** What it reads, given its parameters (parsed by `params`). */
  readonly uses: (params: never) => Uses;
}

/** A guard: a predicate over context and event, or (`expand`) a combination of XState's built-in guards. */
export type LibraryGuard = LibraryEntry &
  (
    | { readonly test: (args: Args, params: never) => boolean }
    | { readonly expand: (params: never) => unknown }
  );

/** An action: XState's `assign`, built from the parameters it is used with. */
export type LibraryAction = LibraryEntry & {
  readonly assign: (args: Args, params: never) => Context;
};

const SpoorParams = z.strictObject({ spoor: z.string().min(1) });
const FlagParams = z.strictObject({ vlag: z.string().min(1) });
const FieldParams = z.strictObject({ veld: z.string().min(1) });
const FieldValueParams = z.strictObject({
  veld: z.string().min(1),
  waarde: z.union([z.string(), z.number(), z.boolean()]),
});
const FieldValuesParams = z.strictObject({
  veld: z.string().min(1),
  waarden: z.array(z.string().min(1)).min(1),
});
const StatesParams = z.strictObject({ staten: z.array(z.string().startsWith('#')).min(1) });

const uses = (payload: readonly string[], context: readonly string[] = []): Uses => ({ payload, context });

interface Overbrugging {
  aanbieder: string;
  maxContacten: number;
  contacten: number;
}
interface SpoorGegevens {
  aanbieder: string | null;
  overbrugging: Overbrugging | null;
}
type Sporen = Partial<Record<string, SpoorGegevens>>;
interface Plan {
  revisie: number;
  sporen?: string[];
}

const sporenOf = (context: Context): Sporen => context['sporen'] as Sporen;
const planOf = (context: Context): Plan | null => context['plan'] as Plan | null;
const spoorOf = (event: RouteEvent): string | undefined => {
  const spoor = event.payload['spoor'];
  return typeof spoor === 'string' ? spoor : undefined;
};
const gegevensOf = (context: Context, event: RouteEvent): SpoorGegevens | undefined => {
  const spoor = spoorOf(event);
  return spoor === undefined ? undefined : sporenOf(context)[spoor];
};

/** The guards a route may name. */
export const GUARDS: Readonly<Record<string, LibraryGuard>> = {
  intakeGehouden: {
    doc: 'an intake was recorded (`registreerIntake`): intake before a decision',
    uses: () => uses([], ['intake']),
    test: ({ context }) => context['intake'] !== null,
  },
  heeftPlan: {
    doc: 'the case has its one plan',
    uses: () => uses([], ['plan']),
    test: ({ context }) => context['plan'] !== null,
  },
  vlagAan: {
    doc: 'the context flag `vlag` is set (e.g. `verzuim`)',
    params: FlagParams,
    uses: (params: z.infer<typeof FlagParams>) => uses([], [params.vlag]),
    test: ({ context }, params: z.infer<typeof FlagParams>) => context[params.vlag] === true,
  },
  vlagUit: {
    doc: 'the context flag `vlag` is not set',
    params: FlagParams,
    uses: (params: z.infer<typeof FlagParams>) => uses([], [params.vlag]),
    test: ({ context }, params: z.infer<typeof FlagParams>) => context[params.vlag] !== true,
  },
  andereRegisseur: {
    doc: 'the event names a regisseur other than the current one: one regisseur, handed over, never two',
    uses: () => uses(['regisseur'], ['regisseur']),
    test: ({ context, event }) => event.payload['regisseur'] !== context['regisseur'],
  },
  payloadIs: {
    doc: "the event's payload field `veld` equals `waarde`",
    params: FieldValueParams,
    uses: (params: z.infer<typeof FieldValueParams>) => uses([params.veld]),
    test: ({ event }, params: z.infer<typeof FieldValueParams>) =>
      event.payload[params.veld] === params.waarde,
  },
  lijstBevat: {
    doc: "the event's list field `veld` holds every value of `waarden`: who must take part (the parents in an MDO)",
    params: FieldValuesParams,
    uses: (params: z.infer<typeof FieldValuesParams>) => uses([params.veld]),
    test: ({ event }, params: z.infer<typeof FieldValuesParams>) => {
      const list = event.payload[params.veld];
      return Array.isArray(list) && params.waarden.every((value) => list.includes(value));
    },
  },
  spoorInPlan: {
    doc: "the plan's arrangement names the spoor `spoor`",
    params: SpoorParams,
    uses: () => uses([], ['plan']),
    test: ({ context }, params: z.infer<typeof SpoorParams>) =>
      planOf(context)?.sporen?.includes(params.spoor) ?? false,
  },
  voorSpoor: {
    doc: 'the event is about the spoor `spoor` (its payload field `spoor`)',
    params: SpoorParams,
    uses: () => uses(['spoor']),
    test: ({ event }, params: z.infer<typeof SpoorParams>) => spoorOf(event) === params.spoor,
  },
  spoorAangemeld: {
    doc: "the event's spoor is registered with a care provider (`registreerAanmelding`): care for a registered spoor",
    uses: () => uses(['spoor'], ['sporen']),
    test: ({ context, event }) => (gegevensOf(context, event)?.aanbieder ?? null) !== null,
  },
  geenOverbrugging: {
    doc: "the event's spoor has no interim support (overbrugging) yet",
    uses: () => uses(['spoor'], ['sporen']),
    test: ({ context, event }) => gegevensOf(context, event)?.overbrugging === null,
  },
  overbruggingBeschikbaar: {
    doc: "the event's spoor has interim support with contacts left: at most its maximum of interim contacts",
    uses: () => uses(['spoor'], ['sporen']),
    test: ({ context, event }) => {
      const overbrugging = gegevensOf(context, event)?.overbrugging;
      return (
        overbrugging !== null &&
        overbrugging !== undefined &&
        overbrugging.contacten < overbrugging.maxContacten
      );
    },
  },
  ondersteuningGestart: {
    doc: 'support started somewhere: one of the states `staten` (ids, `#...`) is active; support before an evaluation',
    params: StatesParams,
    uses: () => uses([]),
    expand: (params: z.infer<typeof StatesParams>) => or(params.staten.map((id) => stateIn(id))),
  },
};

/** The actions a route may name. Each assigns to the context; none has a side effect or a timer. */
export const ACTIONS: Readonly<Record<string, LibraryAction>> = {
  registreerIntake: {
    doc: 'records the intake: `intake` becomes `{ locatie, op }` (the payload field `locatie`, when it occurred)',
    uses: () => uses(['locatie'], ['intake']),
    assign: ({ event }) => ({ intake: { locatie: event.payload['locatie'], op: event.occurredAt } }),
  },
  stelArrangementVast: {
    doc: 'sets the one plan from the arrangement in the payload (`soort`, `sporen`): a new revision, every spoor afresh',
    uses: () => uses(['soort', 'sporen'], ['plan', 'sporen']),
    assign: ({ context, event }) => {
      const sporen = [...(event.payload['sporen'] as string[])];
      const plan = {
        revisie: (planOf(context)?.revisie ?? 0) + 1,
        soort: event.payload['soort'],
        sporen,
        aanleiding: event.type,
        herzienOp: event.occurredAt,
      };
      const fresh: Sporen = {};
      for (const spoor of sporen) fresh[spoor] = { aanbieder: null, overbrugging: null };
      return { plan, sporen: fresh };
    },
  },
  herzienPlan: {
    doc: 'revises the one plan in place: its revision goes up by one, with the event as its reason',
    uses: () => uses([], ['plan']),
    assign: ({ context, event }) => {
      const plan = planOf(context);
      return {
        plan:
          plan === null
            ? null
            : { ...plan, revisie: plan.revisie + 1, aanleiding: event.type, herzienOp: event.occurredAt },
      };
    },
  },
  stelPlanVast: {
    doc: 'sets the plan (revision 1) or revises it: `{ revisie, herzienOp }` (e.g. the OPP)',
    uses: () => uses([], ['plan']),
    assign: ({ context, event }) => ({
      plan: { revisie: (planOf(context)?.revisie ?? 0) + 1, herzienOp: event.occurredAt },
    }),
  },
  vlagAan: {
    doc: 'sets the context flag `vlag`',
    params: FlagParams,
    uses: (params: z.infer<typeof FlagParams>) => uses([], [params.vlag]),
    assign: (_args, params: z.infer<typeof FlagParams>) => ({ [params.vlag]: true }),
  },
  vlagUit: {
    doc: 'clears the context flag `vlag`',
    params: FlagParams,
    uses: (params: z.infer<typeof FlagParams>) => uses([], [params.vlag]),
    assign: (_args, params: z.infer<typeof FlagParams>) => ({ [params.vlag]: false }),
  },
  wijsRegieToe: {
    doc: 'hands regie to the regisseur the event names (use with `andereRegisseur`)',
    uses: () => uses(['regisseur'], ['regisseur']),
    assign: ({ event }) => ({ regisseur: event.payload['regisseur'] }),
  },
  legVast: {
    doc: 'records the payload field `veld` in the context field of the same name',
    params: FieldParams,
    uses: (params: z.infer<typeof FieldParams>) => uses([params.veld], [params.veld]),
    assign: ({ event }, params: z.infer<typeof FieldParams>) => ({
      [params.veld]: event.payload[params.veld],
    }),
  },
  registreerAanmelding: {
    doc: "registers the event's spoor with the care provider `aanbieder`",
    uses: () => uses(['spoor', 'aanbieder'], ['sporen']),
    assign: ({ context, event }) => ({
      sporen: {
        ...sporenOf(context),
        [event.payload['spoor'] as string]: { aanbieder: event.payload['aanbieder'], overbrugging: null },
      },
    }),
  },
  startOverbrugging: {
    doc: "starts interim support for the event's spoor: `aanbieder`, at most `maxContacten` contacts",
    uses: () => uses(['spoor', 'aanbieder', 'maxContacten'], ['sporen']),
    assign: ({ context, event }) => {
      const spoor = event.payload['spoor'] as string;
      const huidig = sporenOf(context)[spoor] ?? { aanbieder: null, overbrugging: null };
      const overbrugging = {
        aanbieder: event.payload['aanbieder'],
        maxContacten: event.payload['maxContacten'],
        contacten: 0,
      };
      return { sporen: { ...sporenOf(context), [spoor]: { ...huidig, overbrugging } } };
    },
  },
  telOverbruggingscontact: {
    doc: "counts one interim contact for the event's spoor (guard it with `overbruggingBeschikbaar`)",
    uses: () => uses(['spoor'], ['sporen']),
    assign: ({ context, event }) => {
      const spoor = spoorOf(event);
      const huidig = gegevensOf(context, event);
      if (spoor === undefined || huidig?.overbrugging === undefined || huidig.overbrugging === null)
        return {};
      const overbrugging = { ...huidig.overbrugging, contacten: huidig.overbrugging.contacten + 1 };
      return { sporen: { ...sporenOf(context), [spoor]: { ...huidig, overbrugging } } };
    },
  },
};

/** A check across the fields of a payload, reported at a field's path. */
export interface PayloadCheck {
  readonly doc: string;
  readonly fields: readonly string[];
  readonly check: (payload: Record<string, unknown>, context: z.RefinementCtx) => void;
}

/** The payload checks a route's event may name in `checks`. */
export const PAYLOAD_CHECKS: Readonly<Record<string, PayloadCheck>> = {
  arrangement: {
    doc: 'an arrangement (`soort`, `sporen`): no spoor twice; regulier has exactly one spoor, integraal two or more',
    fields: ['soort', 'sporen'],
    check: (payload, context) => {
      const sporen = payload['sporen'] as readonly string[];
      if (new Set(sporen).size !== sporen.length) {
        context.addIssue({ code: 'custom', path: ['sporen'], message: 'names a spoor twice' });
      }
      if (payload['soort'] === 'regulier' && sporen.length !== 1) {
        context.addIssue({
          code: 'custom',
          path: ['sporen'],
          message: 'a regulier arrangement has exactly one spoor',
        });
      }
      if (payload['soort'] === 'integraal' && sporen.length < 2) {
        context.addIssue({
          code: 'custom',
          path: ['sporen'],
          message: 'an integraal arrangement has two or more sporen',
        });
      }
    },
  },
};

/** The library's guards and actions as XState `setup()` implementations. */
export function libraryImplementations(): {
  guards: Record<string, unknown>;
  actions: Record<string, unknown>;
} {
  const guards: Record<string, unknown> = {};
  for (const [name, guard] of Object.entries(GUARDS)) {
    if ('test' in guard) guards[name] = (args: Args, params: unknown) => guard.test(args, params as never);
  }
  const actions: Record<string, unknown> = {};
  for (const [name, action] of Object.entries(ACTIONS)) {
    actions[name] = assign((args: Args, params: unknown) => action.assign(args, params as never));
  }
  return { guards, actions };
}
