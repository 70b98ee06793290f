import definition from './route.json' with { type: 'json' };

/** The iJw allocation route's definition file, as data. */
export const ijwToewijzingDefinition: unknown = definition;
