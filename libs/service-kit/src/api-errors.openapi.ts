import { type INestApplication, SetMetadata } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';
import { API_ERROR_CODES, type ApiErrorCode } from '@sentinel/contracts';
import { PUBLIC_ROUTE } from './public-route';

const API_ERRORS = 'sentinel:api-errors';

/** The error codes a route answers with beyond those its guards add; the OpenAPI document lists them. */
export const ApiErrors = (...codes: ApiErrorCode[]) => SetMetadata(API_ERRORS, codes);

/** What the document needs to know of a route's handler. */
interface RouteFacts {
  /** Reachable without credentials (PublicRoute). */
  public: boolean;
  /** The codes its handler declared with ApiErrors. */
  errors: ApiErrorCode[];
  /** Reads metadata from the handler, then from its controller. */
  meta<T>(key: string): T | undefined;
}

type Operation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: object[];
  responses: Record<string, { description: string; content?: Record<string, { schema?: object }>; headers?: Record<string, object> }>;
};

/** Every route's facts by the operationId Nest's document gives it (`Controller_method`). */
function routesOf(app: INestApplication): Map<string, RouteFacts> {
  const routes = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata('path', handler) === undefined) continue;
        const meta = <T>(key: string): T | undefined => (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as T | undefined;
        routes.set(`${controller.name}_${name}`, { public: meta<boolean>(PUBLIC_ROUTE) === true, errors: meta<ApiErrorCode[]>(API_ERRORS) ?? [], meta });
      }
    }
  }
  return routes;
}

/** The shared body of every refusal, and the codes this API answers with. */
export function apiErrorComponents(codes: ApiErrorCode[]): Record<string, SchemaObject> {
  return {
    ApiErrorCode: { type: 'string', enum: codes, description: 'Every error code this API answers with.' },
    ApiError: {
      type: 'object',
      description: 'Every refusal: a code to branch on and a message to show; field problems list each field.',
      required: ['message'],
      properties: {
        error: {
          anyOf: [
            { $ref: '#/components/schemas/ApiErrorCode' },
            {
              type: 'string',
              enum: Object.values(BODY_PARSER_TEXT),
              description: "the HTTP status text, when the body parser refused the body (not JSON, or over the service's body limit)",
            },
          ],
        },
        message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        statusCode: { type: 'integer' },
        issues: {
          type: 'array',
          maxItems: 50,
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: { path: { type: 'string', description: 'where, such as events[2].payload.card.last4' }, message: { type: 'string' } },
          },
        },
      },
    },
  };
}

/** What `error` holds when the JSON body parser refuses a body, before any code of ours runs. */
const BODY_PARSER_TEXT: Record<number, string> = { 400: 'Bad Request', 413: 'Payload Too Large' };

const STATUS_TEXT: Record<number, string> = {
  400: 'The request breaks the schema or a rule of the route',
  401: 'Not authenticated',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Too large',
  422: 'Cannot be done at this size',
  429: 'Too many requests',
  503: 'Unavailable; retry',
};

/** Every 429 says when to try again, in the header HTTP clients honour and in the body (retryAfterSeconds). */
const RETRY_AFTER = { description: 'seconds until a request may succeed', schema: { type: 'integer', minimum: 1 } };

/** A route that takes a body (INVALID_BODY) can be refused by the body parser too, with its status text. */
function withBodyParser(status: number, codes: ApiErrorCode[], takesBody: boolean): string[] {
  const parser = BODY_PARSER_TEXT[status];
  return parser && (takesBody || codes.includes('INVALID_BODY')) ? [...codes, parser] : codes;
}

/**
 * The methods whose body the JSON parser reads, and refuses (400 when it is not JSON, 413 over the
 * body limit) before any route runs; refuseProtoKeys refuses a `__proto__` key as INVALID_BODY.
 * A GET's body is read too, but a GET takes none, so its document does not offer one.
 */
export const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** One documented response per status, each listing its codes, with the shared body narrowed to them. */
function errorResponses(codes: ApiErrorCode[], takesBody = false): Record<string, Operation['responses'][string]> {
  const byStatus = new Map<number, ApiErrorCode[]>();
  if (takesBody) byStatus.set(413, []);
  for (const code of new Set([...codes, ...(takesBody ? (['INVALID_BODY'] as const) : [])])) {
    const { status } = API_ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: `${STATUS_TEXT[status]}: ${[...list.map((code) => `${code} (${API_ERROR_CODES[code].meaning})`), ...(status === 413 && takesBody ? [`${BODY_PARSER_TEXT[413]} (the body is over the service's limit)`] : [])].join('; ')}.`,
        ...(status === 429 ? { headers: { 'retry-after': RETRY_AFTER } } : {}),
        content: {
          'application/json': {
            schema: {
              allOf: [
                { $ref: '#/components/schemas/ApiError' },
                status === 429
                  ? {
                      type: 'object',
                      required: ['retryAfterSeconds'],
                      properties: { error: { type: 'string', enum: list }, retryAfterSeconds: { type: 'integer', minimum: 1, description: RETRY_AFTER.description } },
                    }
                  : { type: 'object', properties: { error: { type: 'string', enum: withBodyParser(status, list, takesBody) } } },
              ],
            },
          },
        },
      },
    ]),
  );
}

export interface OperationRules {
  /** The codes a route answers with besides its own (those of the guards that run before it). */
  guardErrors(route: RouteFacts, method: string): ApiErrorCode[];
  /** Anything else the document should say of the operation (parameters, headers of a 429). */
  complete?(operation: Operation, route: RouteFacts, method: string): void;
}

/** An operation without a tag gets its controller's name: `SavedFiltersController_list` is under saved-filters. */
const tagOf = (operationId: string) =>
  operationId
    .split('_')[0]
    .replace(/Controller$/, '')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase();

/**
 * Completes each operation of the document from its route's metadata: `security: []` on public
 * routes, every error it answers with (its own and its guards'), a tag, and a summary check.
 */
export function completeOperations(app: INestApplication, document: OpenAPIObject, rules: OperationRules): OpenAPIObject {
  const routes = routesOf(app);
  const tags = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      const operation = value as Operation;
      const route = operation.operationId ? routes.get(operation.operationId) : undefined;
      if (!route) throw new Error(`no route for the operation ${method.toUpperCase()} ${path}`);
      if (!operation.summary) throw new Error(`${method.toUpperCase()} ${path} has no summary: give it @ApiOperation({ summary })`);
      if (route.public) operation.security = [];
      operation.tags = (operation.tags?.length ? operation.tags : [tagOf(operation.operationId!)]).map((tag) => tag.toLowerCase());
      for (const tag of operation.tags) tags.add(tag);
      const errors = errorResponses([...route.errors, ...rules.guardErrors(route, method)], BODY_METHODS.has(method));
      for (const [status, response] of Object.entries(errors)) if (!operation.responses[status]) operation.responses[status] = response;
      rules.complete?.(operation, route, method);
    }
  }
  document.tags = [...tags].sort().map((name) => ({ name }));
  return document;
}
