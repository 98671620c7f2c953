import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Each architecture rule in .dependency-cruiser.cjs, caught in the act: the real depcruise runs
 * with the project's config over a small tree of made-up modules laid out like ours, in which every
 * import marked "breaks" breaks one rule and every other import is one the rules allow.
 */
const ROOT = join(__dirname, '..', '..');

const tree: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      baseUrl: '.',
      paths: { '@sentinel/contracts': ['libs/contracts/src'], '@sentinel/rules': ['libs/rules/src'], '@sentinel/persistence': ['libs/persistence/src'] },
    },
  }),
  'apps/alpha/src/main.ts': [
    `import '@sentinel/contracts';`,
    `import './own';`,
    `import '../../beta/src/beta'; // breaks no-app-to-app`,
    `import '../../../scripts/tool'; // breaks apps-import-libs-only`,
  ].join('\n'),
  'apps/alpha/src/own.ts': [
    `import '@sentinel/persistence';`,
    `import 'typeorm'; // breaks apps-no-sql`,
    `import '@nestjs/typeorm'; // breaks apps-no-sql`,
    `import 'pg'; // breaks apps-no-sql`,
    `export const own = 1;`,
  ].join('\n'),
  'apps/alpha/src/own.int-spec.ts': [`import '../../../test/support/helper';`, `import 'typeorm';`].join('\n'),
  'apps/alpha/src/own.test-kit.ts': `import 'typeorm';`,
  'apps/beta/src/beta.ts': `export const beta = 1;`,
  'scripts/tool.ts': `export const tool = 1;`,
  'test/support/helper.ts': `export const helper = 1;`,
  'libs/contracts/src/index.ts': [`import 'zod';`, `import '@sentinel/persistence'; // breaks contracts-import-no-lib`].join('\n'),
  'libs/rules/src/index.ts': [
    `import '@sentinel/contracts';`,
    `import 'node:crypto';`,
    `import './evolve';`,
    `import '@sentinel/persistence'; // breaks rules-import-only-contracts`,
    `import '@nestjs/common'; // breaks rules-no-frameworks`,
    `import 'typeorm'; // breaks rules-no-frameworks`,
    `import 'node:fs'; // breaks rules-no-io`,
    `import * as http from 'http'; // breaks rules-no-io`,
    `export const server = http;`,
    `import '../../../apps/beta/src/beta'; // breaks rules-import-only-contracts and libs-import-no-app`,
  ].join('\n'),
  'libs/rules/src/evolve.ts': `export const evolve = 1;`,
  'libs/rules/src/evolve.spec.ts': `import '../../../test/support/helper';`,
  'libs/persistence/src/index.ts': `export const persistence = 1;`,
  'libs/persistence/src/repositories/events.repository.ts': `export const events = 1;`,
  'libs/persistence/src/migrations/1700000000000-Frozen.ts': [
    `import type { MigrationInterface } from 'typeorm';`,
    `import './1700000000001-Later';`,
    `import type { Rule } from '@sentinel/rules'; // breaks migrations-import-no-runtime-code`,
    `import '../repositories/events.repository'; // breaks migrations-import-no-runtime-code`,
    `export async function down(): Promise<MigrationInterface | Rule> {`,
    `  return import('@sentinel/contracts'); // breaks migrations-import-no-runtime-code`,
    `}`,
  ].join('\n'),
  'libs/persistence/src/migrations/1700000000001-Later.ts': `export const later = 1;`,
  'libs/persistence/src/migrations/1764500000000-StateSnapshots.ts': `export const down = () => import('@sentinel/rules');`,
  'libs/service-kit/src/left.ts': `import './right'; // breaks no-circular`,
  'libs/service-kit/src/right.ts': `import './left'; // breaks no-circular`,
  'libs/service-kit/src/typo.ts': `import './lfet'; // breaks not-to-unresolvable`,
};

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function cruise(): Violation[] {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-depcruise-'));
  try {
    for (const [path, text] of Object.entries(tree)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const bin = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
    const run = spawnSync(process.execPath, [bin, '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json', 'apps', 'libs', 'scripts', 'test'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (!run.stdout) throw new Error(`depcruise printed nothing: ${run.stderr}`);
    return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the architecture rules (.dependency-cruiser.cjs)', () => {
  const violations = cruise();
  // A package is named by its name: where its files resolve to depends on the machine.
  const named = (to: string) => to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, 'npm:$1');
  const found = violations.map((v) => `${v.rule.name}: ${v.from} -> ${named(v.to)}`).sort();

  it('catch exactly the imports that break them, and allow the rest', () => {
    expect(found).toEqual(
      [
        'no-app-to-app: apps/alpha/src/main.ts -> apps/beta/src/beta.ts',
        'apps-import-libs-only: apps/alpha/src/main.ts -> scripts/tool.ts',
        'apps-no-sql: apps/alpha/src/own.ts -> npm:typeorm',
        'apps-no-sql: apps/alpha/src/own.ts -> npm:@nestjs/typeorm',
        'apps-no-sql: apps/alpha/src/own.ts -> npm:pg',
        'contracts-import-no-lib: libs/contracts/src/index.ts -> libs/persistence/src/index.ts',
        'rules-import-only-contracts: libs/rules/src/index.ts -> libs/persistence/src/index.ts',
        'rules-import-only-contracts: libs/rules/src/index.ts -> apps/beta/src/beta.ts',
        'libs-import-no-app: libs/rules/src/index.ts -> apps/beta/src/beta.ts',
        'rules-no-frameworks: libs/rules/src/index.ts -> npm:@nestjs/common',
        'rules-no-frameworks: libs/rules/src/index.ts -> npm:typeorm',
        'rules-no-io: libs/rules/src/index.ts -> fs',
        'rules-no-io: libs/rules/src/index.ts -> http',
        'migrations-import-no-runtime-code: libs/persistence/src/migrations/1700000000000-Frozen.ts -> libs/rules/src/index.ts',
        'migrations-import-no-runtime-code: libs/persistence/src/migrations/1700000000000-Frozen.ts -> libs/persistence/src/repositories/events.repository.ts',
        'migrations-import-no-runtime-code: libs/persistence/src/migrations/1700000000000-Frozen.ts -> libs/contracts/src/index.ts',
        // One finding per cycle, at the module it was first met from.
        'no-circular: libs/service-kit/src/left.ts -> libs/service-kit/src/right.ts',
        'not-to-unresolvable: libs/service-kit/src/typo.ts -> ./lfet',
      ].sort(),
    );
  });

  it('resolve the @sentinel/* aliases through tsconfig paths, so an aliased import is judged like a relative one', () => {
    expect(found).toContain('contracts-import-no-lib: libs/contracts/src/index.ts -> libs/persistence/src/index.ts');
  });
});
