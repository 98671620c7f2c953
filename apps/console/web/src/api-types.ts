import type { components } from './api-schema.gen';

/** A body the console API answers with, as its OpenAPI document names it (npm run contract generates the types). */
export type ApiSchema<Name extends keyof components['schemas']> = components['schemas'][Name];
