import { API_ERROR_CODES, type ApiErrorCode } from '@sentinel/contracts';
import { BODY_METHODS } from '@sentinel/service-kit/api-errors.openapi';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../../scripts/lib/repo-root';

const ROOT = repoRoot();
/** Where refusals are written: the two HTTP services and the platform they share. */
const SOURCES = ['apps/console/src', 'apps/gateway/src', 'libs/service-kit/src'].map((dir) => join(ROOT, dir));
const HTTP_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'Sse']);
/** Route decorators that run code of ours before the handler; the others only describe the route. */
const RUNNING_DECORATORS = new Set(['UseGuards', 'UseFilters', 'UsePipes']);

/**
 * The console's SessionGuard runs on every route that is not public, global (APP_GUARD), and what
 * it refuses depends on the method and the route's role: the document's guardErrors rule says
 * which, and the e2e suites provoke each. The static walk leaves it out and allows its codes.
 */
const GLOBAL_GUARD_CODES: Record<string, ApiErrorCode[]> = { console: ['NOT_AUTHENTICATED', 'CSRF_TOKEN_INVALID', 'ROLE_REQUIRED'], gateway: [] };

/**
 * Every request with a JSON body passes the platform's body parser and its `__proto__` check
 * (bootstrap.ts) before any route: INVALID_BODY on any method that takes a body.
 */
const BODY_CODES: ApiErrorCode[] = ['INVALID_BODY'];

/**
 * Where a refusal returned as a value becomes the route's answer: what these are given (a result,
 * or its error) names the codes in its type. A result that never reaches one (a bulk action lists
 * each case's refusal in its 200; "next case" skips a case it lost) is no answer of the route.
 */
const ANSWERING = new Set(['unwrap', 'httpErrorOf']);
/** Builds a refusal as a value: its code counts where the value is answered, by its type, not where it is built. */
const FAILING = new Set(['fail']);
/** The one mapping to HTTP (api-refusal.ts): what it is handed is read here, its own body answers for no route. */
const MAPPING = new Set([...ANSWERING, 'refuse']);

