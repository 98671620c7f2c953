// Copies files the compiled apps serve (the console's page) next to them in dist/.
const { cpSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
cpSync(join(root, 'apps/console/public'), join(root, 'dist/apps/console/public'), { recursive: true });
