import { newAnalystBody } from './auth/analyst.schema';
import { bulkBody } from './case-work/case-bulk.schema';
import { savedFilterBody } from './case-work/saved-filter.schema';
import { escalateBody, noteBody, reopenBody, statusBody } from './cases/case-action.schema';
import { ruleSetChangeBody } from './rules/rule-set-change.schema';
import { ruleSetRollbackBody } from './rules/rule-set-tools.schema';
import { snoozeBody } from './snoozes/snooze.schema';
import type { z } from 'zod';

// 6222021234567894 passes the Luhn check, as every real card number does.
const TYPED = 'card 6222 0212 3456 7894, call 139-1234-5678, mail li.wei@example.com, ref 1234567890123';
const LEAKS = ['6222 0212', '139-1234', 'li.wei@'];

/** Every field an analyst types into is masked as it is parsed, before any service, table or log sees it. */
describe('free text in console requests', () => {
  const CASE = '6f1c2b1e-8c1d-4c39-9c55-0d3b1f1f2a11';
  const ANALYST = '0b7e8a52-5a0e-4c1e-9a55-2f1f1b1c3d44';
  it.each<[string, z.ZodType, unknown]>([
    ['an escalation reason', escalateBody, { reason: TYPED }],
    ['a reopen reason', reopenBody, { reason: TYPED }],
    ['a note', noteBody, { body: TYPED }],
    ['a resolution note', statusBody, { status: 'resolved', resolution: 'inconclusive', reasonCode: 'other', note: TYPED }],
    ['a bulk escalation reason', bulkBody, { action: 'escalate', caseIds: [CASE], reason: TYPED }],
    ['a bulk assignment reason', bulkBody, { action: 'assign', caseIds: [CASE], analystId: ANALYST, reason: TYPED }],
    ['a bulk resolution note', bulkBody, { action: 'resolve', caseIds: [CASE], resolution: 'inconclusive', reasonCode: 'other', note: TYPED }],
    ['a snooze reason', snoozeBody, { ruleId: 'loan.velocity', until: '2030-01-01T00:00:00Z', reason: TYPED }],
    ['a rule change reason', ruleSetChangeBody, { reason: TYPED, rules: {} }],
    ['a rollback reason', ruleSetRollbackBody, { version: 1, reason: TYPED }],
    ['a saved filter name', savedFilterBody, { name: TYPED.slice(0, 80), query: 'status=open' }],
    ['a display name', newAnalystBody, { username: 'li.wei', displayName: TYPED.slice(0, 80), role: 'analyst', password: 'long enough password' }],
  ])('masks %s', (_what, schema, body) => {
    const parsed = JSON.stringify(schema.parse(body));
    for (const leak of LEAKS) expect(parsed).not.toContain(leak);
    expect(parsed).toContain('****7894');
  });
});
