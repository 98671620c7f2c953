import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { apiErrorCodesOf, type ApiErrorCode } from '@sentinel/contracts';
import { apiErrorComponents, completeOperations, withSortedParameters } from '@sentinel/service-kit';
import { MIN_ROLE, ROLE_RANK } from './auth/auth.decorators';
import { CSRF_HEADER, SESSION_COOKIE } from './auth/session.cookie';
import type { AnalystRole } from '@sentinel/persistence';
import { consoleEnv } from './console.config';
import { responseComponents } from './openapi';

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/**
 * The console's OpenAPI document, as /docs serves it (its server the deployment's PUBLIC_BASE_URL)
 * and docs/contract/console-openapi.json holds it (the setting's default).
 */
export function consoleOpenApiDocument(app: INestApplication, publicBaseUrl: string = consoleEnv.PUBLIC_BASE_URL.parse(undefined)): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Account Sentinel console API')
      .setDescription(
        `The analyst review API. Log in with POST /api/session; the ${SESSION_COOKIE} cookie carries the session, and every ` +
          `POST, PATCH and DELETE needs the ${CSRF_HEADER} header with the csrfToken that login and GET /api/session return.`,
      )
      .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
      .addServer('{publicBaseUrl}', 'the console, at PUBLIC_BASE_URL', {
        publicBaseUrl: { default: publicBaseUrl, description: 'PUBLIC_BASE_URL of the deployment' },
      })
      .addCookieAuth(SESSION_COOKIE)
      .addSecurityRequirements('cookie')
      .build(),
  );
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...responseComponents(), ...apiErrorComponents(apiErrorCodesOf('console')) },
  };
  completeOperations(app, document, {
    guardErrors(route, method) {
      if (route.public) return [];
      const codes: ApiErrorCode[] = ['NOT_AUTHENTICATED'];
      if (UNSAFE.has(method)) codes.push('CSRF_TOKEN_INVALID');
      const role = route.meta<AnalystRole>(MIN_ROLE);
      if (role && ROLE_RANK[role] > ROLE_RANK.analyst) codes.push('ROLE_REQUIRED');
      return codes;
    },
    complete(operation, route, method) {
      if (route.public || !UNSAFE.has(method)) return;
      operation.parameters = [
        ...(operation.parameters ?? []),
        { in: 'header', name: CSRF_HEADER, required: true, description: 'the csrfToken of the session, from POST or GET /api/session', schema: { type: 'string' } },
      ];
    },
  });
  return withSortedParameters(document);
}
