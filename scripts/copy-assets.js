// Copies files the compiled apps serve (the console's page and views) next to them in dist/.
const { cpSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
for (const dir of ['public', 'views']) {
  cpSync(join(root, 'apps/console', dir), join(root, 'dist/apps/console', dir), { recursive: true });
}
