import type { AccountEvent } from '@sentinel/contracts';
import { EventLogRepository } from '@sentinel/persistence';
import { anEvent, type ConsoleClient, isolatedPrefix, launchChromium, PipelineHarness, screenshotPath, seedCase, TEST_ADMIN, openConsolePage } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';

const LOCALES = ['en', 'zh-CN'] as const;
type Locale = (typeof LOCALES)[number];

/**
 * #24 defect 16 and its feature, in Debian's Chromium in English and in Chinese: a backtest of one
 * rule's changed score shows, per rule, the hits and the accounts with a case it changes; the
 * accounts whose case it would open or close, each linked to the case it has; and the precision
 * before and after on the accounts with an outcome, with its n.
 */
describe('a backtest an analyst can trust (#24)', () => {
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let browser: Browser;
  const tag = randomUUID().slice(0, 6);
  const account = (name: string) => `bt-${tag}-${name}`;
  const refs: Record<string, { caseId: string; referenceCode: string }> = {};

  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  const open = (locale: Locale, hash: string) => openConsolePage(browser, harness.url('console'), { locale, hash, who: TEST_ADMIN, pageErrors });

  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

  /** The account's case as the detector opened it, and its stored events; an outcome resolves it. */
  async function story(name: string, events: AccountEvent[], outcome?: 'fraud_confirmed' | 'legitimate') {
    const accountId = account(name);
    refs[name] = await seedCase(harness.db, {
      accountId,
      eventType: 'device.login',
      ruleId: events.at(-1)?.type === 'card.unbound' ? 'unbind.unknown-device' : 'loan.new-device',
      openedMinutesAgo: 60,
    });
    await harness.db.transaction((m) =>
      new EventLogRepository().recordEvents(
        m,
        events.map((e) => ({ ...e, accountId })),
        events.map((_, i) => i + 2),
      ),
    );
    if (outcome) await harness.db.query(`UPDATE fraud_case SET status = 'resolved', resolution = $2, resolved_at = now() WHERE id = $1`, [refs[name].caseId, outcome]);
  }

  // Each account's laptop is its own: one shared by several accounts would make them a ring, a case of its own.
  const laptop = () => ({ id: `laptop-${randomUUID().slice(0, 8)}` });
  // A card unbound from a laptop the account has never used: unbind.unknown-device alone, a case at its score of 70.
  const unbind = () => [anEvent('device.login', { occurredAt: hoursAgo(30) }), anEvent('card.unbound', { device: laptop(), occurredAt: hoursAgo(29) })];
  // A loan from a new device: loan.new-device with loan.without-consent, a case whatever unbind.unknown-device scores.
  const loan = () => {
    const device = laptop();
    return [
      anEvent('device.login', { occurredAt: hoursAgo(30) }),
      anEvent('device.login', { device, occurredAt: hoursAgo(29.5) }),
      anEvent('loan.opened', { device, occurredAt: hoursAgo(29) }),
    ];
  };

  beforeAll(async () => {
    harness = await new PipelineHarness(['console'], { KAFKA_TOPIC_PREFIX: isolatedPrefix() }, 'console-backtest-logs').start();
    admin = await harness.console();
    // Four unbinds (two confirmed fraud, one legitimate, one still open) and two loans, both fraud:
    // 4 of 5 with an outcome were fraud; lowering the unbind rule leaves the 2 loans, both fraud.
    await story('u1', unbind(), 'fraud_confirmed');
    await story('u2', unbind(), 'fraud_confirmed');
    await story('u3', unbind(), 'legitimate');
    await story('u4', unbind());
    await story('l1', loan(), 'fraud_confirmed');
    await story('l2', loan(), 'fraud_confirmed');
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('16: lowering one rule score lists its per-rule change, the cases it would close with working links, and the precision before and after with n', async () => {
    const words = {
      en: { run: 'Run backtest', closed: /Accounts that would no longer get a case: 4/, opened: /No account would newly get a case/, before: /80% \(n=5\)/, after: /100% \(n=2\)/ },
      'zh-CN': { run: '运行回测', closed: /将不再开立案件的账户：4 个/, opened: /没有账户会新开立案件/, before: /80%（n=5）/, after: /100%（n=2）/ },
    };
    for (const locale of LOCALES) {
      const { context, page } = await open(locale, '#/rules');
      await page.waitForSelector('[data-testid=live-version]');
      await page.fill('input[name="unbind.unknown-device.score"]', '10');
      await page.fill('input[name=days]', '7');
      await page.click(`button:has-text("${words[locale].run}")`);
      await page.waitForSelector('[data-testid=backtest-table]');

      // Per rule: hits live, draft, added, removed; then accounts with a case live, draft and the change.
      const cells = await page.locator('[data-testid=backtest-table] tr[data-rule="unbind.unknown-device"] td').allTextContents();
      expect(cells).toEqual(['unbind.unknown-device', '4', '4', '+0', '-0', '4', '0', '-4']);
      expect(await page.locator('[data-testid=backtest-table] tr[data-rule="loan.new-device"] td').allTextContents()).toEqual([
        'loan.new-device',
        '2',
        '2',
        '+0',
        '-0',
        '2',
        '2',
        '0',
      ]);

      // The cases it would close, each linked by its reference; none it would open.
      expect(await page.textContent('[data-testid=backtest-closed]')).toMatch(words[locale].closed);
      expect(await page.textContent('[data-testid=backtest-opened]')).toMatch(words[locale].opened);
      const closed = page.locator('[data-testid=backtest-closed] [data-account]');
      expect((await closed.evaluateAll((items: { getAttribute(name: string): string | null }[]) => items.map((i) => i.getAttribute('data-account')))).sort()).toEqual(
        ['u1', 'u2', 'u3', 'u4'].map(account),
      );
      for (const name of ['u1', 'u4']) {
        const link = page.locator(`[data-testid=backtest-closed] [data-account="${account(name)}"] a`);
        expect(await link.textContent()).toBe(refs[name].referenceCode);
        expect(await link.getAttribute('href')).toBe(`#/cases/${refs[name].caseId}`);
      }

      // Precision on the accounts with an outcome: 4 fraud of 5 before, 2 of 2 after.
      const precision = page.locator('[data-testid=backtest-precision]');
      expect(await precision.locator('[data-side=baseline]').textContent()).toMatch(words[locale].before);
      expect(await precision.locator('[data-side=candidate]').textContent()).toMatch(words[locale].after);
      await page.locator('[data-testid=rule-backtest]').screenshot({ path: screenshotPath(`console-backtest-deltas-${locale}`) });

      // The link opens the case.
      await page.click(`[data-testid=backtest-closed] [data-account="${account('u4')}"] a`);
      await page.waitForSelector(`h1:has-text("${refs.u4.referenceCode}")`);
      await context.close();
    }
    const api = await admin.post<{ rules: { ruleId: string; caseAccounts: { baseline: number; candidate: number } }[]; precision: { sampled: number } }>('/api/rules/backtest', {
      days: 7,
      rules: { 'unbind.unknown-device': { score: 10 } },
    });
    expect(api.rules.find((r) => r.ruleId === 'unbind.unknown-device')?.caseAccounts).toEqual({ baseline: 4, candidate: 0 });
    expect(api.precision.sampled).toBe(5);
  });
  it('1: with no rule set stored, the page, the backtest and its precision all read the same live version, and a save builds on it', async () => {
    const words = {
      en: { run: 'Run backtest', live: (v: number) => `Live rule set: version ${v}`, side: (v: number) => `Live v${v}`, save: 'Save as new version', saved: 'Saved version 2.' },
      'zh-CN': { run: '运行回测', live: (v: number) => `当前规则集：第 ${v} 版`, side: (v: number) => `当前 v${v}`, save: '保存为新版本', saved: '已保存第 2 版。' },
    };
    for (const locale of LOCALES) {
      // A console before any detector has started: nothing stored.
      await harness.db.query('DELETE FROM rule_set');
      const { context, page } = await open(locale, '#/rules');
      await page.waitForSelector(`[data-testid=live-version]:text-is("${words[locale].live(1)}")`);
      await page.fill('input[name=days]', '7');
      await page.click(`button:has-text("${words[locale].run}")`);
      const baseline = page.locator('[data-testid=backtest-precision] [data-side=baseline]');
      await baseline.waitFor();
      expect(await baseline.textContent()).toContain(words[locale].side(1));

      // The change is made against version 1, as shown, not refused as made against a stale one.
      await page.fill('input[name="unbind.unknown-device.score"]', '65');
      await page.fill('input[name=reason]', `first tuning ${locale}`);
      await page.click(`button[type=submit]:has-text("${words[locale].save}")`);
      await page.waitForSelector(`p.ok:text-is("${words[locale].saved}")`);
      await page.waitForSelector(`[data-testid=live-version]:text-is("${words[locale].live(2)}")`);
      // The defaults it was made against are stored as version 1, to compare with and roll back to.
      expect(await page.locator('[data-testid=rule-history] tbody tr td:first-child').allTextContents()).toEqual(['v2', 'v1']);
      await context.close();
    }
    const stored = await harness.db.query<{ version: number; created_by: string }[]>('SELECT version, created_by FROM rule_set ORDER BY version');
    expect(stored.map((r) => r.version)).toEqual([1, 2]);
    expect(stored[0].created_by).toBe('system');
  });
});
