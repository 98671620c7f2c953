import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { apiErrorCodesOf } from '@sentinel/contracts';
import { apiErrorComponents, completeOperations, withSortedParameters } from '@sentinel/service-kit';
import { gatewayEnv } from './gateway.config';
import { httpEventSchema, openApiSchema } from './ingest.openapi';

/**
 * The gateway's OpenAPI document, as /docs serves it and docs/contract/gateway-openapi.json holds it
 * (the checked-in one with GATEWAY_PUBLIC_URL's default as its server).
 */
export function gatewayOpenApiDocument(app: INestApplication, publicUrl: string = gatewayEnv.GATEWAY_PUBLIC_URL.parse(undefined)): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Account Sentinel gateway API')
      .setDescription(
        'Where the lending platform sends account events and relays borrower answers. Every /v1 route needs an API key from INGEST_API_KEYS, ' +
          "in the x-api-key header or as Authorization: Bearer <key>, with the route's scope. The message contract (JSON Schemas, AsyncAPI) is at /contract.",
      )
      .setVersion('1')
      .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
      .addServer('{publicBaseUrl}', 'the gateway, at GATEWAY_PUBLIC_URL', {
        publicBaseUrl: { default: publicUrl, description: 'GATEWAY_PUBLIC_URL of the deployment' },
      })
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'apiKey')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'API key', description: 'the same API key as a bearer token (not a JWT)' }, 'bearer')
      .build(),
  );
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ...apiErrorComponents(apiErrorCodesOf('gateway')),
      HttpAccountEvent: openApiSchema(httpEventSchema, 'input'),
    },
  };
  completeOperations(app, document, {
    guardErrors: (route) => (route.public ? [] : ['INVALID_API_KEY', 'MISSING_SCOPE']),
  });
  return withSortedParameters(document);
}
