import definition from './route.json' with { type: 'json' };

/** The Drechtsteden route's definition file, as data. */
export const drechtstedenDefinition: unknown = definition;
