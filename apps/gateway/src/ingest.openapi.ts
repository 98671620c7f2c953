import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, type SchemaObject } from '@nestjs/swagger';
import { accountEventSchema } from '@sentinel/contracts';
import { z } from 'zod';

export const openApiSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as SchemaObject;

/** An event as sent over HTTP: the gateway fills id, schemaVersion and correlationId when they are missing. */
export const httpEventSchema = z.discriminatedUnion(
  'type',
  accountEventSchema.options.map((option) => (option as z.ZodObject).partial({ id: true, schemaVersion: true, correlationId: true })) as never,
);

const issue = z.strictObject({ path: z.string().describe('where, such as events[2].payload.card.last4'), message: z.string() });

/** Every refusal: a code to branch on and a message to show; field problems list each field. */
export const apiErrorSchema = z.looseObject({
  error: z.string().optional().describe('a code such as INVALID_EVENT, or the HTTP status text; absent when the body parser refused the body'),
  message: z.union([z.string(), z.array(z.string())]),
  statusCode: z.number().int().optional(),
  issues: z.array(issue).max(50).optional(),
});

const error = (status: number, description: string) => ApiResponse({ status, description, schema: { $ref: '#/components/schemas/ApiError' } });

const authErrors = [
  error(401, 'No API key (x-api-key or Authorization: Bearer), or not one of INGEST_API_KEYS.'),
  error(403, 'The key lacks the scope this route needs (MISSING_SCOPE).'),
];

export const ApiIngestEvents = () =>
  applyDecorators(
    ApiSecurity('apiKey'),
    ApiSecurity('bearer'),
    ApiOperation({
      summary: 'Send account events',
      description:
        'One event, an array of events, or { "events": [...] }; at most INGEST_MAX_BATCH (500 by default) per request. All or nothing: ' +
        'one invalid event refuses the request and nothing is published. Events with an id are deduplicated, so a request may be retried as is. ' +
        'The events are published to account.events keyed by accountId; docs/contract holds their schemas.',
    }),
    ApiBody({
      schema: {
        oneOf: [
          { $ref: '#/components/schemas/HttpAccountEvent' },
          { type: 'array', items: { $ref: '#/components/schemas/HttpAccountEvent' } },
          { type: 'object', properties: { events: { type: 'array', items: { $ref: '#/components/schemas/HttpAccountEvent' } } }, required: ['events'] },
        ],
      },
    }),
    ApiResponse({
      status: 202,
      description: 'Every event was valid and the broker acknowledged them.',
      schema: openApiSchema(z.strictObject({ accepted: z.number().int().min(1), ids: z.array(z.string()).describe('each event id, in request order') }), 'output'),
    }),
    error(
      400,
      'Malformed JSON, no events (EMPTY_BATCH), a "__proto__" key (INVALID_BODY), or events that break the contract (INVALID_EVENT, UNKNOWN_EVENT_TYPE, OUT_OF_RANGE_TIME), each field in issues.',
    ),
    ...authErrors,
    error(
      413,
      'More than INGEST_MAX_BATCH events (BATCH_TOO_LARGE), an event over 64 KiB as sent to the topic (EVENT_TOO_LARGE, naming it), events the broker refuses together for their size (REQUEST_TOO_LARGE), or a body over INGEST_BODY_LIMIT.',
    ),
    error(503, 'Kafka did not take the events (KAFKA_UNAVAILABLE); retry the same request.'),
  );

export const ApiRelayAnswer = (body: z.ZodType) =>
  applyDecorators(
    ApiSecurity('apiKey'),
    ApiSecurity('bearer'),
    ApiOperation({
      summary: "Relay a borrower's answer from the platform's app",
      description: 'For link-free messages: the answer to the reference code in the message. A "was me" from the app never closes a case by itself; the analyst sees it.',
    }),
    ApiBody({ schema: openApiSchema(body, 'input') }),
    ApiResponse({
      status: 200,
      description: 'Recorded; outcome says what it did to the case.',
      schema: openApiSchema(
        z.strictObject({
          caseId: z.uuid(),
          referenceCode: z.string(),
          answer: z.enum(['me', 'not_me']),
          outcome: z.enum(['applied', 'unverified', 'case_claimed', 'case_resolved', 'case_evidence']),
        }),
        'output',
      ),
    }),
    error(400, 'The body breaks the schema (INVALID_ANSWER), each field in issues.'),
    ...authErrors,
    error(404, 'No case with this reference code on this account (UNKNOWN_REFERENCE).'),
    error(409, 'The case was already answered (ALREADY_ANSWERED).'),
  );
