// `npm run docs:config`: writes docs/configuration.md and .env.example from the services' schemas.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/repo-root';
import { configurationMarkdown, envExample } from './config-docs';

const root = repoRoot();
writeFileSync(join(root, 'docs', 'configuration.md'), configurationMarkdown());
writeFileSync(join(root, '.env.example'), envExample());
process.stdout.write('wrote docs/configuration.md and .env.example\n');