type Operation = { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
type Documented = { service: string; method: string; codes: Set<ApiErrorCode>; operation: Operation };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

const isCode = (text: string): text is ApiErrorCode => Object.hasOwn(API_ERROR_CODES, text);
const inSources = (file: string) => SOURCES.some((dir) => file.startsWith(`${dir}/`)) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(file);
const decoratorName = (decorator: ts.Decorator) => {
  const call = decorator.expression;
  return ts.isCallExpression(call) && ts.isIdentifier(call.expression) ? call.expression.text : undefined;
};

/**
 * The error codes each route can answer with, read from the code: every `error: 'CODE'` and every
 * code passed to a call (`new ZodPipe(schema, 'INVALID_QUERY')`, `refuse('NOT_AUTHENTICATED', …)`)
 * in the handler, its parameters' pipes, its guards and filters, and in whatever of ours they call,
 * followed through the type checker; and the codes in the type of every result the route unwraps.
 */
function answeredByRoute(program: ts.Program): Map<string, { service: string; codes: Set<ApiErrorCode> }> {
  const checker = program.getTypeChecker();
  const routes = new Map<string, { service: string; codes: Set<ApiErrorCode> }>();

  const declarationsOf = (node: ts.Node): ts.Declaration[] => {
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return (symbol?.declarations ?? []).filter((d) => inSources(d.getSourceFile().fileName));
  };
  const callee = (call: ts.CallExpression | ts.NewExpression) => (ts.isIdentifier(call.expression) ? call.expression.text : undefined);
  const literals = (type: ts.Type) => (type.isUnion() ? type.types : [type]).flatMap((t) => (t.isStringLiteral() && isCode(t.value) ? [t.value] : []));
  /** The codes a result or an ApiError can hold: its `code`, or its `error`'s, across a union. */
  const codesOfType = (type: ts.Type, nested = false): ApiErrorCode[] =>
    (type.isUnion() ? type.types : [type]).flatMap((member) => {
      const code = member.getProperty('code');
      if (code) return literals(checker.getTypeOfSymbol(code));
      const error = member.getProperty('error');
      return error && !nested ? codesOfType(checker.getTypeOfSymbol(error), true) : [];
    });

  function collect(root: ts.Node, codes: Set<ApiErrorCode>, seen: Set<ts.Node>): void {
    const follow = (declaration: ts.Declaration, givenArgs: number) => {
      if (ts.isClassDeclaration(declaration)) {
        // A pipe, guard or filter of ours: defaults of its constructor that the call leaves out, and what its methods refuse.
        for (const member of declaration.members) {
          if (ts.isConstructorDeclaration(member)) {
            member.parameters.slice(givenArgs).forEach((p) => p.initializer && ts.isStringLiteral(p.initializer) && isCode(p.initializer.text) && codes.add(p.initializer.text));
          } else if (ts.isMethodDeclaration(member) && member.body && !seen.has(member)) {
            seen.add(member);
            collect(member.body, codes, seen);
          }
        }
      } else if (ts.isVariableDeclaration(declaration) && declaration.initializer && !seen.has(declaration)) {
        seen.add(declaration);
        collect(declaration.initializer, codes, seen);
      } else if (ts.isFunctionLike(declaration) && 'body' in declaration && declaration.body && !seen.has(declaration)) {
        seen.add(declaration);
        collect(declaration.body, codes, seen);
      }
    };
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAssignment(node) && node.name.getText() === 'error' && ts.isStringLiteral(node.initializer) && isCode(node.initializer.text))
        codes.add(node.initializer.text);
      if (ts.isCallExpression(node) && ANSWERING.has(callee(node) ?? '')) {
        for (const code of codesOfType(checker.getTypeAtLocation(node.arguments[0]))) codes.add(code);
      }
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && !FAILING.has(callee(node) ?? '')) {
        for (const arg of node.arguments ?? []) if (ts.isStringLiteral(arg) && isCode(arg.text)) codes.add(arg.text);
        if (!MAPPING.has(callee(node) ?? '')) for (const declaration of declarationsOf(node.expression)) follow(declaration, node.arguments?.length ?? 0);
        // A guard or filter class handed to UseGuards/UseFilters runs too.
        if (ts.isIdentifier(node.expression) && RUNNING_DECORATORS.has(node.expression.text)) {
          for (const arg of node.arguments ?? []) for (const declaration of declarationsOf(arg)) follow(declaration, 0);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(root);
  }

  for (const file of program.getSourceFiles()) {
    if (!inSources(file.fileName)) continue;
    const service = relative(ROOT, file.fileName).split('/')[1];
    for (const statement of file.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name) continue;
      const classDecorators = ts.getDecorators(statement) ?? [];
      if (!classDecorators.some((d) => decoratorName(d) === 'Controller')) continue;
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member)) continue;
        const decorators = ts.getDecorators(member) ?? [];
        if (!decorators.some((d) => HTTP_METHODS.has(decoratorName(d) ?? ''))) continue;
        const codes = new Set<ApiErrorCode>();
        const seen = new Set<ts.Node>();
        for (const decorator of [...classDecorators, ...decorators]) if (RUNNING_DECORATORS.has(decoratorName(decorator) ?? '')) collect(decorator, codes, seen);
        for (const parameter of member.parameters) collect(parameter, codes, seen);
        if (member.body) collect(member.body, codes, seen);
        routes.set(`${statement.name.text}_${member.name.getText()}`, { service: file.fileName.includes('/libs/') ? 'both' : service, codes });
      }
    }
  }
  return routes;
}

/** Each operation's documented codes, by operationId, from the checked-in documents (the published-files spec keeps them generated). */
function documented(): Map<string, Documented[]> {
  const byId = new Map<string, Documented[]>();
  for (const service of ['console', 'gateway']) {
    const document = JSON.parse(readFileSync(join(ROOT, `docs/contract/${service}-openapi.json`), 'utf8')) as OpenApi;
    for (const item of Object.values(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const codes = new Set([...JSON.stringify(operation.responses).matchAll(/"([A-Z][A-Z_]+)"/g)].map((m) => m[1]).filter(isCode));
        byId.set(operation.operationId, [...(byId.get(operation.operationId) ?? []), { service, method, codes, operation }]);
      }
    }
  }
  return byId;
}

