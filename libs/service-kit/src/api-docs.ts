import type { INestApplication } from '@nestjs/common';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';

/**
 * Serves an OpenAPI document at /docs (Swagger UI) and /docs/openapi.json. Swagger UI styles its
 * page inline, so /docs alone gets 'unsafe-inline' styles: the docs show the API's shape and no one's data.
 */
export function serveApiDocs(app: INestApplication, document: OpenAPIObject): void {
  const allowInlineStyles = (res: ServerResponse) => {
    const policy = res.getHeader('content-security-policy');
    if (typeof policy === 'string') res.setHeader('content-security-policy', policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));
  };
  const adapter = app.getHttpAdapter();
  if (adapter.getType() === 'fastify') {
    // After the hook that set the headers on the raw response (libs/service-kit/src/fastify-app.ts).
    (adapter.getInstance() as FastifyInstance).addHook('onRequest', (request, reply, done) => {
      if (request.url === '/docs' || request.url.startsWith('/docs/')) allowInlineStyles(reply.raw);
      done();
    });
  } else {
    app.use('/docs', (_req: Request, res: Response, next: NextFunction) => {
      allowInlineStyles(res);
      next();
    });
  }
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

/**
 * Nest lists a route's parameters in the order its decorator metadata gives them, which differs
 * between compilers (tsc for the services, swc under Jest); their order means nothing in OpenAPI.
 */
export function withSortedParameters(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      const parameters = (operation as { parameters?: { in: string; name: string }[] }).parameters;
      parameters?.sort((a, b) => (`${a.in} ${a.name}` < `${b.in} ${b.name}` ? -1 : 1));
    }
  }
  return document;
}
