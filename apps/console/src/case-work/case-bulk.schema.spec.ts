import { randomUUID } from 'node:crypto';
import { statusBody } from '../cases/case-action.schema';
import { bulkBody } from './case-bulk.schema';
import { savedFilterBody } from './saved-filter.schema';

const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('bulk, resolution and saved-filter bodies', () => {
  it('caps a batch at 200 cases with a message that says so', () => {
    const caseIds = Array.from({ length: 201 }, () => randomUUID());
    expect(issues(bulkBody.safeParse({ action: 'escalate', caseIds, reason: 'a ring' }))).toEqual(['caseIds: at most 200 cases at once; split the selection']);
    expect(bulkBody.safeParse({ action: 'escalate', caseIds: caseIds.slice(0, 200), reason: 'a ring' }).success).toBe(true);
    expect(issues(bulkBody.safeParse({ action: 'escalate', caseIds: [], reason: 'a ring' }))).toEqual(['caseIds: select at least one case']);
  });

  it('needs a reason code that fits the outcome, and a note for other', () => {
    const id = randomUUID();
    expect(issues(statusBody.safeParse({ status: 'resolved', resolution: 'fraud_confirmed' }))[0]).toMatch(/^reasonCode: must be one of confirmed_fraud, /);
    expect(issues(statusBody.safeParse({ status: 'resolved', resolution: 'fraud_confirmed', reasonCode: 'duplicate' }))).toEqual([
      'reasonCode: duplicate is a reason for inconclusive, not fraud_confirmed',
    ]);
    expect(issues(bulkBody.safeParse({ action: 'resolve', caseIds: [id], resolution: 'legitimate', reasonCode: 'other' }))).toEqual([
      'note: with reason other, say why in at least 3 characters',
    ]);
    expect(bulkBody.safeParse({ action: 'resolve', caseIds: [id], resolution: 'legitimate', reasonCode: 'other', note: 'merchant test account' }).success).toBe(true);
    expect(statusBody.safeParse({ status: 'resolved', resolution: 'legitimate', reasonCode: 'false_positive' }).success).toBe(true);
  });

  it('refuses a saved filter the queue would refuse', () => {
    expect(savedFilterBody.safeParse({ name: 'Late', query: 'sla=over&status=open' }).success).toBe(true);
    expect(savedFilterBody.safeParse({ name: 'November', query: 'from=2026-11-01&to=2026-12-01' }).success).toBe(true);
    expect(issues(savedFilterBody.safeParse({ name: ' ', query: 'sla=soon&limit=5' }))).toEqual([
      'name: give the filter a name',
      'query: sla: must be over or within',
      'query: Unrecognized key: "limit"',
    ]);
  });
});
