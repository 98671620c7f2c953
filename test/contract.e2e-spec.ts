import { isolatedPrefix, onboarded, PipelineHarness, pollUntil, relativeTo, takeover, TEST_ADMIN } from '@sentinel/testing';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../scripts/lib/repo-root';
import { anEvent } from './support/account-events';
import { SmtpSink } from './support/smtp-sink';

const API_KEY = 'contract-key-0123456789abcdef01';
const checkedIn = (path: string) => readFileSync(join(repoRoot(), 'docs/contract', path), 'utf8');

type OpenApi = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  components: { schemas: Record<string, object> };
};

/**
 * An ajv validator for one documented response (for an event stream: each event's data), with the
 * components it refers to beside it so that its $refs resolve.
 */
function responseValidator(document: OpenApi, path: string, method: string, status: string, contentType = 'application/json') {
  const schema = document.paths[path]?.[method]?.responses[status]?.content?.[contentType]?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} documents no ${status} body`);
  const names = new Set<string>();
  const collect = (name: string) => {
    if (names.has(name)) return;
    names.add(name);
    for (const m of JSON.stringify(document.components.schemas[name]).matchAll(/#\/components\/schemas\/(\w+)/g)) collect(m[1]);
  };
  for (const m of JSON.stringify(schema).matchAll(/#\/components\/schemas\/(\w+)/g)) collect(m[1]);
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  return ajv.compile({ ...schema, components: { schemas: Object.fromEntries([...names].map((name) => [name, document.components.schemas[name]])) } });
}

/**
 * The running gateway publishes the message contract and its own OpenAPI document, and what the
 * document says each response holds is what the gateway answers with.
 */
describe('the published contract, from the running services', () => {
  let harness: PipelineHarness;
  let sink: SmtpSink;
  const gateway = () => harness.url('gateway');

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    harness = await new PipelineHarness(
      ['gateway', 'detector', 'notifier', 'console'],
      {
        KAFKA_TOPIC_PREFIX: isolatedPrefix(),
        INGEST_API_KEYS: `contract:${API_KEY}`,
        SMTP_URL: sink.url,
        INGEST_MAX_BATCH: '20',
        INGEST_BODY_LIMIT: '16kb',
        LATENESS_MS: '1000',
        DEFERRED_POLL_MS: '200',
        OUTBOX_POLL_MS: '200',
      },
      'contract-logs',
    ).start();
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
    await sink?.stop();
  });

  it('serves the AsyncAPI document and every message schema as checked in', async () => {
    const asyncApi = await fetch(`${gateway()}/contract/asyncapi.json`);
    expect(asyncApi.status).toBe(200);
    expect(asyncApi.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await asyncApi.text()).toBe(checkedIn('asyncapi.json'));
    const index = (await (await fetch(`${gateway()}/contract`)).json()) as { schemas: string[] };
    expect(index.schemas).toContain('/contract/schemas/event.card.bound.json');
    for (const path of index.schemas) {
      const response = await fetch(`${gateway()}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(await response.text()).toBe(checkedIn(path.slice('/contract/'.length)));
    }
    const missing = await fetch(`${gateway()}/contract/schemas/nothing.json`);
    expect(missing.status).toBe(404);
    const validate = responseValidator(JSON.parse(checkedIn('gateway-openapi.json')) as OpenApi, '/contract/schemas/{file}', 'get', '404');
    const body: unknown = await missing.json();
    expect({ body, errors: validate(body) ? null : validate.errors }).toEqual({ body, errors: null });
  });

  it('serves the OpenAPI documents of the gateway and the console as checked in, and their docs pages', async () => {
    for (const [service, file] of [
      ['gateway', 'gateway-openapi.json'],
      ['console', 'console-openapi.json'],
    ] as const) {
      const served = await (await fetch(`${harness.url(service)}/docs/openapi.json`)).json();
      expect(served).toEqual(JSON.parse(checkedIn(file)));
      const page = await fetch(`${harness.url(service)}/docs`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('swagger-ui');
    }
  });

  it('answers each status with the body its OpenAPI document describes', async () => {
    const document = JSON.parse(checkedIn('gateway-openapi.json')) as OpenApi;
    const post = (body: unknown, headers: Record<string, string> = { 'x-api-key': API_KEY }) =>
      fetch(`${gateway()}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const event = anEvent('card.unbound', { accountId: 'acct-contract-1', occurredAt: new Date().toISOString() });
    const cases: [string, Promise<Response>][] = [
      ['202', post({ events: [event] })],
      ['400', post({ events: [{ ...event, type: 'card.melted' }] })],
      ['400', post('{"events": [')],
      ['401', post({ events: [event] }, {})],
      ['401', post({ events: [event] }, { 'x-api-key': 'not-a-key-of-this-gateway-000000' })],
      ['413', post({ events: Array.from({ length: 21 }, () => event) })],
      ['413', post({ events: [{ ...event, payload: { ...event.payload, reason: 'x'.repeat(20_000) } }] })],
    ];
    for (const [status, pending] of cases) {
      const response = await pending;
      const body = await response.json();
      expect(String(response.status)).toBe(status);
      const validate = responseValidator(document, '/v1/events', 'post', status);
      expect({ status, body, errors: validate(body) ? null : validate.errors }).toEqual({ status, body, errors: null });
    }
  });

  it('answers each console route the web UI reads with the body its OpenAPI document describes', async () => {
    const document = JSON.parse(checkedIn('console-openapi.json')) as OpenApi;
    const accountId = `contract-${Date.now().toString(36)}`;
    const at = relativeTo(Date.now());
    expect((await harness.gateway('/v1/events', API_KEY, { events: [...onboarded(accountId, at), ...takeover(accountId, at)] })).status).toBe(202);
    const admin = await harness.console();
    const page = await pollUntil(
      async () => {
        const found = await admin.get<{ items: { id: string }[] }>(`/api/cases?account=${accountId}`);
        return found.items.length ? found : undefined;
      },
      { what: `a case for ${accountId}` },
    );
    const id = page.items[0].id;
    const routes: [string, string, string, unknown][] = [
      ['get', '/api/session', '/api/session', undefined],
      ['get', '/api/analysts', '/api/analysts', undefined],
      ['get', '/api/cases', `/api/cases?account=${accountId}`, undefined],
      ['get', '/api/cases/{id}', `/api/cases/${id}`, undefined],
      ['get', '/api/rules', '/api/rules', undefined],
      ['get', '/api/rules/catalog', '/api/rules/catalog', undefined],
      ['get', '/api/rules/history', '/api/rules/history?limit=20', undefined],
      ['get', '/api/merchants', '/api/merchants', undefined],
      ['get', '/api/metrics', '/api/metrics?days=14', undefined],
      ['get', '/api/messages/mail', '/api/messages/mail', undefined],
      ['get', '/api/messages/sms', '/api/messages/sms', undefined],
      ['get', '/api/audit', '/api/audit', undefined],
      ['post', '/api/cases/{id}/claim', `/api/cases/${id}/claim`, {}],
      ['post', '/api/cases/{id}/notes', `/api/cases/${id}/notes`, { body: 'checked the contract' }],
      ['post', '/api/cases/{id}/reveal', `/api/cases/${id}/reveal`, { field: 'phone' }],
    ];
    for (const [method, path, url, body] of routes) {
      const response = await admin.request(method.toUpperCase(), url, body);
      const status = String(response.status);
      const json: unknown = await response.json();
      const validate = responseValidator(document, path, method, status);
      expect({ url, status, errors: validate(json) ? null : validate.errors }).toEqual({ url, status, errors: null });
    }
  });

  it('answers the search, ring, entity, bulk, saved-filter, rule-set and audit routes, and sends live changes, as its OpenAPI document describes', async () => {
    const document = JSON.parse(checkedIn('console-openapi.json')) as OpenApi;
    const accountId = `contract-work-${Date.now().toString(36)}`;
    const at = relativeTo(Date.now());
    expect((await harness.gateway('/v1/events', API_KEY, { events: [...onboarded(accountId, at), ...takeover(accountId, at)] })).status).toBe(202);
    const admin = await harness.console();
    const found = await pollUntil(
      async () => {
        const page = await admin.get<{ items: { id: string; referenceCode: string }[] }>(`/api/cases?account=${accountId}`);
        return page.items[0];
      },
      { what: `a case for ${accountId}` },
    );
    /** Calls a route, checks its status and that its body is what the document says, and hands the body back. */
    const call = async <T>(method: string, path: string, url: string, body: unknown, expected: number): Promise<T> => {
      const response = await admin.request(method.toUpperCase(), url, body);
      const json: unknown = await response.json();
      const status = String(response.status);
      expect({ url, status }).toEqual({ url, status: String(expected) });
      const validate = responseValidator(document, path, method, status);
      expect({ url, status, errors: validate(json) ? null : validate.errors }).toEqual({ url, status, errors: null });
      return json as T;
    };

    const searched = await call<{ exact: string | null }>('post', '/api/search', '/api/search', { q: found.referenceCode }, 200);
    expect(searched.exact).toBe(found.id);
    // The entity index is written beside the case; the ring shows it once both are in.
    const ring = await pollUntil(
      async () => {
        const read = await call<{ entities: { kind: string; value: string }[] }>('get', '/api/cases/{id}/ring', `/api/cases/${found.id}/ring`, undefined, 200);
        return read.entities.length ? read : undefined;
      },
      { what: `the ring around ${found.referenceCode}` },
    );
    const [entity] = ring.entities;
    await call('get', '/api/entities/{kind}/{value}', `/api/entities/${entity.kind}/${encodeURIComponent(entity.value)}`, undefined, 200);

    const filter = await call<{ id: string }>('post', '/api/saved-filters', '/api/saved-filters', { name: `contract ${accountId}`, query: 'status=open&sla=over' }, 201);
    await call('get', '/api/saved-filters', '/api/saved-filters', undefined, 200);
    await call('get', '/api/saved-filters/{id}', `/api/saved-filters/${filter.id}`, undefined, 200);
    await call('patch', '/api/saved-filters/{id}', `/api/saved-filters/${filter.id}`, { name: `contract ${accountId} renamed` }, 200);

    // The live feed sends the bulk escalation's change; its data is what the document names.
    const live = new AbortController();
    const stream = await fetch(`${harness.url('console')}/api/live/cases`, { headers: { cookie: admin.cookie! }, signal: live.signal });
    expect(stream.status).toBe(200);
    const bulk = await call<{ done: number }>('post', '/api/cases/bulk', '/api/cases/bulk', { action: 'escalate', caseIds: [found.id], reason: 'checking the contract' }, 200);
    expect(bulk.done).toBe(1);
    const change = await caseEvent(stream, found.id, live).finally(() => live.abort());
    const validateChange = responseValidator(document, '/api/live/cases', 'get', '200', 'text/event-stream');
    expect({ errors: validateChange(change) ? null : validateChange.errors }).toEqual({ errors: null });

    // A change, its undoing, a rollback to the change and its undoing again: the rule set ends as it began.
    const rules = await admin.get<{ version: number; rules: { id: string; score: number }[] }>('/api/rules');
    const [rule] = rules.rules;
    const change1 = await call<{ version: number }>('patch', '/api/rules', '/api/rules', { reason: 'contract check', rules: { [rule.id]: { score: rule.score + 1 } } }, 200);
    const change2 = await call<{ version: number }>('patch', '/api/rules', '/api/rules', { reason: 'contract check undone', rules: { [rule.id]: { score: rule.score } } }, 200);
    await call('get', '/api/rules/history/{version}', `/api/rules/history/${change1.version}`, undefined, 200);
    await call('get', '/api/rules/diff', `/api/rules/diff?from=${change1.version}&to=${change2.version}`, undefined, 200);
    await call('post', '/api/rules/rollback', '/api/rules/rollback', { version: change1.version, reason: 'contract check of rollback' }, 201);
    await call('patch', '/api/rules', '/api/rules', { reason: 'contract check rolled back', rules: { [rule.id]: { score: rule.score } } }, 200);
    const audit = await call<{ items: { ruleDiff?: unknown }[] }>('get', '/api/audit', '/api/audit?action=rule_set', undefined, 200);
    expect(audit.items.some((entry) => entry.ruleDiff)).toBe(true);
    await call('post', '/api/rules/backtest', '/api/rules/backtest', { days: 1, rules: { [rule.id]: { score: rule.score + 1 } } }, 200);
  });

  it('refuses with the error bodies and codes its OpenAPI document lists for the route', async () => {
    const document = JSON.parse(checkedIn('console-openapi.json')) as OpenApi;
    const admin = await harness.console();
    const unknown = '00000000-0000-4000-8000-000000000000';
    type Refusal = [method: string, path: string, url: string, body: unknown, options: { csrf?: boolean; cookie?: boolean }, status: string, code: string];
    const refusals: Refusal[] = [
      ['get', '/api/cases', '/api/cases', undefined, { cookie: false }, '401', 'NOT_AUTHENTICATED'],
      ['post', '/api/session', '/api/session', { username: TEST_ADMIN.username, password: 'not-the-password-0000' }, { cookie: false }, '401', 'INVALID_CREDENTIALS'],
      ['post', '/api/cases/{id}/claim', `/api/cases/${unknown}/claim`, {}, { csrf: false }, '403', 'CSRF_TOKEN_INVALID'],
      ['get', '/api/cases/{id}', '/api/cases/not-a-case', undefined, {}, '400', 'INVALID_ID'],
      ['get', '/api/rules/history/{version}', '/api/rules/history/latest', undefined, {}, '400', 'INVALID_ID'],
      ['get', '/api/cases', '/api/cases?limit=lots', undefined, {}, '400', 'INVALID_QUERY'],
      ['post', '/api/search', '/api/search', {}, {}, '400', 'INVALID_BODY'],
      ['post', '/api/search', '/api/search', { q: 'someone@' }, {}, '400', 'SEARCH_TERM_INVALID'],
      ['post', '/api/rules/backtest', '/api/rules/backtest', { days: 365, rules: {} }, {}, '400', 'BACKTEST_TOO_LONG'],
      ['get', '/api/cases/{id}', `/api/cases/${unknown}`, undefined, {}, '404', 'CASE_NOT_FOUND'],
      ['get', '/api/rules/history/{version}', '/api/rules/history/999999', undefined, {}, '404', 'RULE_SET_NOT_FOUND'],
      ['get', '/api/saved-filters/{id}', `/api/saved-filters/${unknown}`, undefined, {}, '404', 'FILTER_NOT_FOUND'],
      ['delete', '/api/snoozes/{id}', `/api/snoozes/${unknown}`, undefined, {}, '404', 'SNOOZE_NOT_FOUND'],
      ['get', '/api/merchants/{merchantId}', '/api/merchants/no-such-merchant', undefined, {}, '404', 'MERCHANT_NOT_FOUND'],
      ['patch', '/api/analysts/{id}', `/api/analysts/${unknown}`, { displayName: 'Nobody' }, {}, '404', 'ANALYST_NOT_FOUND'],
      [
        'post',
        '/api/analysts',
        '/api/analysts',
        { username: TEST_ADMIN.username, displayName: 'Admin again', role: 'analyst', password: 'a-long-enough-password-1' },
        {},
        '409',
        'USERNAME_TAKEN',
      ],
    ];
    for (const [method, path, url, body, options, status, code] of refusals) {
      const response = await admin.request(method.toUpperCase(), url, body, options);
      const json = (await response.json()) as { error?: string };
      const validate = responseValidator(document, path, method, status);
      expect({ url, code, status: String(response.status), answered: json.error, errors: validate(json) ? null : validate.errors }).toEqual({
        url,
        code,
        status,
        answered: code,
        errors: null,
      });
    }

    const gatewayDocument = JSON.parse(checkedIn('gateway-openapi.json')) as OpenApi;
    const gatewayRefusals: [path: string, body: unknown, status: string, code: string][] = [
      ['/v1/events', { events: [] }, '400', 'EMPTY_BATCH'],
      ['/v1/answers', { accountId: 'acct-contract-1', referenceCode: 'AS-0000', answer: 'me' }, '403', 'MISSING_SCOPE'],
    ];
    for (const [path, body, status, code] of gatewayRefusals) {
      const response = await fetch(`${gateway()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify(body) });
      const json = (await response.json()) as { error?: string };
      const validate = responseValidator(gatewayDocument, path, 'post', status);
      expect({ path, code, status: String(response.status), answered: json.error, errors: validate(json) ? null : validate.errors }).toEqual({
        path,
        code,
        status,
        answered: code,
        errors: null,
      });
    }
  });

  it('exports metrics that promtool check metrics accepts, the default Node.js metrics excepted', async () => {
    // prom-client's default metrics (process_*, nodejs_*) name some units and types its own way.
    const ownMetrics = (text: string) =>
      text
        .split('\n')
        .filter((line) => !/^(# (HELP|TYPE) )?(process_|nodejs_)/.test(line))
        .join('\n');
    for (const service of ['gateway', 'detector', 'notifier', 'console'] as const) {
      const text = await (await fetch(`${harness.url(service)}/metrics`)).text();
      const result = spawnSync('promtool', ['check', 'metrics'], { input: ownMetrics(text), encoding: 'utf8' });
      expect({ service, status: result.status, problems: `${result.stdout}${result.stderr}`.trim() }).toEqual({ service, status: 0, problems: '' });
    }
  });
});

/** Reads a server-sent event stream until a `case` event about the case, and hands back its data. */
async function caseEvent(stream: Response, caseId: string, controller: AbortController): Promise<unknown> {
  const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
  const deadline = setTimeout(() => controller.abort(), 20_000);
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the live feed ended before a change to case ${caseId}`);
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const data = lines.find((l) => l.startsWith('data: '))?.slice('data: '.length);
        if (lines.includes('event: case') && data && (JSON.parse(data) as { id: string }).id === caseId) return JSON.parse(data);
      }
    }
  } finally {
    clearTimeout(deadline);
  }
}
