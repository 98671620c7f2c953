import { bootstrap, serveApiDocs } from '@sentinel/service-kit';
import cookieParser from 'cookie-parser';
import { join } from 'node:path';
import { consoleOpenApiDocument } from './console-openapi';
import { loadConsoleConfig } from './console.config';
import { ConsoleModule } from './console.module';

void bootstrap({
  load: loadConsoleConfig,
  module: (config) => ConsoleModule.forRoot(config),
  // The notice page's form continues to the platform's re-verification, on its own origin.
  formActions: (config) => (config.reverifyUrl ? [new URL(config.reverifyUrl).origin] : []),
  configure: (app, config) => {
    app.use(cookieParser());
    // The analyst UI (built by Vite) and the verify page's stylesheet sit beside the compiled app.
    app.useStaticAssets(join(__dirname, '..', 'ui'), { index: 'index.html', maxAge: '5m' });
    app.useStaticAssets(join(__dirname, '..', 'public'), { maxAge: '5m' });
    app.setBaseViewsDir(join(__dirname, '..', 'views'));
    app.setViewEngine('hbs');
    // The verify page's form posts url-encoded; nothing else reads such bodies.
    app.useBodyParser('urlencoded', { extended: false, limit: '4kb' });
    serveApiDocs(app, consoleOpenApiDocument(app, config.publicBaseUrl));
  },
});
