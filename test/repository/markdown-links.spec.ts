import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from '../../scripts/lib/repo-root';

const ROOT = repoRoot();
const DOCS = [
  join(ROOT, 'README.md'),
  ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join(ROOT, 'docs', f)),
];

/** Written by the contract work of issue 15 on its own branch: checked like any other once it is here. */
const ARRIVING = new Set(['docs/contract.md']);

/** Markdown without its fenced code blocks and inline code, where brackets are not links. */
const prose = (text: string) => text.replace(/^(```|~~~)[^]*?^\1/gm, '').replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = heading.replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n ? `${base}-${n}` : base);
  }
  return result;
}

function links(file: string): { target: string; line: number }[] {
  const text = prose(readFileSync(file, 'utf8'));
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({ target: m[1], line: text.slice(0, m.index).split('\n').length }));
}

describe('links in README.md and docs/', () => {
  it('finds the documents', () => {
    expect(DOCS.map((f) => relative(ROOT, f))).toEqual(
      expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/configuration.md', 'docs/operations.md', 'docs/benchmarks/history.md']),
    );
  });

  it.each(DOCS.map((f) => [relative(ROOT, f), f]))('%s: every relative link reaches a file, and every anchor a heading', (_, file) => {
    const broken: string[] = [];
    for (const { target, line } of links(file)) {
      if (/^[a-z]+:/i.test(target)) continue; // http:, https:, mailto:
      const [path, anchor] = target.split('#');
      const destination = path ? resolve(dirname(file), decodeURI(path)) : file;
      const name = relative(ROOT, destination);
      if (!existsSync(destination)) {
        if (!ARRIVING.has(name)) broken.push(`line ${line}: ${target} (no such file)`);
        continue;
      }
      if (anchor && statSync(destination).isFile() && destination.endsWith('.md') && !anchors(destination).has(anchor)) {
        broken.push(`line ${line}: ${target} (no heading #${anchor} in ${name})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('knows a broken link and a broken anchor when it sees one', () => {
    const file = join(ROOT, 'README.md');
    expect(anchors(file).has('analyst-console')).toBe(true);
    expect(anchors(file).has('no-such-heading')).toBe(false);
    expect(links(file).some((l) => l.target === 'docs/operations.md')).toBe(true);
  });
});
