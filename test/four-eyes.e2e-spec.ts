import { RuleSetRepository } from '@sentinel/persistence';
import { defaultRuleSet } from '@sentinel/rules';
import { type ConsoleClient, isolatedPrefix, launchChromium, PipelineHarness, pollUntil, screenshotPath, seedCase, openConsolePage } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';

const LOCALES = ['en', 'zh-CN'] as const;
type Locale = (typeof LOCALES)[number];
type Who = { username: string; password: string };
const ANA: Who = { username: 'ana', password: 'ana-password-0123' };
const BO: Who = { username: 'bo', password: 'bo-password-01234' };
const SAM: Who = { username: 'sam', password: 'sam-password-0123' };
const SUE: Who = { username: 'sue', password: 'sue-password-0123' };

const words = {
  en: {
    awaiting: 'Awaiting approval',
    approvals: 'Approvals',
    approve: 'Approve',
    reject: 'Reject',
    own: 'Your request: a second person approves it',
    sent: 'Sent for approval',
    resolved: 'Resolved',
    requested: 'Confirmed fraud, sent for approval',
    approved: 'Confirmed fraud approved',
    publicationRequested: 'Rule-set publication sent for approval',
    publicationApproved: 'Rule-set publication approved',
  },
  'zh-CN': {
    awaiting: '待审批',
    approvals: '待审批',
    approve: '批准',
    reject: '驳回',
    own: '您提交的申请，须由第二人审批',
    sent: '已提交审批',
    resolved: '已结案',
    requested: '确认欺诈，已提交审批',
    approved: '批准确认欺诈',
    publicationRequested: '规则集发布，已提交审批',
    publicationApproved: '批准规则集发布',
  },
};

/**
 * Four eyes (#24): confirmed fraud on a case whose loans are over FOUR_EYES_AMOUNT, and every
 * rule-set publication, take effect only when a second person approves them. Two people in Debian's
 * Chromium, one asking and one approving, in English and in Chinese; the audit shows both.
 */
