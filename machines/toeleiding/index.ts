import definition from './route.json' with { type: 'json' };

/** The tracks of an integral arrangement: the child at school, the family at home, the teacher. */
export type Spoor = 'kind' | 'gezin' | 'leerkracht';

/** The sporen, in the order the route's `codes.spoor` lists them. */
export const SPOREN = definition.codes.spoor as readonly Spoor[];

/** The one plan of a case: revised in place, never duplicated. */
export interface Plan {
  revisie: number;
  soort: 'licht' | 'regulier' | 'integraal';
  sporen: Spoor[];
  aanleiding: string;
  herzienOp: string;
}

/** What the route remembers per spoor besides its stage. */
export interface SpoorGegevens {
  aanbieder: string | null;
  overbrugging: { aanbieder: string; maxContacten: number; contacten: number } | null;
}

/** The toeleiding machine's context, as its definition's `context` and the library's actions shape it. */
export interface ToeleidingContext {
  regisseur: string;
  intake: { locatie: 'thuis' | 'school' | 'elders'; op: string } | null;
  plan: Plan | null;
  sporen: Partial<Record<Spoor, SpoorGegevens>>;
  verzuim: boolean;
}

/** The toeleiding route's definition file, as data. */
export const toeleidingDefinition: unknown = definition;
