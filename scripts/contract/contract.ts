// `npm run contract`: writes the published contract (JSON Schemas, AsyncAPI, the OpenAPI documents
// and the console UI's types generated from them) into the tree, to be committed with the change.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../lib/repo-root';
import { GENERATED_DIRS, publishedFiles } from './published-files';

const USAGE = `usage: npm run contract
Writes docs/contract/ (message JSON Schemas, the AsyncAPI document, the gateway's and the console's OpenAPI
documents) and the console UI's API types from the code. A unit test fails while the files in the tree differ.`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h', default: false } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const root = repoRoot();
  const files = await publishedFiles();
  for (const dir of GENERATED_DIRS) {
    for (const name of readdirSafe(join(root, dir))) if (!(join(dir, name) in files)) rmSync(join(root, dir, name));
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  process.stdout.write(`wrote ${Object.keys(files).length} files\n`);
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`contract: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
