import { bootstrap } from '@sentinel/platform';
import { join } from 'node:path';
import { loadConsoleConfig } from './console.config';
import { ConsoleModule } from './console.module';

void bootstrap({
  load: loadConsoleConfig,
  module: ConsoleModule.forRoot,
  configure: (app) => {
    // Pages and views sit beside the compiled app (copied by `npm run build`) and the sources.
    app.useStaticAssets(join(__dirname, '..', 'public'), { index: 'index.html', maxAge: '5m' });
    app.setBaseViewsDir(join(__dirname, '..', 'views'));
    app.setViewEngine('hbs');
    // The verify page's form posts url-encoded; nothing else reads such bodies.
    app.useBodyParser('urlencoded', { extended: false, limit: '4kb' });
  },
});
