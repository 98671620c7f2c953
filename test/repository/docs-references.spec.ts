import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { variables } from '../../scripts/config-docs/config-docs';
import { repoRoot } from '../../scripts/lib/repo-root';

const ROOT = repoRoot();
const DOCS = [
  join(ROOT, 'README.md'),
  ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join(ROOT, 'docs', f)),
];

/** Top-level folders and files whose paths a doc may name: anything under them must exist. */
const TRACKED_ROOTS =
  /^(apps|libs|scripts|test|docs|docker|infra)\/|^(package\.json|jest\.config\.js|nest-cli\.json|tsconfig[\w.]*\.json|redocly\.yaml|\.spectral\.yaml|\.dependency-cruiser\.cjs|\.env\.example|eslint\.config\.mjs|knip\.jsonc)$/;

/**
 * Variables the docs may name that no service validates, each for a reason. The services' own are
 * read from their zod schemas (`variables()`, as docs/configuration.md is), and what scripts and
 * tests read from the environment is found in their code (`scriptAndTestVariables`).
 */
const STANDARD_VARIABLES: Record<string, string> = {
  CI: 'set by every CI runner; the asyncapi CLI reads it (`npm run contract:lint`)',
  NODE_ENV: "Node's convention, named where the docs say the services do not depend on it",
  NODE_OPTIONS: "Node's own flags, e.g. a larger heap for the bench",
};

/** `a/{b,c}/d` as `a/b/d` and `a/c/d`. */
function expandBraces(path: string): string[] {
  const match = /\{([^{}]*)\}/.exec(path);
  if (!match) return [path];
  return match[1].split(',').flatMap((part) => expandBraces(path.slice(0, match.index) + part + path.slice(match.index + match[0].length)));
}

/** Inline code spans and fenced code blocks: where the docs name paths, scripts and variables. */
function codeOf(text: string): { code: string; line: number }[] {
  const spans: { code: string; line: number }[] = [];
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const fences = /^(```|~~~)[^\n]*\n([^]*?)^\1/gm;
  for (const m of text.matchAll(fences)) spans.push({ code: m[2], line: lineAt(m.index) });
  const prose = text.replace(fences, (block) => block.replace(/[^\n]/g, ' '));
  for (const m of prose.matchAll(/`([^`\n]+)`/g)) spans.push({ code: m[1], line: lineAt(m.index) });
  return spans;
}

/** Repository paths named in code spans, as written (line numbers and trailing slashes dropped). */
function namedPaths(text: string): { path: string; line: number }[] {
  const found: { path: string; line: number }[] = [];
  for (const { code, line } of codeOf(text)) {
    // A test path pattern (`--testPathPatterns test/fuzz`) is matched against paths, not one itself.
    for (const token of code.replace(/--testPathPatterns\s+\S+/g, '').split(/[\s()'"=,;]+(?![^{]*\})/)) {
      const path = token.replace(/:\d+$/, '').replace(/[.:]$/, '');
      // Globs, placeholders and patterns (`test/fuzz` in --testPathPatterns) are not one file.
      if (!TRACKED_ROOTS.test(path) || /[*<>$]/.test(path)) continue;
      found.push({ path, line });
    }
  }
  return found;
}

/** `npm run <script>`, `npm start` and `npm test`, anywhere in a doc. */
function namedScripts(text: string): { script: string; line: number }[] {
  return [...text.matchAll(/\bnpm (?:run(?:-script)? ([\w:.-]+)|(start|test)\b)/g)].map((m) => ({ script: m[1] ?? m[2], line: text.slice(0, m.index).split('\n').length }));
}

/** Environment variables: `NAME=value` in code, and a code span that is one CONSTANT_CASE name with an underscore. */
function namedVariables(text: string, codes: Set<string>): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  for (const { code, line } of codeOf(text)) {
    for (const m of code.matchAll(/(?:^|[\s;(])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|CI)=/g)) found.push({ name: m[1], line });
    const whole = /^\$?\{?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\}?$/.exec(code.trim());
    if (whole && !codes.has(whole[1])) found.push({ name: whole[1], line });
  }
  return found;
}

/** Every file under the given folders, `node_modules` and build output left out. */
function sources(...dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|js|cjs|mjs|sh)$/.test(f) && !f.includes('node_modules'))
      .map((f) => join(ROOT, dir, f)),
  );
}

