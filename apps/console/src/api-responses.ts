import { z } from 'zod';

/**
 * Every response schema the console's OpenAPI document names, by id: the document lists them under
 * components.schemas, and the web UI's types are generated from there (npm run contract).
 */
export const apiResponses = z.registry<{ id: string }>();

/** A response schema known to the document by this name. */
export function named<S extends z.ZodType>(id: string, schema: S): S {
  apiResponses.add(schema, { id });
  return schema;
}

/** Dates leave the API as ISO 8601 strings in UTC. */
export const timestamp = z.string().meta({ format: 'date-time' });
export const localized = named('LocalizedText', z.object({ en: z.string(), 'zh-CN': z.string() }));
export const jsonObject = z.record(z.string(), z.unknown());
