import definition from './route.json' with { type: 'json' };

/** The Gooi MDO pilot route's definition file, as data. */
export const gooiMdoDefinition: unknown = definition;
