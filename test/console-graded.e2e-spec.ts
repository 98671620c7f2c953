import { answerStepUp, type ConsoleClient, expireStepUps, isolatedPrefix, launchChromium, PipelineHarness, pollUntil, screenshotPath, seedCase } from '@sentinel/testing';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

const LOCALES = ['en', 'zh-CN'] as const;
type Locale = (typeof LOCALES)[number];
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/**
 * Graded responses in the console (#21), in Chromium: the Step-ups page (waiting for the borrower,
 * with what is held and the time left; how recent ones ended, counted per outcome over a chosen
 * period), in English, in Chinese and at phone width.
 */
describe('graded responses in the console', () => {
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let browser: Browser;
  const cases: Record<string, { caseId: string; referenceCode: string }> = {};

  async function open(viewport: { width: number; height: number }, locale: Locale, hash: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, timezoneId: 'Asia/Shanghai', locale });
    await context.addInitScript({ content: `localStorage.setItem('sentinel.locale', '${locale}')` });
    const page = await context.newPage();
    await page.goto(harness.url('console'));
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'test-admin-password-0123');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=who]');
    await page.goto(`${harness.url('console')}/${hash}`);
    return { context, page };
  }
  /** One attribute of every row a locator finds, in page order. */
  const attributes = async (rows: Locator, name: string) => Promise.all((await rows.all()).map((row) => row.getAttribute(name)));
  const noSidewaysScroll = async (page: Page) => await page.evaluate<boolean>('document.documentElement.scrollWidth <= innerWidth');

  beforeAll(async () => {
    // The console alone: the suite writes step-ups as the detector would, and ends them through the same code.
    harness = await new PipelineHarness(['console'], { KAFKA_TOPIC_PREFIX: isolatedPrefix(), STEP_UP_ANSWER_WAIT: '24h' }, 'console-graded-logs').start();
    admin = await harness.console();
    const seed = async (key: string, story: Omit<Parameters<typeof seedCase>[1], 'accountId'>) => (cases[key] = await seedCase(harness.db, { accountId: `gr-${key}`, ...story }));
    await seed('loan', { eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 120 });
    await seed('unbind', { eventType: 'card.unbound', ruleId: 'unbind.unknown-device', openedMinutesAgo: 23 * 60 + 30 });
    await seed('due', { eventType: 'password.reset', ruleId: 'loan.outsized-after-reset', openedMinutesAgo: 24 * 60 + 5 });
    await seed('urgent', { eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 60, decision: 'urgent' });
    await seed('released', { eventType: 'card.bound', ruleId: 'card.swap', openedMinutesAgo: 300 });
    await answerStepUp(harness.db, { caseId: cases.released.caseId, accountId: 'gr-released', answer: 'me' });
    await seed('denied', { eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 300 });
    await answerStepUp(harness.db, { caseId: cases.denied.caseId, accountId: 'gr-denied', answer: 'not_me' });
    await seed('expired', { eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 40 * 60 });
    await expireStepUps(harness.db, 25 * 3_600_000);
    // Ended three days ago: inside the last 7 days, outside the last day.
    await harness.db.query(`UPDATE borrower_answer SET answered_at = now() - interval '3 days' WHERE case_id = $1`, [cases.denied.caseId]);
    // Resolved cases for the calibration: 80-100 two fraud and a legitimate (one resolved five days ago), 40-59 an inconclusive.
    for (const [score, resolution, daysAgo] of [
      [92, 'fraud_confirmed', 0],
      [85, 'fraud_confirmed', 5],
      [88, 'legitimate', 0],
      [45, 'inconclusive', 0],
    ] as const) {
      const { caseId } = await seedCase(harness.db, { accountId: `gr-cal-${score}`, eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 60, score });
      await harness.db.query(`UPDATE fraud_case SET status = 'resolved', resolution = $2, resolved_at = now() - make_interval(days => $3) WHERE id = $1`, [
        caseId,
        resolution,
        daysAgo,
      ]);
    }
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('the step-ups API answers with waiting step-ups and counted outcomes, refuses a bad period and needs a session', async () => {
    const body = await admin.get<{ waitSeconds: number; waiting: { total: number; items: { referenceCode: string; holds: string[] }[] }; outcomes: { counts: unknown } }>(
      '/api/step-ups?days=7',
    );
    expect(body.waitSeconds).toBe(86_400);
    expect(body.waiting.items.map((s) => [s.referenceCode, s.holds])).toEqual([
      [cases.due.referenceCode, ['hold_disbursement', 'hold_card_binding']],
      [cases.unbind.referenceCode, ['hold_card_binding']],
      [cases.loan.referenceCode, ['hold_disbursement']],
    ]);
    expect(body.outcomes.counts).toEqual({ released: 1, not_me: 1, expired: 1 });
    const refused = await admin.request('GET', '/api/step-ups?days=0');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'INVALID_QUERY' });
    expect((await fetch(`${harness.url('console')}/api/step-ups`)).status).toBe(401);
  });

  it('an analyst sees step-ups waiting, what each holds and the time left, and how recent ones ended, in English and in Chinese', async () => {
    const words = {
      en: {
        nav: 'Step-ups',
        waiting: 'Waiting for the borrower (3)',
        held: { loan: 'Disbursement', unbind: 'Card binding', due: 'Disbursement, Card binding' },
        left: { loan: /^21 h \d+ min$/, unbind: /^2\d min$/, due: /^Due: goes to analysts now$/ },
        hint: /no answer within 24 h/,
        outcomes: { released: 'Released: "was me"', not_me: 'To analysts: "not me"', expired: 'To analysts: no answer in time' },
        day: 'Last 1 days',
      },
      'zh-CN': {
        nav: '加强验证',
        waiting: '等待借款人回答（3）',
        held: { loan: '放款', unbind: '绑卡', due: '放款, 绑卡' },
        left: { loan: /^21 小时 \d+ 分钟$/, unbind: /^2\d 分钟$/, due: /^已到期：即将转交分析员$/ },
        hint: /在 24 小时 内未回答/,
        outcomes: { released: '已解除：“是我”', not_me: '转交分析员：“不是我”', expired: '转交分析员：超时未回答' },
        day: '最近 1 天',
      },
    };
    for (const locale of LOCALES) {
      const w = words[locale];
      const { context, page } = await open(DESKTOP, locale, '#/queue');
      await page.click(`nav a:text-is("${w.nav}")`);
      await page.waitForSelector('[data-testid=step-ups-waiting]');
      expect(await page.textContent('h1')).toBe(w.nav);
      expect(await page.textContent('[data-testid=step-ups-waiting-title]')).toBe(w.waiting);
      expect(await page.textContent('section.step-ups > p.muted')).toMatch(w.hint);
      for (const key of ['loan', 'unbind', 'due'] as const) {
        const row = page.locator(`[data-testid=step-ups-waiting] tr[data-case="${cases[key].caseId}"]`);
        expect(await row.locator('a').textContent()).toBe(cases[key].referenceCode);
        expect(await row.locator('[data-testid=held]').textContent()).toBe(w.held[key]);
        expect((await row.locator('[data-testid=time-left]').textContent())!.trim()).toMatch(w.left[key]);
        expect(await row.textContent()).toContain(`gr-${key}`);
      }
      // Soonest to go to analysts first; the urgent case and the ended step-ups are not waiting.
      expect(await attributes(page.locator('[data-testid=step-ups-waiting] tbody tr'), 'data-case')).toEqual([cases.due.caseId, cases.unbind.caseId, cases.loan.caseId]);
      for (const [outcome, label] of Object.entries(w.outcomes)) {
        expect(await page.textContent(`[data-testid=step-up-counts] [data-outcome=${outcome}] h3`)).toBe(label);
        expect(await page.textContent(`[data-testid=step-up-counts] [data-outcome=${outcome}] .big`)).toBe('1');
      }
      expect(await attributes(page.locator('[data-testid=step-up-outcomes] tbody tr'), 'data-outcome')).toEqual(['expired', 'released', 'not_me']);
      expect(await page.textContent(`[data-testid=step-up-outcomes] tr[data-case="${cases.released.caseId}"]`)).toContain(w.outcomes.released);
      await page.screenshot({ path: screenshotPath(`console-step-ups-${locale}`), fullPage: true });

      // The last day only: the "not me" of three days ago drops out of the counts and the list.
      await page.selectOption('select[name=days]', '1');
      await pollUntil(async () => (await page.textContent('[data-testid=step-up-counts] [data-outcome=not_me] .big')) === '0', { what: 'the last day only' });
      expect(await page.textContent('select[name=days] option:checked')).toBe(w.day);
      expect(page.url()).toContain('days=1');
      expect(await page.locator('[data-testid=step-up-outcomes] tbody tr').count()).toBe(2);
      await context.close();
    }
  });

  it('at phone width the Step-ups page fits: no sideways scroll, each row opens its case from the first cells, the period can be changed', async () => {
    for (const locale of LOCALES) {
      const { context, page } = await open(PHONE, locale, '#/step-ups');
      await page.waitForSelector('[data-testid=step-ups-waiting]');
      expect(await noSidewaysScroll(page)).toBe(true);
      const first = page.locator('[data-testid=step-ups-waiting] tbody tr').first();
      // The reference and the time left are in view without scrolling sideways.
      for (const cell of [first.locator('td').nth(0), first.locator('[data-testid=time-left]')]) {
        const box = (await cell.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      }
      const counts = (await page.locator('[data-testid=step-up-counts]').boundingBox())!;
      expect(counts.x + counts.width).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: screenshotPath(`console-step-ups-phone-${locale}`), fullPage: true });
      await page.selectOption('select[name=days]', '30');
      await page.waitForURL((url) => url.hash.includes('days=30'));
      await first.locator('a').click();
      await page.waitForURL((url) => url.hash === `#/cases/${cases.due.caseId}`);
      await page.waitForSelector(`text=${cases.due.referenceCode}`);
      await context.close();
    }
  });

  it('the Rules page shows, per score band, resolved cases, fraud, legitimate and the share of fraud with its n, in English and in Chinese', async () => {
    const api = await admin.get<{ bands: { band: string; cases: number; decided: number; share: number | null }[] }>('/api/rules/calibration?days=30');
    expect(api.bands.map((b) => [b.band, b.cases, b.decided, b.share])).toEqual([
      ['0-19', 0, 0, null],
      ['20-39', 0, 0, null],
      ['40-59', 1, 0, null],
      // The step-up released by "was me" is a resolved legitimate case too.
      ['60-79', 1, 1, 0],
      ['80-100', 3, 3, 0.667],
    ]);
    expect((await admin.request('GET', '/api/rules/calibration?days=0')).status).toBe(400);
    const words = {
      en: { title: 'Score calibration', head: ['Score', 'Resolved cases', 'Fraud confirmed', 'Legitimate', 'Share of fraud'], few: 'too few cases to be sure' },
      'zh-CN': { title: '评分校准', head: ['评分', '已结案件', '确认欺诈', '正常', '欺诈比例'], few: '案件太少，尚不可靠' },
    };
    for (const locale of LOCALES) {
      const w = words[locale];
      const { context, page } = await open(DESKTOP, locale, '#/rules');
      await page.waitForSelector('[data-testid=calibration-table] tbody tr');
      expect(await page.textContent('[data-testid=score-calibration] h2')).toBe(w.title);
      expect(await page.locator('[data-testid=calibration-table] th').allTextContents()).toEqual(w.head);
      const cells = (band: string) => page.locator(`[data-testid=calibration-table] tr[data-band="${band}"] td`).allTextContents();
      expect(await cells('80-100')).toEqual(['80-100', '3', '2', '1', `67% (n=3) · ${w.few}`]);
      expect(await cells('60-79')).toEqual(['60-79', '1', '0', '1', `0% (n=1) · ${w.few}`]);
      expect(await cells('40-59')).toEqual(['40-59', '1', '0', '0', '—']);
      expect(await cells('0-19')).toEqual(['0-19', '0', '0', '0', '—']);
      await page.locator('[data-testid=score-calibration]').screenshot({ path: screenshotPath(`console-score-calibration-${locale}`) });
      // The last day only: the fraud resolved five days ago drops out.
      await page.selectOption('select[name=calibration-days]', '1');
      await pollUntil(async () => (await cells('80-100'))[1] === '2', { what: 'the last day only' });
      expect(await cells('80-100')).toEqual(['80-100', '2', '1', '1', `50% (n=2) · ${w.few}`]);
      await context.close();
    }
  });

  it('the metrics page counts responses by tier (heads-up, step-up, case), in English and in Chinese', async () => {
    // As the detector writes them: a "was this you?" per judged event with its decision, and the expiry pass's action.
    for (const decision of ['notice', 'notice', 'alert', 'urgent']) {
      await harness.db.query(`INSERT INTO outbox (topic, message_key, payload) VALUES ('account.alerts', 'gr-tier', $1)`, [
        JSON.stringify({ kind: 'fraud', decision, accountId: 'gr-tier', referenceCode: 'GRTIER01' }),
      ]);
    }
    await harness.db.query(`INSERT INTO outbox (topic, message_key, payload) VALUES ('account.actions', 'gr-tier', $1)`, [
      JSON.stringify({ reason: 'step_up_expired', accountId: 'gr-tier', referenceCode: 'GRTIER01' }),
    ]);
    const words = { en: ['Heads-up', 'Step-up', 'Case'], 'zh-CN': ['提醒', '加强验证', '案件'] };
    for (const locale of LOCALES) {
      const { context, page } = await open(DESKTOP, locale, '#/metrics');
      await page.waitForSelector('[data-testid=tiers] tr[data-tier]');
      const rows = await Promise.all(['heads_up', 'step_up', 'case'].map((tier) => page.locator(`[data-testid=tiers] tr[data-tier=${tier}] td`).allTextContents()));
      expect(rows).toEqual([
        [words[locale][0], '2'],
        [words[locale][1], '1'],
        [words[locale][2], '2'],
      ]);
      await page.locator('[data-testid=tiers]').screenshot({ path: screenshotPath(`console-tiers-${locale}`) });
      await context.close();
    }
  });
  it('the metrics page shows work by queue and by analyst (opened, waiting, past target, first touch, resolved, time to resolve, fraud), in English, in Chinese and at phone width', async () => {
    // Wen holds an urgent case five hours old (past the 240-minute target) and a fresh step-up, and
    // resolved one as fraud: touched after 10 min, resolved after an hour.
    const username = `wen-${Date.now().toString(36)}`;
    const [{ id: wen }] = await harness.db.query<{ id: string }[]>(
      `INSERT INTO analyst (username, display_name, role, password_hash) VALUES ($1, 'Wen Zhou', 'analyst', 'x') RETURNING id`,
      [username],
    );
    const held = async (key: string, minutesAgo: number, decision: 'alert' | 'urgent') => {
      const { caseId } = await seedCase(harness.db, { accountId: `gr-work-${key}`, eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: minutesAgo, decision });
      await harness.db.query(`UPDATE fraud_case SET assignee_id = $2, status = 'in_review' WHERE id = $1`, [caseId, wen]);
      return caseId;
    };
    await held('late', 300, 'urgent');
    await held('fresh', 30, 'alert');
    const done = await held('done', 120, 'alert');
    await harness.db.query(
      `UPDATE fraud_case SET status = 'resolved', resolution = 'fraud_confirmed', first_action_at = opened_at + interval '10 minutes', resolved_at = opened_at + interval '60 minutes' WHERE id = $1`,
      [done],
    );
    const words = {
      en: {
        head: ['Analyst', 'Opened', 'Waiting', 'Past target', 'First touch (median)', 'Resolved', 'To resolve (median)', 'Fraud confirmed'],
        min: (n: number) => `${n} min`,
        hour: '1 h 0 min',
        urgent: 'Urgent cases',
      },
      'zh-CN': {
        head: ['分析员', '新增', '待处理', '超出时限', '首次处理（中位数）', '已结案', '结案用时（中位数）', '确认欺诈'],
        min: (n: number) => `${n} 分钟`,
        hour: '1 小时 0 分钟',
        urgent: '紧急案件',
      },
    };
    for (const locale of LOCALES) {
      const w = words[locale];
      const { context, page } = await open(DESKTOP, locale, '#/metrics');
      await page.waitForSelector(`[data-testid=work-analysts] tr[data-analyst="${username}"]`);
      expect(await page.locator('[data-testid=work-analysts] th').allTextContents()).toEqual(w.head);
      expect(await page.locator(`[data-testid=work-analysts] tr[data-analyst="${username}"] td`).allTextContents()).toEqual([
        'Wen Zhou',
        '3',
        '2',
        '1',
        w.min(10),
        '1',
        w.hour,
        '1',
      ]);
      const urgent = await page.locator('[data-testid=work-queues] tr[data-queue=urgent] td').allTextContents();
      expect(urgent[0]).toBe(w.urgent);
      // The queue counts everyone's: at least Wen's late case is past target, and the one nobody holds is unassigned.
      expect(Number(urgent[3])).toBeGreaterThanOrEqual(1);
      expect(await attributes(page.locator('[data-testid=work-queues] tr[data-queue]'), 'data-queue')).toEqual(['urgent', 'alert']);
      await page.locator('[data-testid=work-analysts]').screenshot({ path: screenshotPath(`console-work-analysts-${locale}`) });
      // The whole dashboard, for the documents: work by queue and by analyst, responses by tier.
      await page.locator('[data-testid=work-queues]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`console-dashboards-${locale}`) });
      await context.close();

      const phone = await open(PHONE, locale, '#/metrics');
      await phone.page.waitForSelector(`[data-testid=work-analysts] tr[data-analyst="${username}"]`);
      expect(await noSidewaysScroll(phone.page)).toBe(true);
      await phone.page.screenshot({ path: screenshotPath(`console-dashboards-phone-${locale}`) });
      await phone.context.close();
    }
  });
});
