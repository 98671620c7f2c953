import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../../scripts/lib/repo-root';

const ROOT = repoRoot();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Everything the production image runs: the services and the libs (migrations included). */
function productionSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // The console's web UI is bundled by vite at build time; the image serves the bundle.
    if (entry.isDirectory()) return entry.name === 'web' || entry.name === 'node_modules' ? [] : productionSources(path);
    return /\.ts$/.test(entry.name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Module specifiers that survive compilation: type-only imports are erased. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = ts.isImportDeclaration(node) ? node.importClause : undefined;
      const typeOnly = ts.isImportDeclaration(node)
        ? !!clause &&
          (clause.isTypeOnly ||
            (!clause.name &&
              !!clause.namedBindings &&
              ts.isNamedImports(clause.namedBindings) &&
              clause.namedBindings.elements.length > 0 &&
              clause.namedBindings.elements.every((e) => e.isTypeOnly)))
        : node.isTypeOnly;
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) found.push(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const packageOf = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2) : specifier.split('/').slice(0, 1)).join('/');

/** The Dockerfile prunes dev dependencies: a service importing one would fail to start in the image. */
describe('production dependencies', () => {
  const sources = [...productionSources(join(ROOT, 'apps')), ...productionSources(join(ROOT, 'libs'))];

  it('finds the services and libs', () => {
    expect(sources.length).toBeGreaterThan(50);
  });

  it('services and libs import only packages listed in dependencies', () => {
    const offenders: string[] = [];
    for (const file of sources) {
      for (const specifier of runtimeImports(file)) {
        if (specifier.startsWith('.') || specifier.startsWith('@sentinel/') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
        const name = packageOf(specifier);
        if (!pkg.dependencies[name]) offenders.push(`${relative(ROOT, file)} imports ${name}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps the mail catcher and its SMTP server and mail parser out of them', () => {
    expect(pkg.dependencies).not.toHaveProperty('smtp-server');
    expect(pkg.dependencies).not.toHaveProperty('mailparser');
    expect(pkg.devDependencies).toHaveProperty('smtp-server');
    expect(pkg.devDependencies).toHaveProperty('mailparser');
  });
});
