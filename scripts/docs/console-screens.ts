/**
 * The console screens the README and docs/console.md show: each a screenshot the browser specs
 * write under test-artifacts/screenshots, copied to docs/images/console by `npm run docs:screens`.
 * One list, so the documents and the copy cannot drift apart (console-screens.spec.ts).
 */
export interface ConsoleScreen {
  /** The screenshot's name in test-artifacts/screenshots, without .png. */
  source: string;
  /** The spec that writes it, for the message when it is missing. */
  spec: string;
  /** Its name under docs/images/console, without .png. */
  target: string;
  caption: string;
}

export const CONSOLE_SCREENS: readonly ConsoleScreen[] = [
  {
    source: 'console-work-analysts-en',
    spec: 'test/console-graded.e2e-spec.ts',
    target: 'work-analysts',
    caption: 'Work by analyst: waiting, past target, time to first touch and to resolve',
  },
  { source: 'console-act-sla-en', spec: 'test/console-act.e2e-spec.ts', target: 'queue-sla', caption: 'Queue sorted by time waiting, two cases over the 1-hour target' },
  { source: 'console-act-bulk-en', spec: 'test/console-act.e2e-spec.ts', target: 'queue-bulk', caption: 'Bulk resolve with one reason: a result per case' },
  {
    source: 'console-act-resolve-dialog-en',
    spec: 'test/console-act.e2e-spec.ts',
    target: 'resolve-dialog',
    caption: 'Resolving needs a reason code; the code implies the outcome',
  },
  { source: 'console-act-keys-en', spec: 'test/console-act.e2e-spec.ts', target: 'keyboard', caption: 'Keyboard help (`?`)' },
  { source: 'console-case-ring', spec: 'test/console-find.e2e-spec.ts', target: 'case-ring', caption: 'Case page: pivots and the ring of linked accounts' },
  { source: 'console-entity-pivot', spec: 'test/console-find.e2e-spec.ts', target: 'entity-pivot', caption: 'A pivot: every account and case sharing one device' },
  { source: 'console-search-results', spec: 'test/console-find.e2e-spec.ts', target: 'search', caption: 'One search box: reference code, account, phone or email' },
  {
    source: 'console-case-live',
    spec: 'test/console-find.e2e-spec.ts',
    target: 'case-live',
    caption: "A case page updated in place by another analyst's claim and the borrower's answer",
  },
  {
    source: 'console-case-live-zh-phone',
    spec: 'test/console-find.e2e-spec.ts',
    target: 'case-live-zh-phone',
    caption: 'zh-CN at phone width: the same case page, updated in place',
  },
  { source: 'console-queue-new-cases-zh', spec: 'test/console-find.e2e-spec.ts', target: 'queue-new-cases-zh', caption: 'zh-CN: the queue counts new cases as they arrive' },
  {
    source: 'console-four-eyes-case-awaiting-en',
    spec: 'test/four-eyes.e2e-spec.ts',
    target: 'four-eyes-case',
    caption: 'A confirmation of fraud awaiting a second approval',
  },
  { source: 'console-rule-diff-en', spec: 'test/console-supervisor.e2e-spec.ts', target: 'rule-diff', caption: 'Rules: two versions compared per rule, with rollback' },
  {
    source: 'console-backtest-en',
    spec: 'test/console-supervisor.e2e-spec.ts',
    target: 'backtest',
    caption: 'Rules: a draft backtested over the last days before it is published',
  },
  { source: 'console-audit-filtered-en', spec: 'test/console-supervisor.e2e-spec.ts', target: 'audit-log', caption: 'Audit log filtered by account, action and time' },
  { source: 'console-act-bulk-zh-phone', spec: 'test/console-act.e2e-spec.ts', target: 'queue-bulk-zh-phone', caption: 'zh-CN at phone width: a bulk assignment' },
  { source: 'console-ring-filtered', spec: 'test/console-find.e2e-spec.ts', target: 'ring-expanded', caption: 'The ring filtered by link type and time, one account expanded' },
  { source: 'console-case-ring-phone', spec: 'test/console-find.e2e-spec.ts', target: 'case-ring-phone', caption: 'Phone width: the case page and its ring' },
  { source: 'verify-page-en', spec: 'test/verify-page.e2e-spec.ts', target: 'verify-page', caption: "The borrower's verify page" },
  // #24, analyst console v3.
  {
    source: 'console-team-filter-en',
    spec: 'test/console-defects-3.e2e-spec.ts',
    target: 'team-filter',
    caption: "Team views: a teammate's shared filter, shown as Bo's, to apply but not to change",
  },
  { source: 'console-team-filter-zh-CN', spec: 'test/console-defects-3.e2e-spec.ts', target: 'team-filter-zh-phone', caption: "zh-CN at phone width: the team's shared filter" },
  {
    source: 'console-notifications-en',
    spec: 'test/console-defects-3.e2e-spec.ts',
    target: 'notifications',
    caption: 'The bell: an @mention and two reassignments, each with its note or reason',
  },
  { source: 'console-notifications-zh-CN', spec: 'test/console-defects-3.e2e-spec.ts', target: 'notifications-zh-phone', caption: 'zh-CN at phone width: the same notifications' },
  {
    source: 'console-ring-investigation-en',
    spec: 'test/console-defects-3.e2e-spec.ts',
    target: 'ring-investigation',
    caption: 'A ring as one investigation: its cases, one graph, one decision',
  },
  {
    source: 'console-ring-investigation-zh-CN',
    spec: 'test/console-defects-3.e2e-spec.ts',
    target: 'ring-investigation-zh-phone',
    caption: 'zh-CN at phone width: the ring investigation',
  },
  {
    source: 'console-defects-ring-graph-en',
    spec: 'test/console-defects-3.e2e-spec.ts',
    target: 'ring-graph',
    caption: 'Every shared link drawn, each kind in its own colour and dash, pairs side by side',
  },
  {
    source: 'console-ring-filtered-zh-phone',
    spec: 'test/console-find.e2e-spec.ts',
    target: 'ring-expanded-zh-phone',
    caption: 'zh-CN at phone width: the ring filtered, one account expanded from the list',
  },
  { source: 'console-routing-my-cases-en', spec: 'test/console-routing.e2e-spec.ts', target: 'routing-my-cases', caption: 'My cases, with Next case above the queue' },
  {
    source: 'console-routing-next-case-zh-CN',
    spec: 'test/console-routing.e2e-spec.ts',
    target: 'routing-next-case-zh',
    caption: 'zh-CN: Next case took the top case and claimed it',
  },
  {
    source: 'console-sla-breaches-en',
    spec: 'test/console-sla.e2e-spec.ts',
    target: 'sla-breaches',
    caption: 'SLA breaches: a case escalated by the SLA pass, and the supervisor notified',
  },
  { source: 'console-sla-breaches-zh-CN', spec: 'test/console-sla.e2e-spec.ts', target: 'sla-breaches-zh', caption: 'zh-CN: the breach view and its notification' },
  {
    source: 'console-dashboards-zh-CN',
    spec: 'test/console-graded.e2e-spec.ts',
    target: 'dashboards-zh',
    caption: 'zh-CN: dashboards of work by queue and by analyst, responses by tier',
  },
  { source: 'console-dashboards-phone-en', spec: 'test/console-graded.e2e-spec.ts', target: 'dashboards-phone', caption: 'Phone width: the dashboards' },
  {
    source: 'console-defects-phone-queue-en',
    spec: 'test/console-defects-3.e2e-spec.ts',
    target: 'phone-cards',
    caption: 'Phone width: cases as cards under a one-row header, filters folded away',
  },
  { source: 'console-defects-phone-queue-zh-CN', spec: 'test/console-defects-3.e2e-spec.ts', target: 'phone-cards-zh', caption: 'zh-CN at phone width: the queue as cards' },
];
