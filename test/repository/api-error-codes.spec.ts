import { API_ERROR_CODES, type ApiErrorCode } from '@sentinel/contracts';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../../scripts/lib/repo-root';

const ROOT = repoRoot();

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'web' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

type OpenApi = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

describe('the API error codes (libs/contracts API_ERROR_CODES)', () => {
  it('list every code the services answer with', () => {
    const answered = new Map<string, string>();
    for (const file of [...sources(join(ROOT, 'apps/gateway/src')), ...sources(join(ROOT, 'apps/console/src')), join(ROOT, 'libs/service-kit/src/bootstrap.ts')]) {
      // A thrown body's `error: 'CODE'`, a returned `fail('CODE', …)`, a guard's `refuse('CODE', …)`.
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:\berror: |\b(?:fail|refuse)\()'([A-Z][A-Z_]+)'/g)) answered.set(m[1], relative(ROOT, file));
    }
    const unlisted = [...answered].filter(([code]) => !Object.hasOwn(API_ERROR_CODES, code));
    expect(unlisted).toEqual([]);
    expect(answered.size).toBeGreaterThan(40);
  });

  it('are each documented on some operation of the OpenAPI document of their service', () => {
    const documented = (file: string) => {
      const text = readFileSync(join(ROOT, 'docs/contract', file), 'utf8');
      const document = JSON.parse(text) as OpenApi;
      return new Set(
        Object.values(document.paths)
          .flatMap((item) => Object.values(item))
          .flatMap((operation) => [...JSON.stringify(operation.responses).matchAll(/"([A-Z][A-Z_]+)"/g)].map((m) => m[1])),
      );
    };
    const inConsole = documented('console-openapi.json');
    const inGateway = documented('gateway-openapi.json');
    const undocumented = (Object.keys(API_ERROR_CODES) as ApiErrorCode[]).filter((code) => {
      const { api } = API_ERROR_CODES[code];
      return (api !== 'gateway' && !inConsole.has(code)) || (api !== 'console' && !inGateway.has(code));
    });
    expect(undocumented).toEqual([]);
  });
});
