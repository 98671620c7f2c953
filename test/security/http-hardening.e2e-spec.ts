import { ConsoleClient, isolatedPrefix, launchChromium, PipelineHarness } from '@sentinel/testing';

const API_KEY = 'http-sec-key-0123456789abcdef01';
const APP_KEY = 'http-sec-app-key-0123456789abcdef';

/**
 * The console's and the gateway's HTTP surface against a prober: security headers, login that
 * neither races nor tells locked accounts apart, crafted cursors, inherited parameter names and
 * long snoozes.
 */
describe('security: HTTP surface of the console and the gateway', () => {
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let ana: ConsoleClient;
  const consoleUrl = () => harness.url('console');

  beforeAll(async () => {
    harness = await new PipelineHarness(
      ['gateway', 'console'],
      {
        KAFKA_TOPIC_PREFIX: isolatedPrefix(),
        INGEST_API_KEYS: `http:${API_KEY},app:${APP_KEY}:answers:write`,
        LOGIN_MAX_FAILURES: '5',
        // One proxy in front: the rate limit keys on the client it names.
        TRUST_PROXY: '1',
        VERIFY_RATE_LIMIT: '3',
      },
      'security-http-logs',
    ).start();
    admin = await harness.console();
    for (const [username, role] of [
      ['ana', 'analyst'],
      ['vic', 'analyst'],
      ['pat', 'analyst'],
    ] as const) {
      await admin.post('/api/analysts', { username, displayName: username, role, password: `${username}-password-0123` });
    }
    ana = await harness.console('ana', 'ana-password-0123');
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
  });

  describe('headers', () => {
    const expectHardened = (response: Response, what: string) => {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect({ what, frameAncestors: csp.includes("frame-ancestors 'none'"), scriptSelf: csp.includes("script-src 'self'") }).toEqual({
        what,
        frameAncestors: true,
        scriptSelf: true,
      });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-powered-by')).toBeNull();
    };

    it('are on the console UI, its API (no-store), the verify page and the gateway', async () => {
      const ui = await fetch(`${consoleUrl()}/`);
      expectHardened(ui, 'console UI');
      const api = await ana.request('GET', '/api/cases');
      expect(api.status).toBe(200);
      expectHardened(api, 'console API');
      expect(api.headers.get('cache-control')).toBe('no-store');
      const verify = await fetch(`${consoleUrl()}/verify/unknown-token-unknown-token-unknown`);
      expectHardened(verify, 'verify page');
      expect(verify.headers.get('cache-control')).toBe('no-store');
      const gateway = await harness.gateway('/v1/events', API_KEY, { events: [] });
      expectHardened(gateway, 'gateway');
      expect(gateway.headers.get('cache-control')).toBe('no-store');
      // No TLS here: no HSTS.
      expect(api.headers.get('strict-transport-security')).toBeNull();
    });

    it('add HSTS when the trusted proxy says the request came over TLS', async () => {
      const response = await fetch(`${consoleUrl()}/health/live`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    });

    it('rate-limit per real client behind the proxy (TRUST_PROXY)', async () => {
      const from = (ip: string) => fetch(`${consoleUrl()}/verify/unknown-token-unknown-token-unknown`, { headers: { 'x-forwarded-for': ip } });
      const first: number[] = [];
      for (let i = 0; i < 4; i++) first.push((await from('203.0.113.10')).status);
      expect(first).toEqual([404, 404, 404, 429]);
      // Another client behind the same proxy keeps its own budget.
      expect((await from('203.0.113.11')).status).toBe(404);
    });
  });

  describe('login', () => {
    it('evaluates at most LOGIN_MAX_FAILURES of nine parallel wrong passwords', async () => {
      const attempts = await Promise.all(Array.from({ length: 9 }, () => new ConsoleClient(consoleUrl()).login('vic', 'wrong-password-guess')));
      expect(attempts.map((r) => r.status)).toEqual(Array(9).fill(401));
      const [{ id }] = await harness.db.query<{ id: string }[]>(`SELECT id FROM analyst WHERE username = 'vic'`);
      const evaluated = await harness.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'session.login_failed'`, [id]);
      expect(evaluated[0].n).toBeLessThanOrEqual(5);
      // Locked now, even for the right password.
      expect((await new ConsoleClient(consoleUrl()).login('vic', 'vic-password-0123')).status).toBe(401);
    });

    it('answers a locked account exactly as an unknown username', async () => {
      const locked = await new ConsoleClient(consoleUrl()).login('vic', 'vic-password-0123');
      const unknown = await new ConsoleClient(consoleUrl()).login('nobody-here', 'vic-password-0123');
      expect([locked.status, await locked.json()]).toEqual([unknown.status, await unknown.json()]);
      // No shortcut: both pay for the password hash (scrypt, tens of milliseconds).
      const time = async (username: string) => {
        const started = performance.now();
        await new ConsoleClient(consoleUrl()).login(username, 'vic-password-0123');
        return performance.now() - started;
      };
      const lockedMs = Math.min(await time('vic'), await time('vic'), await time('vic'));
      const unknownMs = Math.min(await time('nobody-here'), await time('nobody-here'), await time('nobody-here'));
      expect(lockedMs).toBeGreaterThan(unknownMs / 3);
    });

    it('lets an analyst change their own password, audited; other sessions end', async () => {
      const elsewhere = await harness.console('pat', 'pat-password-0123');
      const pat = await harness.console('pat', 'pat-password-0123');
      const wrong = await pat.request('POST', '/api/session/password', { currentPassword: 'not-it-at-all', newPassword: 'pat-new-password-0123' });
      expect(wrong.status).toBe(400);
      expect(await wrong.json()).toMatchObject({ error: 'WRONG_PASSWORD' });
      const short = await pat.request('POST', '/api/session/password', { currentPassword: 'pat-password-0123', newPassword: 'short' });
      expect(short.status).toBe(400);
      expect((await pat.request('POST', '/api/session/password', { currentPassword: 'pat-password-0123', newPassword: 'pat-new-password-0123' }, { csrf: false })).status).toBe(
        403,
      );
      expect((await pat.request('POST', '/api/session/password', { currentPassword: 'pat-password-0123', newPassword: 'pat-new-password-0123' })).status).toBe(204);
      expect((await pat.request('GET', '/api/session')).status).toBe(200);
      expect((await elsewhere.request('GET', '/api/session')).status).toBe(401);
      expect((await new ConsoleClient(consoleUrl()).login('pat', 'pat-password-0123')).status).toBe(401);
      expect((await new ConsoleClient(consoleUrl()).login('pat', 'pat-new-password-0123')).status).toBe(200);
      const [entry] = await harness.db.query<{ actor: string; after: unknown }[]>(`SELECT actor, after FROM audit_log WHERE action = 'analyst.password_changed'`);
      expect(entry.actor).toBe('analyst:pat');
      expect(JSON.stringify(entry.after)).not.toContain('pat-new-password');
    });
  });

  it('lets only a key with the answers:write scope relay answers, and only events:write send events', async () => {
    const answer = { accountId: 'acc-1', referenceCode: 'ZZZZZZZZ', answer: 'me' };
    const refused = await harness.gateway('/v1/answers', API_KEY, answer);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'MISSING_SCOPE', message: expect.stringContaining('answers:write') as unknown });
    // The app's key gets through to the lookup (no such case: 404).
    expect((await harness.gateway('/v1/answers', APP_KEY, answer)).status).toBe(404);
    expect((await harness.gateway('/v1/events', APP_KEY, { events: [] })).status).toBe(403);
  });

  it('runs the console UI and the API docs under the CSP with no violation, and changes a password from the UI', async () => {
    await admin.post('/api/analysts', { username: 'uma', displayName: 'Uma', role: 'analyst', password: 'uma-password-0123' });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(`${new URL(page.url()).pathname}: ${message.text().slice(0, 60)}`);
      });
      await page.goto(consoleUrl());
      await page.fill('input[name=username]', 'uma');
      await page.fill('input[name=password]', 'uma-password-0123');
      await page.click('button[type=submit]');
      await page.waitForSelector('[data-testid=who]');
      await page.click('a[href="#/password"]');
      await page.fill('input[name=currentPassword]', 'uma-password-0123');
      await page.fill('input[name=newPassword]', 'uma-new-password-0123');
      await page.click('form.card button[type=submit]');
      await page.waitForSelector('[data-testid=password-changed]');
      await page.goto(`${consoleUrl()}/docs`);
      await page.waitForSelector('.swagger-ui .info');
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
    expect((await new ConsoleClient(consoleUrl()).login('uma', 'uma-new-password-0123')).status).toBe(200);
  });

  it('refuses an event whose free text holds a phone, card number or email', async () => {
    const event = {
      type: 'card.unbound',
      accountId: 'acc-pii',
      occurredAt: new Date().toISOString(),
      channel: 'support',
      actor: { kind: 'agent', id: 'agent-7' },
      payload: { card: { ref: 'card-1', last4: '7894' }, reason: 'borrower asked; call back on +86 139 1234 5678' },
    };
    const response = await harness.gateway('/v1/events', API_KEY, { events: [event] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: unknown[] };
    expect(body.issues).toEqual([{ path: 'events[0].payload.reason', message: 'payload.reason must not hold a phone, card or ID number or an email' }]);
    expect(JSON.stringify(body)).not.toContain('1234 5678');
    const clean = await harness.gateway('/v1/events', API_KEY, { events: [{ ...event, payload: { ...event.payload, reason: 'borrower asked by phone' } }] });
    expect(clean.status).toBe(202);
  });

  it('answers a crafted queue cursor with a 400 that says so', async () => {
    const crafted = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cursors = [
      crafted(['priority', 0, '2026-02-30T00:00:00Z', '00000000-0000-0000-0000-000000000000']),
      crafted(['priority', 0, '2026-11-20T00:00:00Z', '------------------------------------']),
      crafted(['priority', 0, '2026-11-20T00:00:00Z', '00000000-0000-0000-0000-000000000000', 'extra']),
      crafted({ sort: 'priority' }),
      'not-base64-json',
    ];
    for (const cursor of cursors) {
      const response = await ana.request('GET', `/api/cases?cursor=${cursor}`);
      expect({ cursor, status: response.status }).toEqual({ cursor, status: 400 });
      expect(await response.json()).toMatchObject({ message: expect.stringContaining('cursor') as unknown });
    }
  });

  it('accepts only a rule’s own parameter names', async () => {
    const versions = async () => (await admin.get<{ items: unknown[] }>('/api/rules/history')).items.length;
    const before = await versions();
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const response = await admin.request('PATCH', '/api/rules', { reason: 'probe', rules: { 'loan.velocity': { params: { [name]: 1 } } } });
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
      expect(await response.json()).toMatchObject({ message: expect.stringContaining(name === '__proto__' ? '"__proto__" is not allowed' : 'no such parameter') as unknown });
    }
    expect(await versions()).toBe(before);
  });

  it('needs a supervisor for a snooze longer than SNOOZE_ANALYST_MAX_DAYS', async () => {
    const path = '/api/accounts/snoozed-1/snoozes';
    const body = (days: number) => ({ ruleId: 'unbind.unknown-device', until: new Date(Date.now() + days * 86_400_000).toISOString(), reason: 'borrower travels for work' });
    const long = await ana.request('POST', path, body(300));
    expect(long.status).toBe(403);
    expect(await long.json()).toMatchObject({ error: 'SUPERVISOR_REQUIRED' });
    expect((await ana.request('POST', path, body(20))).status).toBe(201);
    expect((await admin.request('POST', path, body(300))).status).toBe(201);
  });
});
