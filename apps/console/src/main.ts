import { bootstrap } from '@sentinel/platform';
import { join } from 'node:path';
import { loadConsoleConfig } from './console.config';
import { ConsoleModule } from './console.module';

void bootstrap({
  load: loadConsoleConfig,
  module: ConsoleModule.forRoot,
  configure: (app) => {
    // The page's files sit beside the compiled app (copied by `npm run build`) and the sources.
    app.useStaticAssets(join(__dirname, '..', 'public'), { index: 'index.html', maxAge: '5m' });
  },
});
