import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, type SchemaObject } from '@nestjs/swagger';
import { accountEventSchema, isSentinelEventType } from '@sentinel/contracts';
import { ApiErrors } from '@sentinel/service-kit';
import { z } from 'zod';

export const openApiSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as SchemaObject;

/**
 * An event as sent over HTTP: the gateway fills id, schemaVersion and correlationId when they are
 * missing. The types only Sentinel publishes are not among them.
 */
export const httpEventSchema = z.discriminatedUnion(
  'type',
  accountEventSchema.options
    .filter((option) => !isSentinelEventType(option.shape.type.value))
    .map((option) => (option as z.ZodObject).partial({ id: true, schemaVersion: true, correlationId: true })) as never,
);

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
    ApiErrors('INVALID_BODY', 'EMPTY_BATCH', 'INVALID_EVENT', 'BATCH_TOO_LARGE', 'EVENT_TOO_LARGE', 'REQUEST_TOO_LARGE', 'KAFKA_UNAVAILABLE'),
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
    ApiErrors('INVALID_BODY', 'INVALID_ANSWER', 'UNKNOWN_REFERENCE', 'ALREADY_ANSWERED'),
  );
