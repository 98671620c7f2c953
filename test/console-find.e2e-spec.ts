import type { AccountEvent } from '@sentinel/contracts';
import {
  anEvent,
  type ConsoleClient,
  isolatedPrefix,
  launchChromium,
  onboarded,
  PipelineHarness,
  pollUntil,
  relativeTo,
  ringStory,
  screenshotPath,
  SmtpSink,
  takeover,
} from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const API_KEY = 'console-find-ingest-key-0123456789';
const ANA = { username: 'ana', password: 'ana-password-0123' };
const SAM = { username: 'sam', password: 'sam-password-0123' };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

interface SseEvent {
  type: string;
  id?: string;
  data: Record<string, unknown>;
}

/**
 * Issue #14's "find anything, see the ring, live updates" in Chromium: the top bar's search (by
 * reference code, account prefix, phone or email, audited), the pivots and the ring graph on a
 * case page, and changes made elsewhere (claims, borrower answers, new cases) reaching open pages.
 */
describe('console: find, ring and live updates', () => {
  const prefix = isolatedPrefix();
  const at = relativeTo(Date.now());
  const tag = `find${randomUUID().slice(0, 6)}`;
  const victim = `${tag}-victim`;
  // Taken over by the same attacker's phone number, from a laptop of its own: a phone search finds both.
  const twin = `${tag}-twin`;
  const ring = ringStory(tag);
  let sink: SmtpSink;
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let browser: Browser;

  const post = async (events: AccountEvent[]) => expect((await harness.gateway('/v1/events', API_KEY, { events })).status).toBe(202);
  const caseOf = async (accountId: string) => {
    const { items } = await pollUntil(
      async () => {
        const found = await admin.get<{ items: { id: string; referenceCode: string }[] }>(`/api/cases?account=${accountId}`);
        return found.items.length > 0 ? found : undefined;
      },
      { what: `a case for ${accountId}` },
    );
    return items[0];
  };

  async function logIn(context: BrowserContext, who: { username: string; password: string }): Promise<Page> {
    const page = await context.newPage();
    await page.goto(harness.url('console'));
    await page.fill('input[name=username]', who.username);
    await page.fill('input[name=password]', who.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=who]');
    return page;
  }

  async function contextFor(locale: 'en' | 'zh-CN', viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport });
    await context.addInitScript({ content: `localStorage.setItem('sentinel.locale', '${locale}')` });
    return context;
  }

  const search = async (page: Page, term: string) => {
    await page.fill('form.search-box input[name=q]', term);
    await page.click('form.search-box button[type=submit]');
  };

  const fitsPhone = async (page: Page) => expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);

  /** Reads a server-sent event stream until `until` holds for an event, then disconnects. */
  async function readEvents(headers: Record<string, string>, until: (event: SseEvent) => boolean): Promise<SseEvent[]> {
    const controller = new AbortController();
    const response = await fetch(`${harness.url('console')}/api/live/cases`, { headers: { cookie: admin.cookie!, ...headers }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const events: SseEvent[] = [];
    let buffer = '';
    const deadline = setTimeout(() => controller.abort(), 20_000);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before the awaited event; got ${JSON.stringify(events)}`);
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            block
              .split('\n')
              .find((l) => l.startsWith(`${name}: `))
              ?.slice(name.length + 2);
          const event = { type: field('event') ?? 'message', id: field('id'), data: JSON.parse(field('data') ?? '{}') as Record<string, unknown> };
          events.push(event);
          if (until(event)) return events;
        }
      }
    } finally {
      clearTimeout(deadline);
      controller.abort();
    }
  }

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    harness = await new PipelineHarness(
      ['gateway', 'detector', 'notifier', 'console'],
      (urls) => ({
        KAFKA_TOPIC_PREFIX: prefix,
        INGEST_API_KEYS: `find:${API_KEY}`,
        SMTP_URL: sink.url,
        PUBLIC_BASE_URL: urls.console,
        DEFAULT_LOCALE: 'en',
        LATENESS_MS: '1000',
        DEFERRED_POLL_MS: '200',
        OUTBOX_POLL_MS: '200',
        MERCHANT_ROLLUP_POLL_MS: '200',
      }),
      'console-find-logs',
    ).start();
    admin = await harness.console();
    await admin.post('/api/analysts', { ...ANA, displayName: 'Ana Analyst', role: 'analyst' });
    await admin.post('/api/analysts', { ...SAM, displayName: 'Sam Supervisor', role: 'supervisor' });
    await post([...onboarded(victim, at), ...takeover(victim, at)]);
    await post([...onboarded(twin, at), ...takeover(twin, at, 0, `laptop-${twin}`)]);
    await post(Object.values(ring).flat());
    // A crowd behind r1's home IP, as behind a carrier's NAT: more accounts than the ring follows per entity.
    await post(
      Array.from({ length: 10 }, (_, i) =>
        anEvent('device.login', {
          accountId: `${tag}-crowd${i}`,
          occurredAt: new Date(Date.UTC(2026, 9, 1, 12, i)).toISOString(),
          device: { id: `phone-crowd${i}-${tag}`, ip: '198.51.100.10' },
        }),
      ),
    );
    // Behind r2's home IP only: two hops from r1, one from r2, so expanding r2 on r1's one-hop graph brings it in.
    await post([
      anEvent('device.login', { accountId: `${tag}-x1`, occurredAt: new Date(Date.UTC(2026, 9, 2, 9)).toISOString(), device: { id: `phone-x1-${tag}`, ip: '198.51.100.11' } }),
    ]);
    await Promise.all([victim, twin, `${tag}-r1`, `${tag}-r2`, `${tag}-r3`].map((a) => caseOf(a)));
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    await sink?.stop();
  });

  it('finds a case by its reference code, an account by its prefix, and accounts by phone or email (by hash), and audits every search', async () => {
    const victimCase = await caseOf(victim);
    const desktop = await contextFor('en', DESKTOP);
    const page = await logIn(desktop, ANA);

    // A code read aloud and typed back in lower case with a space: one exact hit opens the case.
    await search(page, `${victimCase.referenceCode.slice(0, 4).toLowerCase()} ${victimCase.referenceCode.slice(4)}`);
    await page.waitForSelector(`h1:text-is("${victimCase.referenceCode}")`);
    expect(page.url()).toContain(`#/cases/${victimCase.id}`);

    // The borrower's current email, typed in another case: their one case, straight away.
    await search(page, `  ${victim.toUpperCase()}@Example.com `);
    await page.waitForSelector(`h1:text-is("${victimCase.referenceCode}")`);

    // An account prefix lists the ring's accounts and their cases.
    await search(page, `${tag}-r`);
    await page.waitForSelector('[data-testid=search-accounts]');
    expect(await page.textContent('[data-testid=search-title]')).toBe(`Results for ${tag}-r`);
    const accounts = await page.locator('[data-testid=search-accounts] li code').allTextContents();
    expect(accounts).toEqual([`${tag}-r1`, `${tag}-r2`, `${tag}-r3`]);
    expect(await page.locator('[data-testid=search-cases] tbody tr').count()).toBe(3);
    await page.screenshot({ path: screenshotPath('console-search-results'), fullPage: true });

    // The attacker's phone as support would type it: found through its hash, shown masked.
    await search(page, '139 0000 0000');
    // The list of the previous search is still on the page until this one's results replace it.
    await page.waitForSelector('[data-testid=search-title]:text-is("Results for +86139****0000")');
    await page.waitForSelector('[data-testid=search-accounts]');
    expect(await page.textContent('[data-testid=search-title]')).toBe('Results for +86139****0000');
    expect(await page.locator('[data-testid=search-accounts] li code').allTextContents()).toEqual([twin, victim]);

    // Too short to search: the page says why, and nothing is listed.
    await search(page, 'ab');
    await page.waitForSelector('[role=alert]');
    expect(await page.textContent('[role=alert]')).toBe('an account id prefix needs at least 4 characters');
    const refused = await admin.request('POST', '/api/search', { q: '12 34' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'SEARCH_TERM_INVALID', message: expect.stringContaining('at least 7 digits') as unknown });
    await desktop.close();

    for (const [locale, viewport, name] of [
      ['zh-CN', DESKTOP, 'console-search-results-zh'],
      ['en', PHONE, 'console-search-results-phone'],
      ['zh-CN', PHONE, 'console-search-results-zh-phone'],
    ] as const) {
      const context = await contextFor(locale, viewport);
      const zhPage = await logIn(context, ANA);
      await search(zhPage, `${tag}-r`);
      await zhPage.waitForSelector('[data-testid=search-accounts]');
      if (locale === 'zh-CN') {
        expect(await zhPage.textContent('[data-testid=search-title]')).toBe(`“${tag}-r”的搜索结果`);
        expect(await zhPage.textContent('.search-results')).toContain('账户号');
        expect(await zhPage.textContent('.search-results')).not.toMatch(/Results|Accounts|Cases|Matched/);
      }
      if (viewport === PHONE) await fitsPhone(zhPage);
      await zhPage.screenshot({ path: screenshotPath(name), fullPage: true });
      if (locale === 'zh-CN') {
        await search(zhPage, 'ab');
        await zhPage.waitForSelector('[role=alert]');
        expect(await zhPage.textContent('[role=alert]')).not.toMatch(/[A-Za-z]{3,}/);
      }
      await context.close();
    }

    // Every search is in the audit trail, by whom and as what; a contact only masked.
    const searches: { actor: string; after: { kinds: string[]; term: string } }[] = await harness.db.query(
      `SELECT actor, after FROM audit_log WHERE action = 'search.performed' ORDER BY id`,
    );
    expect(searches.map((s) => s.after.kinds)).toContainEqual(['email']);
    expect(searches).toContainEqual({ actor: 'analyst:ana', after: expect.objectContaining({ kinds: ['reference'], term: victimCase.referenceCode }) as unknown });
    expect(searches).toContainEqual({ actor: 'analyst:ana', after: expect.objectContaining({ kinds: ['phone'], term: '+86139****0000' }) as unknown });
    expect(searches).toContainEqual({
      actor: 'analyst:ana',
      after: expect.objectContaining({ kinds: ['email'], term: expect.stringMatching(/^f\*\*\*@example\.com$/) as unknown }) as unknown,
    });
    const trail = JSON.stringify(searches);
    expect(trail).not.toContain('13900000000');
    expect(trail).not.toContain(`${victim}@example.com`);
    expect(harness.services.console.tail(100_000)).not.toContain('13900000000');
  });

  it('shows each device, IP, card and merchant on a case as a pivot, and the ring of linked accounts as a bounded graph', async () => {
    const r1 = await caseOf(`${tag}-r1`);
    const r2 = await caseOf(`${tag}-r2`);
    const api = await admin.get<{ nodes: { accountId: string; hop: number; case: { id: string } | null }[]; truncated: { accounts: boolean } }>(`/api/cases/${r1.id}/ring`);
    expect(api.nodes.length).toBeLessThanOrEqual(25);
    expect(api.nodes).toContainEqual({ accountId: `${tag}-r2`, hop: 1, case: expect.objectContaining({ id: r2.id }) as unknown });
    // r1's home IP is behind the crowd: cut at eight accounts, and said so.
    expect(api.truncated.accounts).toBe(true);
    expect((await admin.request('GET', `/api/cases/${r1.id}/ring?hops=3`)).status).toBe(400);

    for (const [locale, viewport, name] of [
      ['en', DESKTOP, 'console-case-ring'],
      ['zh-CN', DESKTOP, 'console-case-ring-zh'],
      ['en', PHONE, 'console-case-ring-phone'],
      ['zh-CN', PHONE, 'console-case-ring-zh-phone'],
    ] as const) {
      const context = await contextFor(locale, viewport);
      const page = await logIn(context, ANA);
      await page.goto(`${harness.url('console')}/#/cases/${r1.id}`);
      await page.waitForSelector('[data-testid=ring-graph]');
      const pivots = await page.textContent('[data-testid=pivots]');
      expect(pivots).toContain(`rig-${tag}`);
      expect(pivots).toContain(locale === 'en' ? 'Card fingerprint' : '银行卡指纹');
      // The IP is masked on screen, as everywhere else.
      expect(pivots).toContain('198.51.100.*');
      expect(pivots).not.toContain('198.51.100.10');
      expect(await page.textContent('[data-testid=ring-truncated]')).toContain(locale === 'en' ? 'Cut to stay readable' : '为便于阅读已截断');
      const list = (await page.textContent('[data-testid=ring-list]'))!;
      expect(list).toContain(`${tag}-r2`);
      expect(list).toContain(r2.referenceCode);
      expect(await page.locator('[data-testid=ring-graph] circle').count()).toBe(api.nodes.length);
      if (locale === 'zh-CN') expect(await page.textContent('.case-ring')).not.toMatch(/Linked|hop|Device|Cut/);
      if (viewport === PHONE) await fitsPhone(page);
      await page.screenshot({ path: screenshotPath(name), fullPage: true });

      if (locale === 'en' && viewport === DESKTOP) {
        // The card's pivot: every account the fingerprint ties together, with its case.
        await page.click('[data-testid=pivots] a[data-kind=card]');
        await page.waitForSelector('[data-testid=entity-accounts]');
        expect(await page.locator('[data-testid=entity-accounts] tbody tr').count()).toBe(3);
        expect(await page.textContent('[data-testid=entity-accounts]')).toContain(r2.referenceCode);
        await page.click(`[data-testid=entity-accounts] a:text-is("${r2.referenceCode}")`);
        await page.waitForSelector(`h1:text-is("${r2.referenceCode}")`);
        await page.screenshot({ path: screenshotPath('console-entity-pivot'), fullPage: true });
      }
      await context.close();
    }
  });

  it('lets an analyst filter the ring by link kind and time, expand an account, and ask for up to 500 accounts', async () => {
    const r1 = await caseOf(`${tag}-r1`);
    type RingBody = {
      accountId: string;
      nodes: { accountId: string; hop: number }[];
      entities: { kind: string; value: string; firstAt: string | null; lastAt: string | null }[];
      truncated: { nodes: boolean };
    };
    const ring = await admin.get<RingBody>(`/api/cases/${r1.id}/ring?hops=1`);
    // Every link says when it tied the graph's accounts: the card from r1's bind (2 October) to r3's (8 October).
    expect(ring.entities.find((e) => e.kind === 'card')).toMatchObject({ firstAt: '2026-10-02T10:00:00.000Z', lastAt: '2026-10-08T10:00:00.000Z' });
    expect(ring.nodes.map((n) => n.accountId)).not.toContain(`${tag}-x1`);
    // Around r2: r2 at the centre, x1 one hop out.
    const around = await admin.get<RingBody>(`/api/cases/${r1.id}/ring?hops=1&around=${tag}-r2`);
    expect(around.accountId).toBe(`${tag}-r2`);
    expect(around.nodes).toContainEqual(expect.objectContaining({ accountId: `${tag}-x1`, hop: 1 }));
    expect((await admin.get<RingBody>(`/api/cases/${r1.id}/ring?nodes=3`)).nodes).toHaveLength(3);
    for (const bad of ['nodes=501', 'nodes=1', 'nodes=many', `around=${'a'.repeat(201)}`]) {
      const refused = await admin.request('GET', `/api/cases/${r1.id}/ring?${bad}`);
      expect({ bad, status: refused.status, error: ((await refused.json()) as { error: string }).error }).toEqual({ bad, status: 400, error: 'INVALID_QUERY' });
    }

    for (const [locale, viewport, name] of [
      ['en', DESKTOP, 'console-ring-filtered'],
      ['zh-CN', PHONE, 'console-ring-filtered-zh-phone'],
    ] as const) {
      const context = await contextFor(locale, viewport);
      const page = await logIn(context, ANA);
      await page.goto(`${harness.url('console')}/#/cases/${r1.id}`);
      await page.waitForSelector('[data-testid=ring-graph] [data-edge]');
      const edges = (kind?: string) => page.locator(`[data-testid=ring-graph] [data-edge]${kind ? `[data-kind=${kind}]` : ''}`).count();
      const all = await edges();
      expect(await edges('card')).toBeGreaterThan(0);
      // Cards hidden: no card edge, every other kind still drawn, and the page says how many it hid.
      await page.uncheck('[data-testid=ring-filters] input[name=kind-card]');
      expect(await edges('card')).toBe(0);
      expect(await edges('device')).toBeGreaterThan(0);
      expect(await page.textContent('[data-testid=ring-counts]')).toMatch(locale === 'en' ? /links? hidden by the filters/ : /筛选隐藏了 \d+ 条关联/);
      await page.check('[data-testid=ring-filters] input[name=kind-card]');
      expect(await edges()).toBe(all);
      // The story's links are from October: none within the last 30 days, all within 90.
      await page.selectOption('[data-testid=ring-filters] select[name=link-days]', '30');
      expect(await edges()).toBe(0);
      expect(await page.locator('[data-testid=ring-graph] .ring-faded').count()).toBeGreaterThan(0);
      await page.selectOption('[data-testid=ring-filters] select[name=link-days]', '90');
      expect(await edges()).toBe(all);

      // One hop out, x1 is not on the graph; expanding r2 (its circle on a desktop, its button in the list on a phone) brings it in.
      await page.click(`.ring-hops button:has-text("${locale === 'en' ? '1-hop' : '1 跳'}")`);
      await page.waitForSelector(`[data-testid=ring-graph] circle[data-account="${tag}-r2"]`);
      await pollUntil(async () => (await page.locator('[data-testid=ring-graph] circle').count()) === ring.nodes.length || undefined, { what: 'the one-hop graph' });
      expect(await page.locator(`[data-testid=ring-graph] circle[data-account="${tag}-x1"]`).count()).toBe(0);
      if (viewport === DESKTOP) await page.click(`[data-testid=ring-graph] circle[data-account="${tag}-r2"][role=button]`);
      else await page.click(`[data-testid=ring-list] button[data-expand="${tag}-r2"]`);
      await page.waitForSelector(`[data-testid=ring-graph] circle[data-account="${tag}-x1"]`);
      await page.waitForSelector(`[data-testid=ring-graph] circle[data-account="${tag}-r2"][data-expanded]`);
      expect(await page.textContent(`[data-testid=ring-list] button[data-expand="${tag}-r2"]`)).toBe(locale === 'en' ? 'Expanded' : '已展开');
      expect(await page.textContent('[data-testid=ring-filters]')).toContain(locale === 'en' ? 'Links shown' : '显示的关联');
      if (locale === 'zh-CN') expect(await page.textContent('[data-testid=ring-filters]')).not.toMatch(/Links|Linked|any time/);
      if (viewport === PHONE) await fitsPhone(page);
      await page.screenshot({ path: screenshotPath(name), fullPage: true });
      await context.close();
    }
  });

  it('a claim in one browser and a borrower’s answer on the verify page reach another analyst’s open case page without a reload', async () => {
    const victimCase = await caseOf(victim);
    const anaContext = await contextFor('en', DESKTOP);
    const ana = await logIn(anaContext, ANA);
    await ana.goto(`${harness.url('console')}/#/cases/${victimCase.id}`);
    await ana.waitForSelector('[data-testid=assignee]:text-is("Unassigned")');
    // The same case open in Chinese on a phone, which the same changes reach.
    const phoneContext = await contextFor('zh-CN', PHONE);
    const anaPhone = await logIn(phoneContext, ANA);
    await anaPhone.goto(`${harness.url('console')}/#/cases/${victimCase.id}`);
    await anaPhone.waitForSelector('[data-testid=case-status]:text-is("待处理")');

    const samContext = await contextFor('en', DESKTOP);
    const sam = await logIn(samContext, SAM);
    await sam.goto(`${harness.url('console')}/#/cases/${victimCase.id}`);
    await sam.click('button:has-text("Claim")');
    await sam.waitForSelector('[data-testid=assignee]:text-is("Held by Sam Supervisor")');
    // Held by a colleague: since when, in Ana's local time.
    await ana.waitForSelector('[data-testid=assignee]:text-matches("^Held by Sam Supervisor since ")');
    expect(await ana.textContent('[data-testid=case-status]')).toBe('In review');
    await anaPhone.waitForSelector('[data-testid=case-status]:text-is("审核中")');

    // The borrower answers "not me" through the emailed link, on a phone.
    const mail = await pollUntil(() => sink.received.find((m) => m.to.includes(`${victim}@example.com`)), { what: 'the alert email' });
    const link = /https?:\/\/\S+\/verify\/[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '')![0];
    const borrower = await browser.newPage({ viewport: PHONE });
    await borrower.goto(link);
    await borrower.click('#answer-not-me');
    await borrower.waitForSelector('#done');
    await borrower.close();
    await ana.waitForSelector('li:has-text("Not me")');
    await ana.screenshot({ path: screenshotPath('console-case-live'), fullPage: true });
    await anaPhone.waitForSelector('li:has-text("不是本人")');
    await fitsPhone(anaPhone);
    await anaPhone.screenshot({ path: screenshotPath('console-case-live-zh-phone'), fullPage: true });
    await phoneContext.close();
    await samContext.close();
    await anaContext.close();
  });

  it('a new case makes the queue say how many arrived, and shows them on a click', async () => {
    const pages: [Page, 'en' | 'zh-CN', string][] = [];
    for (const [locale, viewport, name] of [
      ['en', DESKTOP, 'console-queue-new-cases'],
      ['zh-CN', DESKTOP, 'console-queue-new-cases-zh'],
      ['zh-CN', PHONE, 'console-queue-new-cases-zh-phone'],
    ] as const) {
      const page = await logIn(await contextFor(locale, viewport), ANA);
      await page.waitForSelector('[data-testid=case-count]');
      pages.push([page, locale, name]);
    }
    // An account typed into the filters but not yet applied, on the desktop page: the live arrival
    // re-renders the queue, and must not put the applied (empty) filter back over the typing.
    const [desktop] = pages[0];
    await desktop.fill('form.filters input[name=account]', 'half-typed');
    const newcomer = `${tag}-new`;
    await post([...onboarded(newcomer, relativeTo(Date.now())), ...takeover(newcomer, relativeTo(Date.now()))]);
    const arrived = await caseOf(newcomer);
    for (const [page, locale, name] of pages) {
      await page.waitForSelector('[data-testid=new-cases]');
      if (page === desktop) expect(await page.inputValue('form.filters input[name=account]')).toBe('half-typed');
      expect(await page.textContent('[data-testid=new-cases]')).toBe(locale === 'en' ? '1 new case: show it' : '有 1 个新案件：点击显示');
      expect(await page.locator(`tr[data-case="${arrived.id}"]`).count()).toBe(0);
      if (name.endsWith('phone')) await fitsPhone(page);
      await page.screenshot({ path: screenshotPath(name), fullPage: true });
      await page.click('[data-testid=new-cases]');
      await page.waitForSelector(`tr[data-case="${arrived.id}"]`);
      expect(await page.locator('[data-testid=new-cases]').count()).toBe(0);
      await page.context().close();
    }
  });

  it('a reconnecting stream resumes from its Last-Event-ID: a change made while it was away is replayed', async () => {
    const r3 = await caseOf(`${tag}-r3`);
    // The feed re-reads a window behind its watermark, so a claim made as the stream opens still arrives.
    const [events] = await Promise.all([readEvents({}, (e) => e.type === 'case' && e.data.id === r3.id && e.data.assignee !== null), admin.post(`/api/cases/${r3.id}/claim`)]);
    const mark = events.at(-1)!.id!;
    expect(mark).toMatch(/^\d+$/);
    // Away: the case is released; back with the last id seen, the release arrives.
    await admin.post(`/api/cases/${r3.id}/release`);
    const replay = await readEvents({ 'last-event-id': mark }, (e) => e.type === 'case' && e.data.id === r3.id && e.data.assignee === null);
    expect(replay.at(-1)!.data).toMatchObject({ id: r3.id, status: 'open', assignee: null });
    expect(BigInt(replay.at(-1)!.id!)).toBeGreaterThan(BigInt(mark));
    // Without a session there is no stream, no search and no ring; each route is in the OpenAPI document.
    const base = harness.url('console');
    expect((await fetch(`${base}/api/live/cases`)).status).toBe(401);
    expect((await fetch(`${base}/api/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"q":"+8613900000000"}' })).status).toBe(401);
    expect((await fetch(`${base}/api/cases/${r3.id}/ring`)).status).toBe(401);
    const spec = (await (await fetch(`${base}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(spec.paths['/api/search'])).toContain('post');
    expect(Object.keys(spec.paths['/api/cases/{id}/ring'])).toContain('get');
    expect(Object.keys(spec.paths['/api/live/cases'])).toContain('get');
  });
});
