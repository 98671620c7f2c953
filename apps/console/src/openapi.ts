import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { apiResponses } from './api-responses';

// The zod schemas that validate requests are also what /docs shows: one source, no drift.
const openApiSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as SchemaObject;

export const ApiBodyOf = (schema: z.ZodType) => ApiBody({ schema: openApiSchema(schema) });

export function ApiQueryOf(schema: z.ZodObject) {
  const json = openApiSchema(schema);
  const required = new Set(json.required ?? []);
  return applyDecorators(...Object.entries(json.properties ?? {}).map(([name, property]) => ApiQuery({ name, required: required.has(name), schema: property as SchemaObject })));
}

/** Documents a response body by its schema in apiResponses, which the document lists under components. */
export function ApiResponseOf(schema: z.ZodType, status = 200) {
  const id = apiResponses.get(schema)?.id;
  if (!id) throw new Error('a documented response schema must be named (see api-responses.ts)');
  return ApiResponse({ status, description: id, schema: { $ref: `#/components/schemas/${id}` } });
}

/** Documents a server-sent event stream by the schema of its events' data, so the web UI's type for it is generated too. */
export function ApiEventStreamOf(schema: z.ZodType) {
  const id = apiResponses.get(schema)?.id;
  if (!id) throw new Error('a documented event schema must be named (see api-responses.ts)');
  return ApiResponse({
    status: 200,
    description: `text/event-stream; each event's data is a ${id}`,
    content: { 'text/event-stream': { schema: { $ref: `#/components/schemas/${id}` } } },
  });
}

/** The named response schemas, as OpenAPI components that refer to each other by $ref. */
export function responseComponents(): Record<string, SchemaObject> {
  const { schemas } = z.toJSONSchema(apiResponses, { target: 'openapi-3.0', io: 'output', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  // zod names each schema with $id, which OpenAPI 3.0 does not have: the component's key names it.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $id: _id, ...schema }]) => [id, withNullInEnums(schema) as SchemaObject]));
}

/**
 * OpenAPI 3.0 says `nullable` allows null, but an `enum` without null still refuses it, and zod
 * writes nullable enums that way: null goes into the enum, as validators and generators read it.
 * A nullable reference becomes one of the reference or null.
 */
function withNullInEnums(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullInEnums);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, withNullInEnums(value)]));
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  // zod writes a nullable reference as allOf plus nullable, which OAS 3.0 reads as not nullable
  // (nullable needs a type beside it): one of the reference or null, the 3.0 way.
  if (out.nullable === true && out.type === undefined && Array.isArray(out.allOf) && out.allOf.length === 1) {
    const { allOf, nullable: _nullable, ...rest } = out;
    return { ...rest, anyOf: [allOf[0], { type: 'object', nullable: true, enum: [null] }] };
  }
  return out;
}
