import definition from './route.json' with { type: 'json' };

/** The Jeugdwet decision route's definition file, as data. */
export const jeugdwetBesluitDefinition: unknown = definition;
