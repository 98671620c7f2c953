import { type ConsoleClient, isolatedPrefix, launchChromium, PipelineHarness, screenshotPath, seedCase, openConsolePage, pollUntil, TEST_ADMIN } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';

const LOCALES = ['en', 'zh-CN'] as const;
type Locale = (typeof LOCALES)[number];
type Who = { username: string; password: string };
const ANA: Who = { username: 'ana', password: 'ana-password-0123' };
const BO: Who = { username: 'bo', password: 'bo-password-01234' };
const CY: Who = { username: 'cy', password: 'cy-password-01234' };
const PHONE = { width: 390, height: 844 };
/** Each language once: English on a desktop, Chinese at phone width. */
const VIEWPORTS: Record<Locale, { width: number; height: number }> = { en: { width: 1440, height: 900 }, 'zh-CN': PHONE };

type RingEntity = { kind: string; value: string; accounts: string[] };
type Ring = { nodes: { accountId: string }[]; entities: RingEntity[] };

/** What the ring graph draws, read back from its SVG: each edge sampled along its length, each node's centre and radius. */
type Drawn = {
  edges: { kind: string; from: string; to: string; stroke: string; dash: string; points: { x: number; y: number }[] }[];
  nodes: { account: string; x: number; y: number; r: number }[];
  legend: { kind: string; stroke: string; dash: string }[];
};

/** What the test reads of an SVG shape in the page (the tests compile without the DOM's types). */
type SvgShape = { getAttribute(name: string): string | null; getTotalLength(): number; getPointAtLength(at: number): { x: number; y: number } };

/**
 * The third round of #24's console defects, and #24's teamwork features, each seen in Debian's
 * Chromium in English and in Chinese: the ring graph draws every shared link legibly; saved filters
 * are shared with a team.
 */
