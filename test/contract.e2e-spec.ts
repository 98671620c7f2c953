import { isolatedPrefix, onboarded, PipelineHarness, pollUntil, relativeTo, takeover } from '@sentinel/testing';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../scripts/lib/repo-root';
import { anEvent } from './support/account-events';

const API_KEY = 'contract-key-0123456789abcdef01';
const checkedIn = (path: string) => readFileSync(join(repoRoot(), 'docs/contract', path), 'utf8');

type OpenApi = { paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json': { schema: object } } }> }>>; components: { schemas: Record<string, object> } };

/** An ajv validator for one documented response, with the components it refers to beside it so that its $refs resolve. */
function responseValidator(document: OpenApi, path: string, method: string, status: string) {
  const schema = document.paths[path]?.[method]?.responses[status]?.content?.['application/json'].schema;
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
  const gateway = () => harness.url('gateway');

  beforeAll(async () => {
    harness = await new PipelineHarness(
      ['gateway', 'detector', 'console'],
      {
        KAFKA_TOPIC_PREFIX: isolatedPrefix(),
        INGEST_API_KEYS: `contract:${API_KEY}`,
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
    expect((await fetch(`${gateway()}/contract/schemas/nothing.json`)).status).toBe(404);
  });

  it('serves the OpenAPI documents of the gateway and the console as checked in, and their docs pages', async () => {
    for (const [service, file] of [['gateway', 'gateway-openapi.json'], ['console', 'console-openapi.json']] as const) {
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
      fetch(`${gateway()}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const event = anEvent('card.unbound', { accountId: 'acct-contract-1', occurredAt: new Date().toISOString() });
    const cases: [string, Promise<Response>][] = [
      ['202', post({ events: [event] })],
      ['400', post({ events: [{ ...event, type: 'card.melted' }] })],
      ['400', post('{"events": [')],
      ['401', post({ events: [event] }, {})],
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
    const page = await pollUntil(async () => {
      const found = await admin.get<{ items: { id: string }[] }>(`/api/cases?account=${accountId}`);
      return found.items.length ? found : undefined;
    }, { what: `a case for ${accountId}` });
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
});
