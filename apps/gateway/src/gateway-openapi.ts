import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { withSortedParameters } from '@sentinel/platform';
import { apiErrorSchema, httpEventSchema, openApiSchema } from './ingest.openapi';

/** The gateway's OpenAPI document, as /docs serves it and docs/contract/gateway-openapi.json holds it. */
export function gatewayOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Account Sentinel gateway API')
      .setDescription(
        'Where the lending platform sends account events and relays borrower answers. Every /v1 route needs an API key from INGEST_API_KEYS, ' +
          "in the x-api-key header or as Authorization: Bearer <key>, with the route's scope. The message contract (JSON Schemas, AsyncAPI) is at /contract.",
      )
      .setVersion('1')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'apiKey')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'the same key as a bearer token' }, 'bearer')
      .build(),
  );
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ApiError: openApiSchema(apiErrorSchema, 'output'),
      HttpAccountEvent: openApiSchema(httpEventSchema, 'input'),
    },
  };
  return withSortedParameters(document);
}