/** Names the scripts, the test support and the shell scripts read from the environment. */
function scriptAndTestVariables(): Set<string> {
  const names = new Set<string>();
  for (const file of [...sources('scripts', 'test'), join(ROOT, 'jest.config.js'), join(ROOT, 'docker', 'compose.yml')]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g)) names.add(m[1] ?? m[2]);
    // The bench reads its settings through a helper: num('BENCH_EVENTS', 200_000).
    for (const m of text.matchAll(/\b(?:num|str|flag)\('([A-Z][A-Z0-9_]*)'/g)) names.add(m[1]);
    if (/\.(sh|yml)$/.test(file)) for (const m of text.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)) names.add(m[1]);
  }
  return names;
}

/** CONSTANT_CASE names the docs put in code spans that are not variables: error and dead-letter codes, and constants of the code. */
function knownCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of sources('libs', 'apps', 'scripts')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) codes.add(m[1]);
    for (const m of text.matchAll(/\bconst ([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/g)) codes.add(m[1]);
  }
  return codes;
}

const doc = (file: string) => [relative(ROOT, file), readFileSync(file, 'utf8')] as const;

describe('what README.md and docs/ name exists', () => {
  const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
  const validated = new Set(variables().map((v) => v.name));
  const readByScripts = scriptAndTestVariables();
  const codes = knownCodes();
  const known = (name: string) => validated.has(name) || readByScripts.has(name) || name in STANDARD_VARIABLES;

  it('reads every doc, the nested ones too', () => {
    expect(DOCS.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['README.md', 'docs/testing.md', 'docs/benchmarks/history.md']));
  });

  it.each(DOCS.map(doc))('%s: every repository path it names exists', (_, text) => {
    const missing = namedPaths(text)
      .flatMap(({ path, line }) => expandBraces(path).map((p) => ({ path: p, line })))
      .filter(({ path }) => !existsSync(join(ROOT, path)))
      .map(({ path, line }) => `line ${line}: ${path}`);
    expect(missing).toEqual([]);
  });

  it.each(DOCS.map(doc))('%s: every npm script it names is in package.json', (_, text) => {
    const missing = namedScripts(text)
      .filter(({ script }) => !scripts.includes(script))
      .map(({ script, line }) => `line ${line}: npm run ${script}`);
    expect(missing).toEqual([]);
  });

  it.each(DOCS.map(doc))('%s: every environment variable it names is validated or read somewhere', (_, text) => {
    const missing = namedVariables(text, codes)
      .filter(({ name }) => !known(name))
      .map(({ name, line }) => `line ${line}: ${name}`);
    expect(missing).toEqual([]);
  });

  it('knows a missing path, script and variable when it sees one', () => {
    const drift = 'Run `npm run no-such-script`, read `libs/persistence/src/no-such-file.ts` and set `NO_SUCH_VARIABLE`:\n\n```sh\nNO_SUCH_SETTING=1 npm start\n```\n';
    expect(namedPaths(drift).filter(({ path }) => !existsSync(join(ROOT, path)))).toEqual([{ path: 'libs/persistence/src/no-such-file.ts', line: 1 }]);
    expect(namedScripts(drift).filter(({ script }) => !scripts.includes(script))).toEqual([{ script: 'no-such-script', line: 1 }]);
    expect(
      namedVariables(drift, codes)
        .filter(({ name }) => !known(name))
        .map(({ name }) => name),
    ).toEqual(['NO_SUCH_SETTING', 'NO_SUCH_VARIABLE']);
  });

  it('keeps its allow-list to variables no schema or script reads', () => {
    expect(Object.keys(STANDARD_VARIABLES).filter((name) => validated.has(name) || readByScripts.has(name))).toEqual([]);
  });
});
