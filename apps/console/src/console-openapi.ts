import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { withSortedParameters } from '@sentinel/platform';
import { CSRF_HEADER, SESSION_COOKIE } from './auth/session.cookie';
import { responseComponents } from './openapi';

/** The console's OpenAPI document, as /docs serves it and docs/contract/console-openapi.json holds it. */
export function consoleOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Account Sentinel console API')
      .setDescription(
        `The analyst review API. Log in with POST /api/session; the ${SESSION_COOKIE} cookie carries the session, and every ` +
          `POST, PATCH and DELETE needs the ${CSRF_HEADER} header with the csrfToken that login and GET /api/session return.`,
      )
      .addCookieAuth(SESSION_COOKIE)
      .addSecurityRequirements('cookie')
      .build(),
  );
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...responseComponents() } };
  return withSortedParameters(document);
}
