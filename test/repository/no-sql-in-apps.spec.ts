import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/repo-root';

/**
 * The apps read and write Postgres through the ports of libs/persistence (#26). depcruise's
 * apps-no-sql rule keeps TypeORM and pg imports out of apps/; this finds what an import rule
 * cannot see: a `.query(` on a handle the app was given. Tests and test kits may query directly.
 */
const ROOT = repoRoot();
const TEST_FILE = /\.(spec|int-spec|e2e-spec|test-kit)\.ts$/;

/** `.query(` and `.query<T>(` calls, and TypeORM's repository and transaction handles, in one app source file. */
const SQL = /\.query\s*(<[^>]*>)?\s*\(|\.getRepository\s*\(|\.createQueryBuilder\s*\(/;

function appSources(): string[] {
  return readdirSync(join(ROOT, 'apps'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !TEST_FILE.test(f) && !f.includes('node_modules') && !/\/web\//.test(f) && !/\/migrations\//.test(f))
    .map((f) => `apps/${f}`)
    .sort();
}

describe('the apps hold no SQL of their own', () => {
  const withSql = appSources().filter((file) => SQL.test(readFileSync(join(ROOT, file), 'utf8')));

  it('no app source file runs a query or opens a TypeORM repository: its SQL belongs in a port of libs/persistence', () => {
    expect(withSql).toEqual([]);
  });
});
