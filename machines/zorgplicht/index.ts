import definition from './route.json' with { type: 'json' };

/** The OPP is this route's one plan. */
export interface OppPlan {
  revisie: number;
  herzienOp: string;
}

/** The zorgplicht machine's context, as its definition's `context` and the library's actions shape it. */
export interface ZorgplichtContext {
  regisseur: string;
  school: string;
  besluit: 'toegelaten' | 'elders-toegelaten' | 'afgewezen-met-aanbod' | null;
  plan: OppPlan | null;
  verzuim: boolean;
}

/** The zorgplicht route's definition file, as data. */
export const zorgplichtDefinition: unknown = definition;
