import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { bootstrap } from '@sentinel/platform';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import { join } from 'node:path';
import { CSRF_HEADER, SESSION_COOKIE } from './auth/session.cookie';
import { loadConsoleConfig } from './console.config';
import { ConsoleModule } from './console.module';

void bootstrap({
  load: loadConsoleConfig,
  module: (config) => ConsoleModule.forRoot(config),
  // The notice page's form continues to the platform's re-verification, on its own origin.
  formActions: (config) => (config.reverifyUrl ? [new URL(config.reverifyUrl).origin] : []),
  configure: (app) => {
    app.use(cookieParser());
    // Swagger UI styles its page inline; the docs show the API's shape and no one's data.
    app.use('/docs', (_req: Request, res: Response, next: NextFunction) => {
      const policy = res.getHeader('content-security-policy');
      if (typeof policy === 'string') res.setHeader('content-security-policy', policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));
      next();
    });
    // The analyst UI (built by Vite) and the verify page's stylesheet sit beside the compiled app.
    app.useStaticAssets(join(__dirname, '..', 'ui'), { index: 'index.html', maxAge: '5m' });
    app.useStaticAssets(join(__dirname, '..', 'public'), { maxAge: '5m' });
    app.setBaseViewsDir(join(__dirname, '..', 'views'));
    app.setViewEngine('hbs');
    // The verify page's form posts url-encoded; nothing else reads such bodies.
    app.useBodyParser('urlencoded', { extended: false, limit: '4kb' });
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
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  },
});
