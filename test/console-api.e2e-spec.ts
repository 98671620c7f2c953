import type { AccountEvent } from '@sentinel/contracts';
import { ConsoleClient, isolatedPrefix, onboarded, partnerLoan, PipelineHarness, pollUntil, relativeTo, SmtpSink, takeover, TEST_ADMIN } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';

const API_KEY = 'console-api-ingest-key-0123456789';
const PASSWORD = { ana: 'ana-password-0123', bo: 'bo-password-01234', sam: 'sam-password-0123' };

type Case = { id: string; accountId: string; status: string; priority: string; assignee: { username: string } | null; rules: string[]; escalatedAt: string | null };
type Page = { items: Case[]; total: number; nextCursor: string | null };
type Detail = {
  case: Case & { resolution: string | null; ruleSetVersion: number };
  hits: { ruleId: string; explanation: { en: string; 'zh-CN': string }; evidence: Record<string, unknown> }[];
  ruleSets: { version: number }[];
  alerts: { channel: string; status: string; attempts: { attempt: number; status: string }[] }[];
  notes: { author: string; body: string }[];
  audit: { actor: string; action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[];
  timeline: { id: string; type: string; flagged: boolean; payload: Record<string, unknown> }[];
  contacts: { kind: string; masked: string }[];
  snoozes: { id: string; ruleId: string }[];
};

/**
 * The analyst API against the running console, detector, notifier and gateway: sessions, roles and
 * CSRF on every route, the queue's filters and cursor, each case action and its audit entry.
 */
describe('console API', () => {
  const prefix = isolatedPrefix();
  const at = relativeTo(Date.now());
  const account = (story: string) => `${story}-${randomUUID().slice(0, 8)}`;
  let sink: SmtpSink;
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let ana: ConsoleClient;
  let bo: ConsoleClient;
  let sam: ConsoleClient;
  let anonymous: ConsoleClient;
  const takeovers = [account('takeover'), account('takeover'), account('takeover')];
  const loans = [account('loan'), account('loan')];

  const post = async (events: AccountEvent[]) => expect((await harness.gateway('/v1/events', API_KEY, { events })).status).toBe(202);
  const caseOf = (accountId: string, filter = '') =>
    pollUntil(async () => (await admin.get<Page>(`/api/cases?account=${accountId}${filter}`)).items[0], { what: `a case for ${accountId}` });
  const error = async (response: Response) => ({ status: response.status, ...((await response.json()) as { error: string; message: string }) });

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    harness = await new PipelineHarness(
      ['gateway', 'detector', 'notifier', 'console'],
      {
        KAFKA_TOPIC_PREFIX: prefix,
        INGEST_API_KEYS: `console:${API_KEY}`,
        SMTP_URL: sink.url,
        DEFAULT_LOCALE: 'en',
        LATENESS_MS: '1000',
        DEFERRED_POLL_MS: '200',
        OUTBOX_POLL_MS: '200',
        LOGIN_MAX_FAILURES: '3',
      },
      'console-api-logs',
    ).start();
    admin = await harness.console();
    for (const [username, role] of [
      ['ana', 'analyst'],
      ['bo', 'analyst'],
      ['sam', 'supervisor'],
    ] as const) {
      await admin.post('/api/analysts', { username, displayName: username.toUpperCase(), role, password: PASSWORD[username] });
    }
    [ana, bo, sam] = await Promise.all([harness.console('ana', PASSWORD.ana), harness.console('bo', PASSWORD.bo), harness.console('sam', PASSWORD.sam)]);
    anonymous = new ConsoleClient(harness.url('console'));
    // Each takeover from an attacker's laptop of its own: one laptop on three accounts would be a ring.
    for (const [i, accountId] of takeovers.entries()) await post([...onboarded(accountId, at), ...takeover(accountId, at, 0, i === 0 ? 'laptop-x' : `laptop-${i}`)]);
    for (const accountId of loans) await post([...onboarded(accountId, at), partnerLoan(accountId, 'shady-7', at)]);
    // Takeovers are urgent at once; partner loans are urgent too (the borrower told, everything
    // held: no "was me" clears a loan nobody consented to) once the consent check has waited out
    // the lateness window.
    for (const accountId of [...takeovers, ...loans]) await caseOf(accountId, '&decision=urgent');
  }, 150_000);

  afterAll(async () => {
    await harness?.stop();
    await sink?.stop();
  });

  describe('sessions, roles and CSRF', () => {
    const someCase = '00000000-0000-4000-8000-000000000000';
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/session'],
      ['DELETE', '/api/session'],
      ['GET', '/api/analysts'],
      ['POST', '/api/analysts', {}],
      ['PATCH', `/api/analysts/${someCase}`, {}],
      ['GET', '/api/cases'],
      ['GET', `/api/cases/${someCase}`],
      ['POST', `/api/cases/${someCase}/claim`],
      ['POST', `/api/cases/${someCase}/release`],
      ['POST', `/api/cases/${someCase}/assign`, {}],
      ['POST', `/api/cases/${someCase}/status`, {}],
      ['POST', `/api/cases/${someCase}/escalate`, {}],
      ['POST', `/api/cases/${someCase}/notes`, {}],
      ['POST', `/api/cases/${someCase}/reveal`, {}],
      ['GET', '/api/accounts/a-1/snoozes'],
      ['POST', '/api/accounts/a-1/snoozes', {}],
      ['DELETE', `/api/snoozes/${someCase}`],
      ['GET', '/api/audit'],
      ['GET', '/api/rules'],
      ['PATCH', '/api/rules', {}],
      ['GET', '/api/rules/history'],
      ['GET', '/api/rules/history/1'],
      ['GET', '/api/merchants'],
      ['GET', '/api/merchants/shady-7'],
      ['GET', '/api/metrics'],
      ['GET', '/api/step-ups'],
      ['GET', '/api/rules/calibration'],
      ['GET', '/api/messages/mail'],
      ['GET', '/api/messages/sms'],
    ];

    it('refuses every API route without a session (401) and lists each in the OpenAPI document', async () => {
      for (const [method, path, body] of routes) {
        const response = await anonymous.request(method, path, body);
        expect({ route: `${method} ${path}`, status: response.status }).toEqual({ route: `${method} ${path}`, status: 401 });
      }
      const spec = (await (await fetch(`${harness.url('console')}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      const documented = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
      for (const [method, path] of routes) {
        const template = path.replace(someCase, '{id}').replace('/a-1/', '/{accountId}/').replace('shady-7', '{merchantId}').replace(/\/1$/, '/{version}');
        expect(documented).toContain(`${method} ${template}`);
      }
      expect(documented).toContain('POST /api/session');
      expect((await fetch(`${harness.url('console')}/docs`)).status).toBe(200);
    });

    it('leaves health, metrics and the verify page open', async () => {
      const base = harness.url('console');
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      expect((await fetch(`${base}/metrics`)).status).toBe(200);
      expect((await fetch(`${base}/verify/unknown-token-unknown-token-unknown-token`)).status).toBe(404);
    });

    it('sets an HttpOnly, Secure, SameSite=Strict cookie and refuses a wrong password without saying which part was wrong', async () => {
      const response = await new ConsoleClient(harness.url('console')).login(TEST_ADMIN.username, TEST_ADMIN.password);
      expect(response.headers.get('set-cookie')).toMatch(/^sentinel_session=[\w-]{43}; Max-Age=\d+; Path=\/; Expires=.*; HttpOnly; Secure; SameSite=Strict$/);
      const wrong = await error(await new ConsoleClient(harness.url('console')).login('ana', 'not-her-password'));
      const nobody = await error(await new ConsoleClient(harness.url('console')).login('nobody', 'not-a-password'));
      expect(wrong).toEqual({ status: 401, error: 'INVALID_CREDENTIALS', message: 'wrong username or password' });
      expect(nobody).toEqual(wrong);
      expect(await error(await anonymous.request('POST', '/api/session', { username: 'ana' }))).toMatchObject({
        status: 400,
        message: expect.stringMatching(/^password: /) as unknown,
      });
    });

    it('refuses a change without the CSRF token, or with another session’s', async () => {
      const withoutToken = await ana.request('POST', '/api/cases/00000000-0000-4000-8000-000000000000/claim', {}, { csrf: false });
      expect(await error(withoutToken)).toMatchObject({ status: 403, error: 'CSRF_TOKEN_INVALID' });
      const borrowed = new ConsoleClient(harness.url('console'));
      borrowed.cookie = ana.cookie;
      borrowed.csrfToken = bo.csrfToken;
      expect((await borrowed.request('POST', '/api/cases/00000000-0000-4000-8000-000000000000/claim')).status).toBe(403);
      // Reads need no token.
      expect((await ana.request('GET', '/api/cases', undefined, { csrf: false })).status).toBe(200);
    });

    it('answers a role too low with 403 naming the role needed', async () => {
      expect(await error(await ana.request('GET', '/api/rules'))).toEqual({ status: 403, error: 'ROLE_REQUIRED', message: 'this needs the supervisor role; you are analyst' });
      expect((await ana.request('GET', '/api/audit')).status).toBe(403);
      expect((await ana.request('POST', '/api/analysts', { username: 'eve', displayName: 'Eve', role: 'admin', password: 'eve-password-0123' })).status).toBe(403);
      expect((await sam.request('POST', '/api/analysts', { username: 'eve', displayName: 'Eve', role: 'admin', password: 'eve-password-0123' })).status).toBe(403);
      expect((await sam.request('GET', '/api/rules')).status).toBe(200);
      expect((await sam.request('GET', '/api/audit')).status).toBe(200);
    });

    it('manages accounts as admin: names bad fields, refuses duplicates and self-lockout, audits each change', async () => {
      expect(await error(await admin.request('POST', '/api/analysts', { username: 'X Y', displayName: '', role: 'boss', password: 'short' }))).toMatchObject({
        status: 400,
        message: expect.stringMatching(/^username: .*; displayName: .*; role: .*; password: must be at least 12 characters$/) as unknown,
      });
      expect(await error(await admin.request('POST', '/api/analysts', { username: 'ana', displayName: 'Ana 2', role: 'analyst', password: 'another-password-1' }))).toMatchObject({
        status: 409,
        error: 'USERNAME_TAKEN',
      });
      const me = (await admin.get<{ analyst: { id: string } }>('/api/session')).analyst;
      expect(await error(await admin.request('PATCH', `/api/analysts/${me.id}`, { role: 'analyst' }))).toMatchObject({ status: 409, error: 'SELF_LOCKOUT' });
      const listed = await ana.get<{ items: { username: string; role: string }[] }>('/api/analysts');
      expect(listed.items.map((a) => `${a.username}:${a.role}`)).toEqual(['admin:admin', 'ana:analyst', 'bo:analyst', 'sam:supervisor']);
      const created = await harness.db.query<{ actor: string; after: { username: string } }[]>(`SELECT actor, after FROM audit_log WHERE action = 'analyst.created' ORDER BY id`);
      expect(created.map((r) => `${r.actor}>${r.after.username}`)).toEqual(['analyst:admin>ana', 'analyst:admin>bo', 'analyst:admin>sam']);
      expect(JSON.stringify(created)).not.toContain('password');
    });

    it('locks an account after repeated wrong passwords, and an admin’s password reset lifts it and ends old sessions', async () => {
      await admin.post('/api/analysts', { username: 'cy', displayName: 'Cy', role: 'analyst', password: 'cy-password-01234' });
      const cy = await harness.console('cy', 'cy-password-01234');
      for (let i = 0; i < 3; i++) expect((await new ConsoleClient(harness.url('console')).login('cy', 'wrong-guess')).status).toBe(401);
      const locked = await error(await new ConsoleClient(harness.url('console')).login('cy', 'cy-password-01234'));
      expect(locked).toMatchObject({ status: 401, error: 'INVALID_CREDENTIALS' });
      const [{ id }] = await harness.db.query<{ id: string }[]>(`SELECT id FROM analyst WHERE username = 'cy'`);
      const failures = await harness.db.query<{ action: string; reason: string | null }[]>(
        `SELECT action, after->>'reason' AS reason FROM audit_log WHERE entity_id = $1 AND action LIKE 'session.login_%' ORDER BY id`,
        [id],
      );
      expect(failures.map((f) => f.action)).toEqual(['session.login_failed', 'session.login_failed', 'session.login_failed', 'session.login_refused']);

      await admin.patch(`/api/analysts/${id}`, { password: 'cy-new-password-0123' });
      expect((await cy.request('GET', '/api/session')).status).toBe(401);
      expect((await (await harness.console('cy', 'cy-new-password-0123')).request('GET', '/api/cases')).status).toBe(200);
      await admin.patch(`/api/analysts/${id}`, { disabled: true });
      expect((await new ConsoleClient(harness.url('console')).login('cy', 'cy-new-password-0123')).status).toBe(401);
    });

    it('ends a session left idle past SESSION_IDLE_MINUTES', async () => {
      const session = await harness.console('sam', PASSWORD.sam);
      expect((await session.request('GET', '/api/session')).status).toBe(200);
      // Ageing the row stands in for an hour of waiting.
      await harness.db.query(`UPDATE analyst_session SET last_seen_at = now() - interval '61 minutes' WHERE analyst_id = (SELECT id FROM analyst WHERE username = 'sam')`);
      expect((await session.request('GET', '/api/session')).status).toBe(401);
      sam = await harness.console('sam', PASSWORD.sam);
    });

    it('ends the session on logout', async () => {
      const session = await harness.console('bo', PASSWORD.bo);
      expect((await session.request('DELETE', '/api/session')).status).toBe(204);
      expect(await error(await session.request('GET', '/api/cases'))).toMatchObject({ status: 401, error: 'NOT_AUTHENTICATED' });
    });
  });

  it('throttles logins per IP at LOGIN_RATE_LIMIT a minute', async () => {
    const strict = await new PipelineHarness(['console'], { KAFKA_TOPIC_PREFIX: prefix, LOGIN_RATE_LIMIT: '3' }, 'console-api-throttle-logs').start();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await new ConsoleClient(strict.url('console')).login('admin', 'wrong-password-here')).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const refused = await new ConsoleClient(strict.url('console')).login(TEST_ADMIN.username, TEST_ADMIN.password);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after-login')).toMatch(/^\d+$/);
      // The borrower's verify page keeps its own budget.
      expect((await fetch(`${strict.url('console')}/verify/unknown-token-unknown-token-unknown-token`)).status).toBe(404);
    } finally {
      await strict.stop();
    }
  }, 60_000);

  describe('the queue', () => {
    it('filters by status, priority, decision, rule, merchant, account, dates and assignment, and names a bad filter', async () => {
      const all = await admin.get<Page>('/api/cases');
      expect(all.total).toBe(5);
      const ids = (page: Page) => page.items.map((c) => c.accountId).sort();
      expect(ids(await admin.get<Page>('/api/cases?rule=unbind.unknown-device'))).toEqual([...takeovers].sort());
      expect(ids(await admin.get<Page>('/api/cases?merchant=shady-7'))).toEqual([...loans].sort());
      expect(ids(await admin.get<Page>('/api/cases?decision=urgent&status=open'))).toEqual([...takeovers, ...loans].sort());
      expect(ids(await admin.get<Page>('/api/cases?decision=alert&status=open'))).toEqual([]);
      expect((await admin.get<Page>('/api/cases?status=resolved')).total).toBe(0);
      expect((await admin.get<Page>(`/api/cases?from=${encodeURIComponent(at(-3_600_000))}`)).total).toBe(5);
      expect((await admin.get<Page>(`/api/cases?to=${encodeURIComponent(at(-3_600_000))}`)).total).toBe(0);
      expect((await admin.get<Page>('/api/cases?assigned=unassigned')).total).toBe(5);
      expect((await ana.get<Page>('/api/cases?assigned=me')).total).toBe(0);
      expect(await error(await ana.request('GET', '/api/cases?rule=DROP%20TABLE&sort=random'))).toMatchObject({
        status: 400,
        error: 'INVALID_QUERY',
        message: expect.stringMatching(/^rule: must be a rule id such as loan.without-consent; sort: /) as unknown,
      });
    });

    it('walks every page with the cursor, in each sort, without repeating or skipping a case', async () => {
      for (const sort of ['priority', 'oldest', 'newest']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Page = await ana.get<Page>(`/api/cases?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
          seen.push(...page.items.map((c) => c.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(new Set(seen).size).toBe(5);
        expect(seen).toHaveLength(5);
      }
      const page = await ana.get<Page>('/api/cases?sort=oldest&limit=2');
      expect(await error(await ana.request('GET', `/api/cases?sort=newest&cursor=${page.nextCursor}`))).toMatchObject({ status: 400, error: 'INVALID_QUERY' });
    });
  });

  describe('working a case', () => {
    it('shows the whole case: full timeline, hits with evidence, the rule-set version, alerts with attempts, masked contacts', async () => {
      const found = await caseOf(takeovers[0]);
      await pollUntil(async () => (await ana.get<Detail>(`/api/cases/${found.id}`)).alerts.some((a) => a.status === 'sent'), { what: 'the alert to be sent' });
      const detail = await ana.get<Detail>(`/api/cases/${found.id}`);
      expect(detail.timeline.map((e) => e.type)).toEqual([
        'contact.changed',
        'contact.changed',
        'device.login',
        'card.bound',
        'device.login',
        'contact.changed',
        'device.login',
        'card.unbound',
      ]);
      expect(detail.timeline.filter((e) => e.flagged).map((e) => e.type)).toEqual(['card.unbound']);
      expect(detail.hits.map((h) => h.ruleId).sort()).toEqual(['unbind.after-takeover-signal', 'unbind.unknown-device']);
      expect(detail.hits.find((h) => h.ruleId === 'unbind.unknown-device')).toMatchObject({
        evidence: { deviceId: 'laptop-x' },
        explanation: { en: expect.stringContaining('laptop-x') as unknown },
      });
      expect(detail.ruleSets.map((r) => r.version)).toEqual([detail.case.ruleSetVersion]);
      expect(detail.alerts.find((a) => a.channel === 'email')).toMatchObject({ status: 'sent', attempts: [{ attempt: 1, status: 'sent' }] });
      expect(detail.contacts).toEqual([
        { kind: 'email', masked: expect.stringMatching(/\*\*\*@example\.com$/) as unknown, since: expect.any(String) as unknown },
        { kind: 'phone', masked: '+86139****0000', since: expect.any(String) as unknown },
      ]);
      const text = JSON.stringify(detail);
      for (const secret of ['13900000000', '13800138000', '李伟', `${takeovers[0]}@example.com`]) expect(text).not.toContain(secret);
      expect(await error(await ana.request('GET', '/api/cases/not-a-uuid'))).toEqual({ status: 400, error: 'INVALID_ID', message: 'id: not a case id (a UUID)' });
      expect((await ana.request('GET', `/api/cases/${randomUUID()}`)).status).toBe(404);
    });

    it('lets one analyst hold a case: a second claim is refused naming the holder', async () => {
      const found = await caseOf(takeovers[0]);
      const claimed = await ana.post<{ case: Case }>(`/api/cases/${found.id}/claim`);
      expect(claimed.case).toMatchObject({ status: 'in_review', assigneeId: expect.any(String) as unknown });
      const refused = await error(await bo.request('POST', `/api/cases/${found.id}/claim`));
      expect(refused).toMatchObject({ status: 409, error: 'CASE_HELD', message: expect.stringMatching(/^ANA \(ana\) is working this case since /) as unknown });
      await ana.post(`/api/cases/${found.id}/claim`);
      expect((await bo.request('POST', `/api/cases/${found.id}/status`, { status: 'resolved', resolution: 'legitimate', reasonCode: 'false_positive' })).status).toBe(409);
      expect((await ana.get<Page>('/api/cases?assigned=me')).items.map((c) => c.id)).toEqual([found.id]);
      const claims = await harness.db.query<{ actor: string; before: unknown; after: unknown }[]>(
        `SELECT actor, before, after FROM audit_log WHERE entity_id = $1 AND action = 'case.claimed'`,
        [found.id],
      );
      expect(claims).toEqual([
        {
          actor: 'analyst:ana',
          before: expect.objectContaining({ status: 'open', assigneeId: null }) as unknown,
          after: expect.objectContaining({ status: 'in_review' }) as unknown,
        },
      ]);
    });

    it('adds a note, with card and phone numbers masked before they are stored', async () => {
      const found = await caseOf(takeovers[0]);
      await ana.post(`/api/cases/${found.id}/notes`, { body: 'Called the borrower on +8613800138000; card 6222021234561236 is theirs.' });
      expect(await error(await ana.request('POST', `/api/cases/${found.id}/notes`, { body: '   ' }))).toMatchObject({ status: 400, message: 'body: a note cannot be empty' });
      const { notes } = await ana.get<Detail>(`/api/cases/${found.id}`);
      expect(notes).toEqual([
        {
          id: expect.any(String) as unknown,
          author: 'analyst:ana',
          body: 'Called the borrower on +86****8000; card ****1236 is theirs.',
          createdAt: expect.any(String) as unknown,
        },
      ]);
    });

    it('resolves through open → in_review → resolved and refuses other moves; the decision feeds precision', async () => {
      const found = await caseOf(takeovers[0]);
      expect(await error(await ana.request('POST', `/api/cases/${found.id}/status`, { status: 'resolved' }))).toMatchObject({
        status: 400,
        message: expect.stringMatching(/^resolution: must be fraud_confirmed, legitimate or inconclusive; reasonCode: must be one of confirmed_fraud, /) as unknown,
      });
      const resolved = await ana.post<{ case: Detail['case'] }>(`/api/cases/${found.id}/status`, {
        status: 'resolved',
        resolution: 'fraud_confirmed',
        reasonCode: 'confirmed_fraud',
      });
      expect(resolved.case).toMatchObject({ status: 'resolved', resolution: 'fraud_confirmed', resolutionReason: 'confirmed_fraud' });
      expect(await error(await ana.request('POST', `/api/cases/${found.id}/status`, { status: 'in_review' }))).toMatchObject({ status: 409, error: 'INVALID_TRANSITION' });
      expect(await error(await ana.request('POST', `/api/cases/${found.id}/escalate`, { reason: 'too late' }))).toMatchObject({ status: 409, error: 'CASE_RESOLVED' });
      const rules = await sam.get<{ rules: { id: string; measured: { fraud: number; precision: number | null } }[] }>('/api/rules');
      expect(rules.rules.find((r) => r.id === 'unbind.unknown-device')!.measured).toMatchObject({ fraud: 1, precision: 1 });
      const { audit } = await ana.get<Detail>(`/api/cases/${found.id}`);
      expect(audit.map((a) => `${a.actor} ${a.action}`)).toEqual(['analyst:ana case.claimed', 'analyst:ana case.note_added', 'analyst:ana case.status_changed']);
      expect(audit[2]).toMatchObject({ before: { status: 'in_review', resolution: null }, after: { status: 'resolved', resolution: 'fraud_confirmed' } });
    });

    it('refuses to decide a case nobody has reviewed, and hands a case back to the queue on release', async () => {
      const found = await caseOf(takeovers[1]);
      expect(await error(await bo.request('POST', `/api/cases/${found.id}/status`, { status: 'resolved', resolution: 'legitimate', reasonCode: 'false_positive' }))).toEqual({
        status: 409,
        error: 'INVALID_TRANSITION',
        message: 'a case that is open cannot become resolved; allowed: in_review',
      });
      await bo.post(`/api/cases/${found.id}/status`, { status: 'in_review' });
      expect((await bo.get<Detail>(`/api/cases/${found.id}`)).case).toMatchObject({ status: 'in_review', assignee: { username: 'bo' } });
      expect((await ana.request('POST', `/api/cases/${found.id}/release`)).status).toBe(409);
      expect((await bo.post<{ case: Case }>(`/api/cases/${found.id}/release`)).case).toMatchObject({ status: 'open', assigneeId: null });
    });

    it('escalates: the case jumps the queue and waits unassigned for a supervisor, who assigns it', async () => {
      const found = await caseOf(loans[0]);
      await ana.post(`/api/cases/${found.id}/claim`);
      expect(await error(await bo.request('POST', `/api/cases/${found.id}/escalate`, { reason: 'not mine to escalate' }))).toMatchObject({ status: 409, error: 'CASE_HELD' });
      const escalated = await ana.post<{ case: Case }>(`/api/cases/${found.id}/escalate`, { reason: 'merchant pattern, needs a lead' });
      expect(escalated.case).toMatchObject({ priority: 'high', assigneeId: null, escalatedAt: expect.any(String) as unknown, status: 'open' });
      expect((await sam.get<Page>('/api/cases?escalated=true&assigned=unassigned')).items.map((c) => c.id)).toEqual([found.id]);
      const [{ id: boId }] = await harness.db.query<{ id: string }[]>(`SELECT id FROM analyst WHERE username = 'bo'`);
      expect((await ana.request('POST', `/api/cases/${found.id}/assign`, { analystId: boId })).status).toBe(403);
      expect(await error(await sam.request('POST', `/api/cases/${found.id}/assign`, { analystId: randomUUID() }))).toMatchObject({ status: 400, error: 'INVALID_BODY' });
      expect((await sam.post<{ case: Case }>(`/api/cases/${found.id}/assign`, { analystId: boId })).case).toMatchObject({ assigneeId: boId, status: 'in_review' });
      const { notes, audit } = await sam.get<Detail>(`/api/cases/${found.id}`);
      expect(notes.map((n) => n.body)).toEqual(['[escalated] merchant pattern, needs a lead']);
      expect(audit.map((a) => `${a.actor} ${a.action}`)).toEqual(['analyst:ana case.claimed', 'analyst:ana case.escalated', 'analyst:sam case.assigned']);
      expect(audit[1].after).toMatchObject({ reason: 'merchant pattern, needs a lead' });
    });

    it('reveals a masked field to a supervisor only, and audits the reveal without the value', async () => {
      const found = await caseOf(takeovers[2]);
      expect((await ana.request('POST', `/api/cases/${found.id}/reveal`, { field: 'phone' })).status).toBe(403);
      expect(await sam.post(`/api/cases/${found.id}/reveal`, { field: 'phone' })).toEqual({ field: 'phone', value: '+8613900000000' });
      const bound = (await sam.get<Detail>(`/api/cases/${found.id}`)).timeline.find((e) => e.type === 'card.bound')!;
      expect(await sam.post(`/api/cases/${found.id}/reveal`, { field: 'holderName', eventId: bound.id })).toEqual({ field: 'holderName', value: '李伟' });
      const reveals = await harness.db.query<{ actor: string; after: unknown }[]>(
        `SELECT actor, after FROM audit_log WHERE entity_id = $1 AND action = 'pii.revealed' ORDER BY id`,
        [found.id],
      );
      expect(reveals).toEqual([
        { actor: 'analyst:sam', after: { field: 'phone' } },
        { actor: 'analyst:sam', after: { field: 'holderName', eventId: bound.id } },
      ]);
      expect(JSON.stringify(reveals)).not.toContain('13900000000');
    });

    it('snoozes a rule for one account: the detector stays quiet on it until the snooze is lifted', async () => {
      const accountId = takeovers[2];
      const found = await caseOf(accountId);
      const path = `/api/accounts/${accountId}/snoozes`;
      const later = new Date(Date.now() + 7 * 86_400_000).toISOString();
      expect(await error(await ana.request('POST', path, { ruleId: 'no.such-rule', until: later, reason: 'travel' }))).toMatchObject({
        status: 400,
        message: 'ruleId: no.such-rule is not a fraud rule in the catalog',
      });
      expect(await error(await ana.request('POST', path, { ruleId: 'unbind.unknown-device', until: at(-1000), reason: 'travel' }))).toMatchObject({
        status: 400,
        message: 'until: must be in the future',
      });
      expect(await error(await ana.request('POST', '/api/accounts/bad%20id/snoozes', { ruleId: 'unbind.unknown-device', until: later, reason: 'travel' }))).toMatchObject({
        status: 400,
        error: 'INVALID_ID',
      });
      const snooze = await ana.post<{ id: string }>(path, { ruleId: 'unbind.unknown-device', until: later, reason: 'borrower uses a work laptop', caseId: found.id });

      // Another unknown laptop unbinds the card again: the snoozed rule stays quiet, the takeover rule still fires.
      await ana.post(`/api/cases/${found.id}/claim`);
      await ana.post(`/api/cases/${found.id}/status`, { status: 'resolved', resolution: 'legitimate', reasonCode: 'false_positive' });
      await post(takeover(accountId, at, 60_000, 'laptop-y'));
      const next = await pollUntil(async () => (await ana.get<Page>(`/api/cases?account=${accountId}&status=open`)).items[0], { what: 'a new case for the account' });
      expect(next.rules).toContain('unbind.after-takeover-signal');
      expect(next.rules).not.toContain('unbind.unknown-device');

      expect((await ana.request('DELETE', `/api/snoozes/${snooze.id}`)).status).toBe(200);
      expect(await error(await ana.request('DELETE', `/api/snoozes/${snooze.id}`))).toMatchObject({ status: 409, error: 'SNOOZE_LIFTED' });
      const listed = await ana.get<{ items: { id: string; active: boolean; liftedBy: string }[] }>(path);
      expect(listed.items).toEqual([expect.objectContaining({ id: snooze.id, active: false, liftedBy: 'analyst:ana' })]);
      const trail = await harness.db.query<{ action: string }[]>(`SELECT action FROM audit_log WHERE entity_type = 'account' AND entity_id = $1 ORDER BY id`, [accountId]);
      expect(trail.map((r) => r.action)).toEqual(['rule.snoozed', 'rule.snooze_lifted']);
    });
  });

  describe('the rest of the console', () => {
    it('lists the audit trail to supervisors, newest first, with no way to change it', async () => {
      const page = await sam.get<{ items: { action: string; actor: string }[]; nextBefore: number | null }>('/api/audit?entityType=case&limit=3');
      expect(page.items).toHaveLength(3);
      expect(page.nextBefore).toEqual(expect.any(Number));
      const older = await sam.get<{ items: { id: string }[] }>(`/api/audit?entityType=case&limit=3&before=${page.nextBefore}`);
      expect(older.items.every((i) => Number(i.id) < page.nextBefore!)).toBe(true);
      for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) expect((await admin.request(method, '/api/audit', {})).status).toBe(404);
      await expect(harness.db.query(`UPDATE audit_log SET actor = 'someone-else'`)).rejects.toThrow(/append-only/);
    });

    it('shows flagged merchants with their accounts', async () => {
      const detail = await pollUntil(
        async () => {
          const response = await ana.request('GET', '/api/merchants/shady-7');
          const body = response.status === 200 ? ((await response.json()) as { accounts: { accountId: string; reasons: string[]; caseId: string }[] }) : undefined;
          return body && body.accounts.length === 2 ? body : undefined;
        },
        { what: 'both loan accounts flagged against shady-7' },
      );
      expect(detail.accounts.map((a) => a.accountId).sort()).toEqual([...loans].sort());
      expect(detail.accounts[0]).toMatchObject({ reasons: ['flagged'], caseId: expect.any(String) as unknown });
      expect((await ana.request('GET', '/api/merchants/nobody-here')).status).toBe(404);
      expect((await ana.get<{ items: unknown[] }>('/api/merchants')).items).toEqual(expect.any(Array));
    });

    it('counts cases opened and closed per day, time to first action, messages per channel and the answer rate', async () => {
      type Stats = {
        daily: { day: string; opened: number; closed: number }[];
        firstAction: { cases: number; acted: number; medianSeconds: number };
        channels: { channel: string; sent: number; delivered: number }[];
        answers: { alerted: number; answered: number; rate: number | null };
      };
      const emailSent = (s: Stats) => s.channels.find((c) => c.channel === 'email')?.sent ?? 0;
      const stats = await pollUntil(
        async () => {
          const s = await ana.get<Stats>('/api/metrics?days=7');
          return emailSent(s) >= 5 ? s : undefined;
        },
        { what: 'an email alert to each of the five borrowers' },
      );
      expect(stats.daily).toHaveLength(7);
      expect(stats.daily.reduce((n, d) => n + d.opened, 0)).toBe(6);
      expect(stats.daily.reduce((n, d) => n + d.closed, 0)).toBe(2);
      // Claimed, taken into review, claimed, claimed: four of the six cases saw an analyst.
      expect(stats.firstAction).toMatchObject({ cases: 6, acted: 4, medianSeconds: expect.any(Number) as unknown });
      const email = stats.channels.find((c) => c.channel === 'email')!;
      expect(email.delivered).toBe(email.sent);
      expect(stats.answers).toMatchObject({ answered: 0, rate: 0 });
      expect(await error(await ana.request('GET', '/api/metrics?days=365'))).toMatchObject({ status: 400, error: 'INVALID_QUERY' });
    });
  });
});