describe('console four eyes: one person asks, a second approves', () => {
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let browser: Browser;
  const tag = randomUUID().slice(0, 6);

  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  const open = (locale: Locale, hash: string, who: Who) => openConsolePage(browser, harness.url('console'), { locale, hash, who, pageErrors });

  const caseState = async (caseId: string) =>
    (await harness.db.query<{ status: string; resolution: string | null }[]>(`SELECT status, resolution FROM fraud_case WHERE id = $1`, [caseId]))[0];

  beforeAll(async () => {
    harness = await new PipelineHarness(
      ['console'],
      // On, as a deployment has it; 1 000 yuan, under the 5 000-yuan loan each seeded case holds.
      { KAFKA_TOPIC_PREFIX: isolatedPrefix(), FOUR_EYES_RULE_SETS: 'true', FOUR_EYES_AMOUNT: '1000' },
      'four-eyes-logs',
    ).start();
    // What a detector stores on its first start; this suite runs the console alone.
    await harness.db.transaction((m) => new RuleSetRepository(harness.db).insert(m, defaultRuleSet(1), 'system', 'default rule set'));
    admin = await harness.console();
    await admin.post('/api/analysts', { ...ANA, displayName: 'Ana', role: 'analyst' });
    await admin.post('/api/analysts', { ...BO, displayName: 'Bo', role: 'analyst' });
    await admin.post('/api/analysts', { ...SAM, displayName: 'Sam', role: 'supervisor' });
    await admin.post('/api/analysts', { ...SUE, displayName: 'Sue', role: 'supervisor' });
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('an analyst confirms fraud on a large case; it awaits approval, she cannot approve it, a second analyst does, and the case audit shows both', async () => {
    for (const locale of LOCALES) {
      const seeded = await seedCase(harness.db, { accountId: `fe-${tag}-${locale}`, eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 10 });
      const asker = await open(locale, `#/cases/${seeded.caseId}`, ANA);
      await asker.page.click('[data-testid=claim]');
      await asker.page.waitForSelector('[data-testid=assignee]:has-text("Ana")');
      await asker.page.click('[data-testid=resolve]');
      await asker.page.selectOption('[role=dialog] select[name=reasonCode]', 'confirmed_fraud');
      await asker.page.click('[role=dialog] button[type=submit]:not([data-testid])');
      await asker.page.waitForSelector(`[data-testid=awaiting-approval]:text-is("${words[locale].awaiting}")`);
      expect(await asker.page.locator('[data-testid=resolve-dialog]').count()).toBe(0);
      expect(await caseState(seeded.caseId)).toEqual({ status: 'in_review', resolution: null });
      // Her own request: the buttons say why they are off.
      expect(await asker.page.textContent('[data-testid=pending-resolution]')).toContain(words[locale].own);
      expect(await asker.page.isDisabled('[data-testid=pending-resolution] [data-testid=approve]')).toBe(true);
      await asker.page.screenshot({ path: screenshotPath(`console-four-eyes-case-awaiting-${locale}`) });

      // Bo finds it in his approvals and approves it.
      const approver = await open(locale, '#/queue', BO);
      await approver.page.click(`header.topbar nav a:text-is("${words[locale].approvals}")`);
      const row = approver.page.locator(`[data-testid=approvals] tr:has(a:text-is("${seeded.referenceCode}"))`);
      await row.waitFor();
      await approver.page.screenshot({ path: screenshotPath(`console-four-eyes-approvals-${locale}`) });
      await row.locator('input[name=note]').fill('agreed: the borrower denied it');
      await row.locator(`[data-testid=approve]:text-is("${words[locale].approve}")`).click();
      await row.waitFor({ state: 'detached' });
      expect(await caseState(seeded.caseId)).toEqual({ status: 'resolved', resolution: 'fraud_confirmed' });

      // The asker's page sees the resolution arrive, and the case audit names both people.
      await asker.page.reload();
      await asker.page.waitForSelector(`[data-testid=case-status]:has-text("${words[locale].resolved}")`);
      const audit = await asker.page.textContent('[data-testid=audit]');
      expect(audit).toContain(words[locale].requested);
      expect(audit).toContain(words[locale].approved);
      const trail = await harness.db.query<{ action: string; actor: string }[]>(
        `SELECT action, actor FROM audit_log WHERE entity_type = 'case' AND entity_id = $1 AND action LIKE 'case.resolution_%' ORDER BY id`,
        [seeded.caseId],
      );
      expect(trail).toEqual([
        { action: 'case.resolution_requested', actor: 'analyst:ana' },
        { action: 'case.resolution_approved', actor: 'analyst:bo' },
      ]);
      await asker.page.screenshot({ path: screenshotPath(`console-four-eyes-case-approved-${locale}`) });
      await asker.context.close();
      await approver.context.close();
    }
  });

  it('a supervisor publishes a rule change; the Rules page shows it awaiting approval, a second supervisor approves it there, and the audit log shows both', async () => {
    for (const locale of LOCALES) {
      const before = await admin.get<{ version: number; rules: { id: string; score: number }[] }>('/api/rules');
      const rule = before.rules.find((r) => r.id === 'loan.velocity')!;
      const asker = await open(locale, '#/rules', SAM);
      const score = asker.page.locator('tr[data-rule="loan.velocity"] input[name="loan.velocity.score"]');
      await score.fill(String(rule.score === 40 ? 41 : 40));
      await asker.page.fill('form:has(table.rules) input[name=reason]', `four eyes ${locale}`);
      await asker.page.click('form:has(table.rules) button[type=submit]');
      await asker.page.waitForSelector(`p.ok:has-text("${words[locale].sent}")`);
      await asker.page.reload();
      await asker.page.waitForSelector(`[data-testid=rules-pending] .badge:text-is("${words[locale].awaiting}")`);
      expect(await asker.page.isDisabled('[data-testid=rules-pending] [data-testid=approve]')).toBe(true);
      expect((await admin.get<{ version: number }>('/api/rules')).version).toBe(before.version);
      await asker.page.screenshot({ path: screenshotPath(`console-four-eyes-rules-awaiting-${locale}`) });

      const approver = await open(locale, '#/rules', SUE);
      await approver.page.click(`[data-testid=rules-pending] [data-testid=approve]:text-is("${words[locale].approve}")`);
      await approver.page.waitForSelector('[data-testid=rules-pending]', { state: 'detached' });
      await approver.page.waitForSelector(`[data-testid=live-version]:has-text("${before.version + 1}")`);
      await pollUntil(async () => ((await admin.get<{ version: number }>('/api/rules')).version === before.version + 1 ? true : undefined), { what: 'the approved version live' });

      await approver.page.goto(`${harness.url('console')}/#/audit?action=rule_set`);
      await approver.page.waitForSelector(`table.audit-log td:has-text("${words[locale].publicationApproved}")`);
      const audit = await approver.page.textContent('table.audit-log');
      expect(audit).toContain(words[locale].publicationRequested);
      expect(audit).toContain(words[locale].publicationApproved);
      await approver.page.screenshot({ path: screenshotPath(`console-four-eyes-rules-audit-${locale}`) });
      const [approved] = await harness.db.query<{ actor: string; after: { requestedBy: string } }[]>(
        `SELECT actor, after FROM audit_log WHERE action = 'rule_set.publication_approved' ORDER BY id DESC LIMIT 1`,
      );
      expect(approved).toEqual({ actor: 'analyst:sue', after: expect.objectContaining({ requestedBy: 'analyst:sam' }) as unknown });
      await asker.context.close();
      await approver.context.close();
    }
  });
});
