import { type ConsoleClient, isolatedPrefix, launchChromium, PipelineHarness, screenshotPath, seedCase, openConsolePage } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';

const LOCALES = ['en', 'zh-CN'] as const;
type Locale = (typeof LOCALES)[number];
type Who = { username: string; password: string };
const ANA: Who = { username: 'ana', password: 'ana-password-0123' };
const BO: Who = { username: 'bo', password: 'bo-password-01234' };

/**
 * Routing (#24): an analyst's own open work in one view, and "Next case" / "Resolve and next", which
 * take the highest-priority case nobody holds that the analyst may work, and claim it. In Debian's
 * Chromium, in English and in Chinese.
 */
describe('console routing: my cases, next case, resolve and next', () => {
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let ana: ConsoleClient;
  let bo: ConsoleClient;
  let browser: Browser;
  let anaId: string;
  const tag = randomUUID().slice(0, 6);

  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  const seed = (key: string, score: number, decision: 'alert' | 'urgent' = 'alert') =>
    seedCase(harness.db, { accountId: `rt-${tag}-${key}`, eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 30, score, decision });
  const assigneeOf = async (caseId: string) =>
    (await harness.db.query<{ assignee_id: string | null; status: string }[]>(`SELECT assignee_id, status FROM fraud_case WHERE id = $1`, [caseId]))[0];

  const open = (locale: Locale, hash: string, who: Who) => openConsolePage(browser, harness.url('console'), { locale, hash, who, pageErrors });

  beforeAll(async () => {
    harness = await new PipelineHarness(['console'], { KAFKA_TOPIC_PREFIX: isolatedPrefix() }, 'console-routing-logs').start();
    admin = await harness.console();
    anaId = (await admin.post<{ id: string }>('/api/analysts', { ...ANA, displayName: 'Ana', role: 'analyst' })).id;
    await admin.post('/api/analysts', { ...BO, displayName: 'Bo', role: 'analyst' });
    ana = await harness.console(ANA.username, ANA.password);
    bo = await harness.console(BO.username, BO.password);
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('my cases lists what is assigned to me and not resolved; next case and resolve-and-next take the top case I may work, and claim it', async () => {
    const words = {
      en: { mine: 'My cases', next: 'Next case', resolveNext: 'Resolve and next', inReview: 'In review', none: 'No case is waiting for you' },
      'zh-CN': { mine: '我的案件', next: '下一个案件', resolveNext: '结案并处理下一个', inReview: '审核中', none: '没有等待您处理的案件' },
    };
    for (const locale of LOCALES) {
      // Ana's own work: one in review, one she resolved. Bo's, which is not hers.
      const mine = await seed(`mine-${locale}`, 50);
      await ana.post(`/api/cases/${mine.caseId}/claim`);
      const done = await seed(`done-${locale}`, 50);
      await ana.post(`/api/cases/${done.caseId}/claim`);
      await ana.post(`/api/cases/${done.caseId}/status`, { status: 'resolved', resolution: 'legitimate', reasonCode: 'false_positive' });
      // Above the cases Ana may take, three she may not: Bo holds one, one is resolved, one waits for a supervisor.
      const held = await seed(`held-${locale}`, 99, 'urgent');
      await bo.post(`/api/cases/${held.caseId}/claim`);
      const resolved = await seed(`resolved-${locale}`, 99, 'urgent');
      await admin.post(`/api/cases/${resolved.caseId}/claim`);
      await admin.post(`/api/cases/${resolved.caseId}/status`, { status: 'resolved', resolution: 'legitimate', reasonCode: 'false_positive' });
      const escalated = await seed(`escalated-${locale}`, 99, 'urgent');
      await admin.post(`/api/cases/${escalated.caseId}/escalate`, { reason: 'needs a supervisor' });
      // What she may take, in the order she should get them.
      const top = await seed(`top-${locale}`, 95, 'urgent');
      const second = await seed(`second-${locale}`, 80, 'urgent');
      const low = await seed(`low-${locale}`, 30);

      const { context, page } = await open(locale, '#/queue', ANA);
      await page.click(`header.topbar nav a:text-is("${words[locale].mine}")`);
      // The whole queue showed first: the view has changed once the cases nobody holds have left it.
      await page.waitForSelector(`tr[data-case="${top.caseId}"]`, { state: 'detached' });
      await page.waitForSelector(`tr[data-case="${mine.caseId}"]`);
      expect(page.url()).toContain('assigned=me');
      expect(await page.textContent('[data-testid=view-title]')).toBe(words[locale].mine);
      const rows = await page
        .locator('table.queue tbody tr[data-case]')
        .evaluateAll((trs: { getAttribute(name: string): string | null }[]) => trs.map((tr) => tr.getAttribute('data-case')));
      for (const id of [done, held, resolved, escalated, top].map((c) => c.caseId)) expect(rows).not.toContain(id);
      for (const assignee of await page.locator('table.queue tbody [data-testid=row-assignee]').allTextContents()) expect(assignee).toBe('Ana');
      for (const status of await page.locator('table.queue tbody [data-testid=row-status]').allTextContents()) expect(status).toBe(words[locale].inReview);
      await page.screenshot({ path: screenshotPath(`console-routing-my-cases-${locale}`) });

      // Next case: the top case she may work, claimed for her.
      await page.click(`[data-testid=next-case]:text-is("${words[locale].next}")`);
      await page.waitForSelector(`article.case h1:text-is("${top.referenceCode}")`);
      await page.waitForSelector(`[data-testid=case-status]:text-is("${words[locale].inReview}")`);
      expect(await assigneeOf(top.caseId)).toEqual({ assignee_id: anaId, status: 'in_review' });
      for (const skipped of [held, escalated]) expect((await assigneeOf(skipped.caseId)).assignee_id).not.toBe(anaId);
      await page.screenshot({ path: screenshotPath(`console-routing-next-case-${locale}`) });

      // Resolve and next: the case is resolved, and the next one is hers.
      await page.click('[data-testid=resolve]');
      await page.selectOption('[role=dialog] select[name=reasonCode]', 'false_positive');
      expect(await page.textContent('[data-testid=resolve-and-next]')).toBe(words[locale].resolveNext);
      await page.click('[data-testid=resolve-and-next]');
      await page.waitForSelector(`article.case h1:text-is("${second.referenceCode}")`);
      expect(await assigneeOf(top.caseId)).toEqual({ assignee_id: anaId, status: 'resolved' });
      expect(await assigneeOf(second.caseId)).toEqual({ assignee_id: anaId, status: 'in_review' });
      const [claimed] = await harness.db.query<{ actor: string }[]>(`SELECT actor FROM audit_log WHERE entity_id = $1 AND action = 'case.claimed'`, [second.caseId]);
      expect(claimed.actor).toBe('analyst:ana');

      // With nothing left she may take, Next case says so, in her language, and takes nothing.
      await ana.post(`/api/cases/${low.caseId}/claim`);
      await page.goto(`${harness.url('console')}/#/queue?assigned=me`);
      await page.waitForSelector(`tr[data-case="${second.caseId}"]`);
      await page.click('[data-testid=next-case]');
      await page.waitForSelector('[data-testid=next-none]');
      expect(await page.textContent('[data-testid=next-none]')).toContain(words[locale].none);
      expect((await assigneeOf(escalated.caseId)).assignee_id).toBeNull();
      await page.screenshot({ path: screenshotPath(`console-routing-next-none-${locale}`) });
      // At phone width My cases keeps Next case in reach and nothing scrolls sideways.
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.isVisible(`[data-testid=next-case]:text-is("${words[locale].next}")`)).toBe(true);
      await page.waitForSelector(`tr[data-case="${second.caseId}"]`);
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await context.close();
    }
  });

  it('two analysts asking for the next case at once get one case each', async () => {
    const first = await seed('race-a', 90, 'urgent');
    const second = await seed('race-b', 90, 'urgent');
    const [a, b] = await Promise.all([ana.post<{ case: { id: string } | null }>('/api/cases/next'), bo.post<{ case: { id: string } | null }>('/api/cases/next')]);
    expect([a.case?.id, b.case?.id].sort()).toEqual([first.caseId, second.caseId].sort());
  });

  it('a supervisor sets assignment rules; next case keeps their cases for their analyst, ahead of the queue and from everyone else', async () => {
    const SAM: Who = { username: 'sam', password: 'sam-password-0123' };
    await admin.post('/api/analysts', { ...SAM, displayName: 'Sam', role: 'supervisor' });
    const words = {
      en: { nav: 'Routing', title: 'Assignment rules', rule: 'Rule fired', language: "Borrower's language", chinese: 'Chinese', remove: 'Remove' },
      'zh-CN': { nav: '分配规则', title: '分配规则', rule: '触发的规则', language: '借款人语言', chinese: '中文', remove: '删除' },
    };
    type Taken = { case: { id: string } | null };
    for (const locale of LOCALES) {
      const { context, page } = await open(locale, '#/queue', SAM);
      await page.click(`header.topbar nav a:text-is("${words[locale].nav}")`);
      await page.waitForSelector(`h1:text-is("${words[locale].title}")`);
      const form = page.locator('[data-testid=routing-form]');
      const boOption = await form.locator('select[name=analystId] option', { hasText: 'Bo' }).getAttribute('value');
      const anaOption = await form.locator('select[name=analystId] option', { hasText: 'Ana' }).getAttribute('value');
      if (locale === 'en') {
        // The cases loan.dormant-account fires on go to Bo.
        await form.locator('select[name=kind]').selectOption('rule');
        await form.locator('select[name=value]').selectOption('loan.dormant-account');
        await form.locator('select[name=analystId]').selectOption(boOption);
      } else {
        // The cases of borrowers who read Chinese go to Ana.
        await form.locator('select[name=kind]').selectOption('language');
        await form.locator('select[name=value]').selectOption('zh-CN');
        await form.locator('select[name=analystId]').selectOption(anaOption);
      }
      await form.locator('button[type=submit]').click();
      const row = page.locator(locale === 'en' ? 'tr[data-kind=rule][data-value="loan.dormant-account"]' : 'tr[data-kind=language][data-value="zh-CN"]');
      await row.waitFor();
      expect(await row.locator('td').first().textContent()).toBe(locale === 'en' ? words.en.rule : words['zh-CN'].language);
      expect(await row.locator('[data-testid=routing-analyst]').textContent()).toBe(locale === 'en' ? 'Bo' : 'Ana');
      if (locale === 'zh-CN') expect(await row.locator('code').textContent()).toBe(words['zh-CN'].chinese);
      await page.screenshot({ path: screenshotPath(`console-routing-rules-${locale}`), fullPage: true });

      if (locale === 'en') {
        // Bo's case is the top of the queue, yet Ana's next case is the lower one nobody keeps; Bo's is his.
        const bos = await seedCase(harness.db, {
          accountId: `rt-${tag}-dormant`,
          eventType: 'loan.opened',
          ruleId: 'loan.dormant-account',
          openedMinutesAgo: 30,
          score: 97,
          decision: 'urgent',
        });
        const open = await seed('unrouted-en', 40);
        expect((await ana.post<Taken>('/api/cases/next')).case?.id).toBe(open.caseId);
        expect((await bo.post<Taken>('/api/cases/next')).case?.id).toBe(bos.caseId);
      } else {
        // A borrower who reads Chinese: a low case, yet Ana's before a higher one nobody keeps.
        const high = await seed('unrouted-zh', 95, 'urgent');
        const reader = await seed('reads-zh', 30);
        await harness.db.query(`INSERT INTO account_preference (account_id, locale, updated_at) VALUES ($1, 'zh-CN', now())`, [`rt-${tag}-reads-zh`]);
        expect((await ana.post<Taken>('/api/cases/next')).case?.id).toBe(reader.caseId);
        expect((await bo.post<Taken>('/api/cases/next')).case?.id).toBe(high.caseId);

        // Removed, the rule leaves the list and the audit log says who set and removed it.
        await row.locator(`button:text-is("${words[locale].remove}")`).click();
        await row.waitFor({ state: 'detached' });
        const trail = await harness.db.query<{ actor: string; action: string }[]>(`SELECT actor, action FROM audit_log WHERE entity_type = 'routing_rule' ORDER BY id`);
        expect(trail.map((e) => `${e.actor} ${e.action}`)).toEqual(['analyst:sam routing_rule.set', 'analyst:sam routing_rule.set', 'analyst:sam routing_rule.deleted']);
      }
      await context.close();
    }

    // An analyst reads the rules but may not change them.
    expect((await ana.request('POST', '/api/routing-rules', { kind: 'band', value: '80-100', analystId: anaId })).status).toBe(403);
    expect((await admin.request('POST', '/api/routing-rules', { kind: 'band', value: '81-100', analystId: anaId })).status).toBe(400);
  });
});
