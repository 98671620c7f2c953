import { filterSql } from './case-filter';

const ANALYST = '0b7c4a3e-2f0e-4a43-9d3b-7d9f3c1b2a10';

describe('the queue filter as SQL', () => {
  it('given no filter, when translated, then it selects every case and takes no parameter', () => {
    const { where, params } = filterSql({}, 60);
    expect(where).toBe('');
    expect(params).toEqual([]);
  });

  it('given every filter, when translated, then each is one condition and every value travels as a parameter, in order', () => {
    const { where, params } = filterSql(
      {
        status: 'in_review',
        priority: 'high',
        decision: 'urgent',
        resolution: 'legitimate',
        answer: 'not_me',
        rule: 'loan.without-consent',
        merchant: 'm-1',
        account: 'acct-1',
        from: '2026-11-01T00:00:00Z',
        to: '2026-11-30T00:00:00Z',
        assigned: ANALYST,
        escalated: true,
        sla: 'over',
      },
      45,
    );
    expect(where).toBe(
      [
        'WHERE c.status = $1',
        'c.priority = $2',
        'c.decision = $3',
        'c.resolution = $4',
        'c.borrower_answer = $5',
        'EXISTS (SELECT 1 FROM rule_hit h WHERE h.case_id = c.id AND h.rule_id = $6)',
        'EXISTS (SELECT 1 FROM merchant_flag f WHERE f.case_id = c.id AND f.merchant_id = $7)',
        'c.account_id = $8',
        'c.opened_at >= $9::timestamptz',
        'c.opened_at < $10::timestamptz',
        'c.assignee_id = $11::uuid',
        'c.escalated_at IS NOT NULL',
        "(c.status <> 'resolved' AND c.opened_at < now() - make_interval(mins => $12::int))",
      ].join(' AND '),
    );
    expect(params).toEqual([
      'in_review',
      'high',
      'urgent',
      'legitimate',
      'not_me',
      'loan.without-consent',
      'm-1',
      'acct-1',
      '2026-11-01T00:00:00Z',
      '2026-11-30T00:00:00Z',
      ANALYST,
      45,
    ]);
  });

  it('given the filters that name no value (unresolved, no answer, unassigned, not escalated), when translated, then they take no parameter', () => {
    const { where, params } = filterSql({ status: 'unresolved', answer: 'none', assigned: 'unassigned', escalated: false }, 60);
    expect(where).toBe(`WHERE c.status <> 'resolved' AND c.borrower_answer IS NULL AND c.assignee_id IS NULL AND c.escalated_at IS NULL`);
    expect(params).toEqual([]);
  });

  it('given cases within the target, when translated, then it keeps the unresolved ones not past it', () => {
    const { where, params } = filterSql({ sla: 'within' }, 30);
    expect(where).toBe(`WHERE c.status <> 'resolved' AND NOT (c.status <> 'resolved' AND c.opened_at < now() - make_interval(mins => $1::int))`);
    expect(params).toEqual([30]);
  });

  it('given a filter, when the caller adds a parameter, then it is numbered after the filter’s own', () => {
    const { params, param } = filterSql({ rule: 'loan.without-consent' }, 60);
    expect(param(200)).toBe('$2');
    expect(params).toEqual(['loan.without-consent', 200]);
  });
});
