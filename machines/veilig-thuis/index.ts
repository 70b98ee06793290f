import definition from './route.json' with { type: 'json' };

/** The Veilig Thuis route's definition file, as data. */
export const veiligThuisDefinition: unknown = definition;