describe('console defects of #24, third round', () => {
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let browser: Browser;
  const tag = randomUUID().slice(0, 6);

  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  const open = (locale: Locale, hash: string, who: Who, viewport = { width: 1440, height: 900 }) =>
    openConsolePage(browser, harness.url('console'), { locale, hash, who, viewport, pageErrors });

  beforeAll(async () => {
    harness = await new PipelineHarness(['console'], { KAFKA_TOPIC_PREFIX: isolatedPrefix() }, 'console-defects-3-logs').start();
    admin = await harness.console();
    await admin.post('/api/analysts', { ...ANA, displayName: 'Ana', role: 'analyst' });
    await admin.post('/api/analysts', { ...BO, displayName: 'Bo', role: 'analyst' });
    await admin.post('/api/analysts', { ...CY, displayName: 'Cy', role: 'analyst', team: 'south' });
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  /** Links each account to one entity, as the detector's entity index records it. */
  async function share(kind: string, value: string, accounts: string[]) {
    for (const accountId of accounts)
      await harness.db.query(
        `INSERT INTO entity_link (kind, value, account_id, event_id, event_type, at, sensitive, judged) VALUES ($1, $2, $3, $4, 'device.login', now(), false, true)`,
        [kind, value, accountId, randomUUID()],
      );
  }

  it('2: the ring graph draws every shared link, each kind apart, and no edge crosses an unrelated account', async () => {
    for (const locale of LOCALES) {
      const id = (name: string) => `dg-${tag}-ring-${locale}-${name}`;
      const { caseId } = await seedCase(harness.db, { accountId: id('a'), eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 30 });
      const net = randomUUID().slice(0, 4);
      // A and B share a phone and the network it was on: two links between one pair. A card ties B,
      // C and D (C and D share it too, not only with B); a merchant ties A to E, F and G, of whom E
      // and F also share a device and G shares a second card with D.
      await share('device', `dev-${tag}-${locale}-ab`, [id('a'), id('b')]);
      await share('ip', `2001:db8:${net}::1`, [id('a'), id('b')]);
      await share('card', `fp-${tag}-${locale}-bcd`, [id('b'), id('c'), id('d')]);
      await share('merchant', `m-${tag}-${locale}`, [id('a'), id('e'), id('f'), id('g')]);
      await share('device', `dev-${tag}-${locale}-ef`, [id('e'), id('f')]);
      await share('card', `fp-${tag}-${locale}-dg`, [id('g'), id('d')]);
      const ring = await admin.get<Ring>(`/api/cases/${caseId}/ring?hops=2`);
      expect(ring.nodes.map((n) => n.accountId).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(id));

      const { context, page } = await open(locale, `#/cases/${caseId}`, ANA);
      await page.waitForSelector('[data-testid=ring-graph] [data-edge]');
      const drawn: Drawn = {
        edges: await page.locator('[data-testid=ring-graph] [data-edge]').evaluateAll((edges: SvgShape[]) =>
          edges.map((e) => {
            // Sampled a unit apart along the edge, whatever its shape.
            const length = e.getTotalLength();
            const points = Array.from({ length: Math.ceil(length) + 1 }, (_, i) => {
              const p = e.getPointAtLength(Math.min(i, length));
              return { x: p.x, y: p.y };
            });
            const read = (name: string) => e.getAttribute(name) ?? '';
            return { kind: read('data-kind'), from: read('data-from'), to: read('data-to'), stroke: read('stroke'), dash: read('stroke-dasharray'), points };
          }),
        ),
        nodes: await page.locator('[data-testid=ring-graph] circle[data-account]').evaluateAll((circles: SvgShape[]) =>
          circles.map((c) => ({
            account: c.getAttribute('data-account') ?? '',
            x: Number(c.getAttribute('cx')),
            y: Number(c.getAttribute('cy')),
            r: Number(c.getAttribute('r')),
          })),
        ),
        legend: await page
          .locator('[data-testid=ring-legend] [data-kind]')
          .evaluateAll((lines: SvgShape[]) =>
            lines.map((l) => ({ kind: l.getAttribute('data-kind') ?? '', stroke: l.getAttribute('stroke') ?? '', dash: l.getAttribute('stroke-dasharray') ?? '' })),
          ),
      };
      const pair = (a: string, b: string) => [a, b].sort().join(' ');

      // Every pair of accounts sharing an entity has an edge of that entity's kind.
      const onGraph = new Set(ring.nodes.map((n) => n.accountId));
      const expected = new Set<string>();
      for (const e of ring.entities) {
        const accounts = e.accounts.filter((a) => onGraph.has(a));
        for (const [i, a] of accounts.entries()) for (const b of accounts.slice(i + 1)) expected.add(`${e.kind} ${pair(a, b)}`);
      }
      // The links this story made, the ones a spanning tree leaves out among them.
      for (const [kind, a, b] of [
        ['device', 'a', 'b'],
        ['ip', 'a', 'b'],
        ['card', 'c', 'd'],
        ['merchant', 'e', 'g'],
        ['device', 'e', 'f'],
        ['card', 'd', 'g'],
      ])
        expect(expected).toContain(`${kind} ${pair(id(a), id(b))}`);
      const edgeKeys = new Set(drawn.edges.map((e) => `${e.kind} ${pair(e.from, e.to)}`));
      for (const link of expected) expect(edgeKeys).toContain(link);

      // Each kind has a colour and a dash pattern of its own, and the legend shows both.
      const looks = new Map<string, string>();
      for (const e of drawn.edges) {
        const look = `${e.stroke} | ${e.dash}`;
        expect(looks.get(e.kind) ?? look).toBe(look);
        looks.set(e.kind, look);
      }
      expect(new Set(looks.values()).size).toBe(looks.size);
      for (const [kind, look] of looks) expect(drawn.legend.map((l) => `${l.stroke} | ${l.dash}`)[drawn.legend.findIndex((l) => l.kind === kind)]).toBe(look);
      expect(new Set(drawn.legend.map((l) => l.dash)).size).toBe(4);
      expect(drawn.legend.map((l) => l.kind).sort()).toEqual(['card', 'device', 'ip', 'merchant']);

      // Two edges between one pair run apart along their whole length, not one over the other.
      const byPair = new Map<string, Drawn['edges']>();
      for (const e of drawn.edges) byPair.set(pair(e.from, e.to), [...(byPair.get(pair(e.from, e.to)) ?? []), e]);
      const parallels = [...byPair.values()].filter((edges) => edges.length > 1);
      expect(parallels.length).toBeGreaterThanOrEqual(2);
      for (const [first, second] of parallels)
        for (const at of [0.25, 0.5, 0.75]) {
          const p = first.points[Math.round(at * (first.points.length - 1))];
          const q = second.points[Math.round(at * (second.points.length - 1))];
          expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeGreaterThanOrEqual(3);
        }

      // No edge passes within a node's radius of an account it does not link.
      const crossings: string[] = [];
      for (const e of drawn.edges)
        for (const n of drawn.nodes) {
          if (n.account === e.from || n.account === e.to) continue;
          const nearest = Math.min(...e.points.map((p) => Math.hypot(p.x - n.x, p.y - n.y)));
          if (nearest <= n.r) crossings.push(`${e.kind} ${e.from}–${e.to} passes ${nearest.toFixed(1)} from ${n.account}`);
        }
      expect(crossings).toEqual([]);
      await page.locator('[data-testid=ring-graph]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`console-defects-ring-graph-${locale}`), fullPage: true });
      await context.close();
    }
  });

  it('team views: an admin puts analysts in a team; a filter shared with it is seen and applied by teammates, changed only by its owner, and audited', async () => {
    const words = {
      en: { save: 'Save these filters', owner: 'Bo', count: '1 case' },
      'zh-CN': { save: '保存当前筛选', owner: 'Bo', count: '共 1 个案件' },
    };
    const team = `north-${tag}`;
    // The admin names the team on the analysts page; Ana and Bo are in it, Cy is in another.
    {
      const { context, page } = await open('en', '#/analysts', TEST_ADMIN);
      for (const who of ['ana', 'bo']) {
        const input = page.locator(`input[name="team-${who}"]`);
        await input.fill(team);
        await input.press('Tab');
        await pollUntil(
          async () => (await admin.get<{ items: { username: string; team: string | null }[] }>('/api/analysts')).items.find((a) => a.username === who)?.team === team,
          {
            what: `${who} in ${team}`,
          },
        );
      }
      await context.close();
    }
    const analysts = await admin.get<{ items: { username: string; team: string | null }[] }>('/api/analysts');
    expect(Object.fromEntries(analysts.items.map((a) => [a.username, a.team]))).toMatchObject({ ana: team, bo: team, cy: 'south' });
    const bo = await harness.console(BO.username, BO.password);
    const ana = await harness.console(ANA.username, ANA.password);
    const cy = await harness.console(CY.username, CY.password);

    for (const locale of LOCALES) {
      const viewport = VIEWPORTS[locale];
      const { caseId } = await seedCase(harness.db, { accountId: `dg-${tag}-team-${locale}`, eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 10 });
      const filter = `account=dg-${tag}-team-${locale}`;
      const name = `Team ${locale} ${tag}`;
      const showFilters = async (page: Page) => {
        // At phone width they wait behind the filters button, which stays open across a reload.
        if (viewport === PHONE && (await page.getAttribute('[data-testid=filters-toggle]', 'aria-expanded')) === 'false') await page.click('[data-testid=filters-toggle]');
        await page.locator('[data-testid=saved-filters] form').waitFor();
      };

      // Bo saves the filter for the team.
      const owner = await open(locale, `#/queue?${filter}`, BO, viewport);
      await showFilters(owner.page);
      await owner.page.fill('[data-testid=saved-filters] input[name=name]', name);
      await owner.page.selectOption('[data-testid=saved-filters] select[name=visibility]', 'team');
      await owner.page.click(`[data-testid=saved-filters] button:has-text("${words[locale].save}")`);
      const mine = owner.page.locator(`[data-testid=saved-filters] .chip:has(a:text-is("${name}"))`);
      await mine.locator('[data-testid=filter-share][aria-pressed=true]').waitFor();
      const [saved] = (await bo.get<{ items: { id: string; name: string }[] }>('/api/saved-filters')).items.filter((f) => f.name === name);

      // Ana, a teammate, sees it as Bo's, without a delete or share button, and applies it.
      const mate = await open(locale, '#/queue', ANA, viewport);
      await showFilters(mate.page);
      const theirs = mate.page.locator(`[data-testid=saved-filters] .chip.theirs:has(a:text-is("${name}"))`);
      await theirs.waitFor();
      expect(await theirs.locator('[data-testid=filter-owner]').textContent()).toContain(words[locale].owner);
      expect(await theirs.locator('button').count()).toBe(0);
      await mate.page.screenshot({ path: screenshotPath(`console-team-filter-${locale}`) });
      await theirs.locator('a').click();
      await mate.page.waitForSelector(`[data-testid=case-count]:text-is("${words[locale].count}")`);
      expect(
        await mate.page
          .locator('table.queue tbody tr[data-case]')
          .evaluateAll((rows: { getAttribute(n: string): string | null }[]) => rows.map((r) => r.getAttribute('data-case'))),
      ).toEqual([caseId]);
      // Not hers to change or delete; nor does Cy, of another team, see it.
      expect((await ana.request('PATCH', `/api/saved-filters/${saved.id}`, { name: 'taken over' })).status).toBe(403);
      expect((await ana.request('DELETE', `/api/saved-filters/${saved.id}`)).status).toBe(403);
      expect((await cy.get<{ items: { name: string }[] }>('/api/saved-filters')).items.map((f) => f.name)).not.toContain(name);
      expect((await cy.request('GET', `/api/saved-filters/${saved.id}`)).status).toBe(404);

      // Bo makes it his alone again: it leaves Ana's list.
      await mine.locator('[data-testid=filter-share]').click();
      await mine.locator('[data-testid=filter-share][aria-pressed=false]').waitFor();
      await mate.page.reload();
      await showFilters(mate.page);
      await mate.page.locator(`[data-testid=saved-filters] a:text-is("${name}")`).waitFor({ state: 'detached' });
      const entries = await harness.db.query<{ action: string; actor: string }[]>(`SELECT action, actor FROM audit_log WHERE entity_id = $1 ORDER BY id`, [saved.id]);
      expect(entries.map((e) => `${e.action} ${e.actor}`)).toEqual(['saved_filter.created analyst:bo', 'saved_filter.changed analyst:bo']);
      await owner.context.close();
      await mate.context.close();
    }
  });

  it('live collaboration: an @mention in a note and a reassignment with its reason reach the analyst live, in the bell and as a toast', async () => {
    const words = {
      en: {
        add: 'Add note',
        mention: (ref: string) => `Bo mentioned you on ${ref}`,
        assigned: (ref: string) => `admin assigned ${ref} to you`,
        unassigned: (ref: string) => `admin reassigned ${ref}, which you held`,
        reason: (r: string) => `Reason: ${r}`,
        assign: 'Assign',
        bell: 'Notifications',
      },
      'zh-CN': {
        add: '添加备注',
        mention: (ref: string) => `Bo 在 ${ref} 中提到了您`,
        assigned: (ref: string) => `admin 将 ${ref} 分配给了您`,
        unassigned: (ref: string) => `admin 将您负责的 ${ref} 改派给了他人`,
        reason: (r: string) => `原因：${r}`,
        assign: '分配',
        bell: '通知',
      },
    };
    const ids = Object.fromEntries((await admin.get<{ items: { id: string; username: string }[] }>('/api/analysts')).items.map((a) => [a.username, a.id])) as Record<
      string,
      string
    >;
    for (const locale of LOCALES) {
      const w = words[locale];
      const { caseId, referenceCode } = await seedCase(harness.db, {
        accountId: `dg-${tag}-live-${locale}`,
        eventType: 'loan.opened',
        ruleId: 'loan.new-device',
        openedMinutesAgo: 5,
      });
      // Ana waits on the queue, in her language and at her screen's width, with the live feed up.
      const ana = await open(locale, '#/queue', ANA, VIEWPORTS[locale]);
      await ana.page.locator('[data-testid=notifications-toggle][data-live=on]').waitFor();
      // The bell is drawn, not typed: an SVG named in her language, so it shows without an emoji font.
      const bell = ana.page.locator('[data-testid=notifications-toggle] svg.icon[role=img]');
      expect(await bell.getAttribute('aria-label')).toBe(w.bell);
      expect(await bell.locator('title').textContent()).toBe(w.bell);
      expect((await bell.boundingBox())!.width).toBeGreaterThan(8);
      expect(await ana.page.locator('[data-testid=notifications-toggle]').textContent()).not.toMatch(/\p{Extended_Pictographic}/u);
      const toast = ana.page.locator('[data-testid=notification-toast]');

      // Bo takes the case and, in a note, types @an and picks Ana from what the box offers.
      const bo = await open(locale, `#/cases/${caseId}`, BO);
      await bo.page.click('[data-testid=claim]');
      await bo.page.locator('[data-testid=claim]').waitFor({ state: 'detached' });
      const box = bo.page.locator('textarea[name=body]');
      await box.fill('@an');
      await bo.page.click('[data-testid=mention-suggestions] button[data-username=ana]');
      expect(await box.inputValue()).toBe('@ana ');
      await box.press('End');
      await box.type(`please check the second device (${locale})`);
      await bo.page.click(`button[type=submit]:has-text("${w.add}")`);
      await bo.page.locator('ul.notes [data-testid=mention]:text-is("@ana")').waitFor();

      // Ana is told at once, without reloading: a toast with the note, and the bell's count.
      await toast.locator(`a:text-is("${w.mention(referenceCode)}")`).waitFor();
      expect(await toast.textContent()).toContain(`please check the second device (${locale})`);
      await ana.page.locator('[data-testid=notifications-unread]:text-is("1")').waitFor();
      await ana.page.screenshot({ path: screenshotPath(`console-mention-toast-${locale}`) });

      // Bo starts to resolve it; the supervisor's reassignment below closes his dialog (defect 5).
      await bo.page.click('[data-testid=resolve]');
      await bo.page.locator('[data-testid=resolve-dialog]').waitFor();

      // A supervisor hands the case to Ana with a reason: she is told who, which case and why.
      const sup = await open(locale, `#/cases/${caseId}`, TEST_ADMIN);
      await sup.page.selectOption('select[name=analystId]', ids.ana);
      await sup.page.fill('input[name=assignReason]', `Ana knows this merchant ${locale}`);
      await sup.page.click(`form:has(select[name=analystId]) button[type=submit]:text-is("${w.assign}")`);
      await toast.locator(`a:text-is("${w.assigned(referenceCode)}")`).waitFor();
      expect(await toast.textContent()).toContain(w.reason(`Ana knows this merchant ${locale}`));
      // Bo's open page follows: no longer his to resolve, the dialog and its button are gone, and it says Ana holds it.
      await bo.page.locator('[data-testid=resolve-dialog]').waitFor({ state: 'detached' });
      expect(await bo.page.locator('[data-testid=resolve]').count()).toBe(0);
      expect(await bo.page.textContent('[data-testid=assignee]')).toContain('Ana');
      // Taken from her again, to Cy, with another reason: she is told that too.
      await admin.post(`/api/cases/${caseId}/assign`, { analystId: ids.cy, reason: `Cy covers nights ${locale}` });
      await toast.locator(`a:text-is("${w.unassigned(referenceCode)}")`).waitFor();
      await ana.page.locator('[data-testid=notifications-unread]:text-is("3")').waitFor();

      // The bell lists all three, newest first, each with what was said.
      await ana.page.click('[data-testid=notifications-toggle]');
      const items = ana.page.locator(`[data-testid=notifications-panel] li[data-case="${caseId}"]`);
      await items.nth(2).waitFor();
      expect(await items.evaluateAll((li: { getAttribute(n: string): string | null }[]) => li.map((l) => l.getAttribute('data-kind')))).toEqual([
        'unassigned',
        'assigned',
        'mention',
      ]);
      expect(await items.nth(0).locator('.notification-detail').textContent()).toBe(w.reason(`Cy covers nights ${locale}`));
      await ana.page.screenshot({ path: screenshotPath(`console-notifications-${locale}`) });
      // Bo, who held it when it went to Ana, was told as well; the supervisor, who acted, was not.
      expect(
        (await (await harness.console(BO.username, BO.password)).get<{ items: { kind: string; case: { id: string } }[] }>('/api/notifications')).items
          .filter((n) => n.case.id === caseId)
          .map((n) => n.kind),
      ).toEqual(['unassigned']);
      // Read, so the next language's count starts from nothing.
      await ana.page.click('[data-testid=notifications-read]');
      await ana.page.locator('[data-testid=notifications-unread]').waitFor({ state: 'detached' });
      for (const opened of [ana, bo, sup]) await opened.context.close();
    }
  });

  it("a ring is one investigation: its cases grouped on one page with one graph, and one decision recorded in each case's own audit", async () => {
    const words = {
      en: { title: 'Ring investigation: 3 cases', resolve: 'Resolve', partOf: 'Part of a ring investigation of 3 cases' },
      'zh-CN': { title: '团伙调查：共 3 个案件', resolve: '结案', partOf: '属于一项团伙调查，共 3 个案件' },
    };
    for (const locale of LOCALES) {
      const id = (name: string) => `dg-${tag}-rg-${locale}-${name}`;
      const seeded: Record<string, { caseId: string; referenceCode: string }> = {};
      for (const name of ['a', 'b', 'c', 'd'])
        seeded[name] = await seedCase(harness.db, { accountId: id(name), eventType: 'device.login', ruleId: 'device.shared', openedMinutesAgo: 15 });
      // D was decided already: it is on the graph, not in the investigation.
      await harness.db.query(`UPDATE fraud_case SET status = 'resolved', resolution = 'legitimate', resolved_at = now() WHERE id = $1`, [seeded.d.caseId]);
      await share('device', `dev-${tag}-${locale}-rg-ab`, [id('a'), id('b')]);
      await share('card', `fp-${tag}-${locale}-rg-bc`, [id('b'), id('c')]);
      await share('ip', `2001:db8:${randomUUID().slice(0, 4)}::9`, [id('a'), id('d')]);

      const { context, page } = await open(locale, `#/cases/${seeded.a.caseId}`, ANA, VIEWPORTS[locale]);
      await page.click('[data-testid=ring-group-open]');
      await page.waitForSelector(`[data-testid=ring-group-title]:text-is("${words[locale].title}")`);
      const groupId = /#\/rings\/([0-9a-f-]{36})$/.exec(page.url())![1];
      const rows = page.locator('[data-testid=ring-group-cases] tbody tr');
      expect((await rows.evaluateAll((r: { getAttribute(n: string): string | null }[]) => r.map((x) => x.getAttribute('data-case')))).sort()).toEqual(
        [seeded.a.caseId, seeded.b.caseId, seeded.c.caseId].sort(),
      );
      // One graph: the ring around the case it was opened from, D included.
      await page.locator('[data-testid=ring-graph] [data-edge]').first().waitFor();
      const onGraph = await page
        .locator('[data-testid=ring-graph] circle[data-account]')
        .evaluateAll((c: { getAttribute(n: string): string | null }[]) => c.map((x) => x.getAttribute('data-account')));
      expect(onGraph.sort()).toEqual(['a', 'b', 'c', 'd'].map(id));
      if (VIEWPORTS[locale] === PHONE) expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await page.screenshot({ path: screenshotPath(`console-ring-investigation-${locale}`), fullPage: true });

      // One decision for the ring.
      await page.click('[data-testid=ring-decide]');
      await page.selectOption('[data-testid=resolve-dialog] select[name=reasonCode]', 'confirmed_fraud');
      await page.click(`[data-testid=resolve-dialog] button[type=submit]:text-is("${words[locale].resolve}")`);
      await page.locator('[data-testid=ring-decision] li.ok').nth(2).waitFor();
      await page.locator('[data-testid=ring-decided]').waitFor();
      expect(await page.locator('[data-testid=ring-case-outcome]').allTextContents()).not.toContain('—');

      // Each case of the group resolved, each with its own audit entry naming the ring; D untouched.
      const states = await harness.db.query<{ id: string; status: string; resolution: string }[]>(`SELECT id, status, resolution FROM fraud_case WHERE id = ANY($1)`, [
        Object.values(seeded).map((c) => c.caseId),
      ]);
      const stateOf = new Map(states.map((c) => [c.id, `${c.status} ${c.resolution}`]));
      for (const name of ['a', 'b', 'c']) {
        expect(stateOf.get(seeded[name].caseId)).toBe('resolved fraud_confirmed');
        const trail = await harness.db.query<{ action: string; after: { ringGroup?: string; resolution?: string } }[]>(
          `SELECT action, after FROM audit_log WHERE entity_id = $1 AND action IN ('case.grouped', 'case.status_changed') ORDER BY id`,
          [seeded[name].caseId],
        );
        expect(trail.map((e) => [e.action, e.after.ringGroup, e.after.resolution])).toEqual([
          ['case.grouped', groupId, undefined],
          ['case.status_changed', groupId, 'fraud_confirmed'],
        ]);
      }
      expect(stateOf.get(seeded.d.caseId)).toBe('resolved legitimate');

      // Each case's page leads back to the investigation.
      await page.goto(`${harness.url('console')}/#/cases/${seeded.c.caseId}`);
      await page.waitForSelector(`[data-testid=ring-group-link]:text-is("${words[locale].partOf}")`);
      await context.close();
    }
  });

  it('7: at phone width the queue opens on cases as cards under a short header, filters folded away, and the bulk bar in view once a card is ticked', async () => {
    const PHONE = { width: 390, height: 844 };
    const words = { en: { filters: 'Filters', menu: 'Menu' }, 'zh-CN': { filters: '筛选', menu: '菜单' } };
    // Enough cases that the last one is a scroll away from the top.
    const seeded = [];
    for (let i = 0; i < 14; i++)
      seeded.push(await seedCase(harness.db, { accountId: `dg-${tag}-phone-${i}`, eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 20 + i }));
    const fitsPhone = async (page: Page) => expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    for (const locale of LOCALES) {
      const { context, page } = await open(locale, '#/queue', ANA, PHONE);
      const first = page.locator('table.queue tbody tr[data-case]').first();
      await first.waitFor();
      const header = (await page.locator('header.topbar').boundingBox())!;
      expect(header.height).toBeLessThanOrEqual(64);

      // The first case, whole, under the header and above the fold.
      const card = (await first.boundingBox())!;
      expect(card.y).toBeGreaterThanOrEqual(header.y + header.height);
      expect(card.y + card.height).toBeLessThanOrEqual(PHONE.height);
      expect(card.width).toBeLessThanOrEqual(PHONE.width);
      // A compact card: reference, score band, status, assignee and age, and nothing of the desktop's other columns.
      expect(card.height).toBeLessThanOrEqual(72);
      for (const part of ['row-reference', 'row-band', 'row-status', 'row-assignee', 'waiting']) expect(await first.locator(`[data-testid=${part}]`).isVisible()).toBe(true);
      for (const hidden of ['row-account', 'row-rules', 'row-opened']) expect(await first.locator(`[data-testid=${hidden}]`).isVisible()).toBe(false);
      expect(await page.locator('table.queue thead').isVisible()).toBe(false);
      await fitsPhone(page);
      await page.screenshot({ path: screenshotPath(`console-defects-phone-queue-${locale}`) });

      // The filters wait behind a button, and open from it.
      const toggle = page.locator('[data-testid=filters-toggle]');
      expect((await toggle.textContent())!.trim().startsWith(words[locale].filters)).toBe(true);
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('form.filters').isVisible()).toBe(false);
      await toggle.click();
      await page.locator('form.filters select[name=status]').waitFor();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await fitsPhone(page);
      await page.screenshot({ path: screenshotPath(`console-defects-phone-filters-${locale}`) });
      await toggle.click();
      await page.locator('form.filters').waitFor({ state: 'hidden' });

      // The pages are behind a menu button, which opens them over the list.
      const menu = page.locator('[data-testid=menu-toggle]');
      expect((await menu.textContent())!).toContain(words[locale].menu);
      expect(await page.locator('header.topbar nav').isVisible()).toBe(false);
      await menu.click();
      await page.locator('header.topbar nav a[href="#/step-ups"]').waitFor();
      await fitsPhone(page);
      await page.screenshot({ path: screenshotPath(`console-defects-phone-menu-${locale}`) });
      await menu.click();
      await page.locator('header.topbar nav').waitFor({ state: 'hidden' });

      // A card far down the list, ticked: the bulk bar is in view, and nothing covers it.
      const last = page.locator(`tr[data-case="${seeded[0].caseId}"]`);
      await last.scrollIntoViewIfNeeded();
      await last.locator('input[type=checkbox]').check();
      const bar = page.locator('[data-testid=bulk-bar]');
      await bar.waitFor();
      const box = (await bar.boundingBox())!;
      const top = (await page.locator('header.topbar').boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(top.y + top.height);
      expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
      const covered = await page.evaluate(
        `(() => { const bar = document.querySelector('[data-testid=bulk-bar]'); const b = bar.getBoundingClientRect(); return [[0.1, 0.2], [0.5, 0.5], [0.9, 0.8]].every(([x, y]) => bar.contains(document.elementFromPoint(b.left + x * b.width, b.top + y * b.height))); })()`,
      );
      expect(covered).toBe(true);
      expect(await bar.locator('[data-testid=selected-count]').isVisible()).toBe(true);
      expect(await bar.locator('button[type=submit]').isVisible()).toBe(true);
      // The ticked card stays in view above the bar.
      const ticked = (await last.boundingBox())!;
      expect(ticked.y + ticked.height).toBeLessThanOrEqual(box.y + 1);
      await fitsPhone(page);
      await page.screenshot({ path: screenshotPath(`console-defects-phone-bulk-${locale}`) });
      await context.close();
    }
  });
});