describe("each route's documented errors (docs/contract/*-openapi.json) against what its code answers", () => {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const controllers = config.fileNames.filter((file) => inSources(file) && file.endsWith('.controller.ts'));
  const program = ts.createProgram(controllers, { ...config.options, incremental: false, noEmit: true });
  const answered = answeredByRoute(program);
  const documents = documented();

  it('finds every operation of both documents among the controllers', () => {
    expect(answered.size).toBeGreaterThan(50);
    expect([...documents.keys()].filter((id) => !answered.has(id))).toEqual([]);
  });

  it('documents every code a route can answer with', () => {
    const undocumented = [...answered].flatMap(([id, { codes }]) =>
      (documents.get(id) ?? []).flatMap(({ service, codes: listed }) => [...codes].filter((code) => !listed.has(code)).map((code) => `${service} ${id}: ${code}`)),
    );
    expect(undocumented).toEqual([]);
  });

  it('documents no code a route cannot answer with', () => {
    const unanswered = [...answered].flatMap(([id, { codes }]) =>
      (documents.get(id) ?? []).flatMap(({ service, method, codes: listed }) =>
        [...listed]
          .filter((code) => !codes.has(code) && !GLOBAL_GUARD_CODES[service].includes(code) && !(BODY_METHODS.has(method) && BODY_CODES.includes(code)))
          .map((code) => `${service} ${id}: ${code}`),
      ),
    );
    expect(unanswered).toEqual([]);
  });

  it("documents the body parser's refusals on every operation that takes a body: 400 and 413", () => {
    const missing = [...documents.values()].flat().flatMap(({ service, method, operation }) => {
      if (!BODY_METHODS.has(method)) return [];
      const refusals = (status: string) => JSON.stringify(operation.responses[status]?.content?.['application/json']?.schema ?? null);
      return [
        ...(refusals('400').includes('"INVALID_BODY"') && refusals('400').includes('"Bad Request"') ? [] : [`${service} ${operation.operationId}: 400`]),
        ...(refusals('413').includes('"Payload Too Large"') ? [] : [`${service} ${operation.operationId}: 413`]),
      ];
    });
    expect(missing).toEqual([]);
  });

  it('finds the refusals written in services, pipes and guards, not only in handlers', () => {
    // The walk's own check: codes that only a service, a pipe's default or a guard of the route writes.
    expect([...answered.get('CasesController_claim')!.codes]).toEqual(expect.arrayContaining(['INVALID_ID', 'CASE_NOT_FOUND', 'CASE_HELD']));
    expect([...answered.get('SessionController_login')!.codes].sort()).toEqual(['INVALID_BODY', 'INVALID_CREDENTIALS', 'TOO_MANY_ATTEMPTS']);
    expect([...answered.get('EventsController_accept')!.codes]).toEqual(expect.arrayContaining(['INVALID_API_KEY', 'MISSING_SCOPE', 'EMPTY_BATCH']));
    const bulk = [...answered.get('CaseWorkController_apply')!.codes];
    expect({ own: bulk.includes('ROLE_REQUIRED'), perCase: bulk.includes('CASE_HELD') }).toEqual({ own: true, perCase: false });
  });

  it('says when to try again on every 429: the retry-after header, and retryAfterSeconds in a JSON body', () => {
    type Response = { headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> };
    const without = [...documents.values()].flat().flatMap(({ service, operation }) => {
      const response = operation.responses['429'] as Response | undefined;
      if (!response) return [];
      const json = response.content?.['application/json'];
      const ok = Boolean(response.headers?.['retry-after']) && (!json || JSON.stringify(json.schema).includes('"retryAfterSeconds"'));
      return ok ? [] : [`${service} ${operation.operationId}`];
    });
    expect(without).toEqual([]);
    expect([...documents.values()].flat().filter(({ operation }) => operation.responses['429']).length).toBeGreaterThanOrEqual(4);
  });
});
