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
];
