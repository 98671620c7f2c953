import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/repo-root';
import { CONSOLE_SCREENS } from './console-screens';

const ROOT = repoRoot();
const IMAGES = join(ROOT, 'docs', 'images', 'console');
/** A clone should not grow by megabytes of pictures: shrunk screenshots are well under this. */
const MAX_KB = 400;
const shown = (file: string, prefix: string) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(new RegExp(`\\]\\(${prefix}([\\w-]+)\\.png\\)`, 'g'))].map((m) => m[1]);

/** The documents show what `npm run docs:screens` copies, and the folder holds nothing else. */
describe('the console screens in the documents', () => {
  const targets = CONSOLE_SCREENS.map((s) => s.target);

  it('names each screen once', () => {
    expect(new Set(targets).size).toBe(targets.length);
    expect(new Set(CONSOLE_SCREENS.map((s) => s.source)).size).toBe(targets.length);
  });

  it('shows every copied screen in docs/console.md, and only copied screens there and in the README', () => {
    const inGuide = shown('docs/console.md', 'images/console/');
    expect([...new Set(inGuide)].sort()).toEqual([...targets].sort());
    expect(targets).toEqual(expect.arrayContaining(shown('README.md', 'docs/images/console/')));
  });

  it('keeps in docs/images/console exactly the copied screens, each a modest size', () => {
    expect(existsSync(IMAGES)).toBe(true);
    const files = readdirSync(IMAGES);
    expect(files.sort()).toEqual(targets.map((t) => `${t}.png`).sort());
    const large = files.map((file) => ({ file, kb: Math.ceil(readFileSync(join(IMAGES, file)).length / 1024) })).filter(({ kb }) => kb > MAX_KB);
    expect(large).toEqual([]);
  });
});
