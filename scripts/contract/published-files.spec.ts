import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/repo-root';
import { GENERATED_DIRS, publishedFiles } from './published-files';

// The checked-in contract is what producers, consumers and the UI build against: CI fails when it
// no longer matches the code.
describe('the published contract in the tree', () => {
  const root = repoRoot();
  let files: Record<string, string>;
  beforeAll(async () => {
    files = await publishedFiles();
  }, 60_000);

  it('matches what the code generates (run npm run contract when it does not)', () => {
    const stale = Object.entries(files)
      .filter(([path, text]) => !existsSync(join(root, path)) || readFileSync(join(root, path), 'utf8') !== text)
      .map(([path]) => path);
    expect({ stale, fix: stale.length ? 'run npm run contract and commit the result' : 'none' }).toEqual({ stale: [], fix: 'none' });
  });

  it('holds no file the code no longer generates (run npm run contract to remove it)', () => {
    const extra = GENERATED_DIRS.flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(dir, name))).filter((path) => !(path in files));
    expect({ extra, fix: extra.length ? 'run npm run contract and commit the result' : 'none' }).toEqual({ extra: [], fix: 'none' });
  });
});
