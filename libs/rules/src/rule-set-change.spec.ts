import { applyRuleSetChange } from './rule-set-change';
import { completeRuleSet, defaultRuleSet, RULE_CATALOG } from './rule-set';

describe('rule set changes', () => {
  it('produces the next version with the change applied', () => {
    const result = applyRuleSetChange(defaultRuleSet(3), {
      rules: { 'loan.velocity': { params: { maxLoans: 5 }, score: 45 }, 'unbind.unknown-ip': { enabled: false } },
      decisions: { alert: 55 },
    });
    expect(result.ok && result.value.version).toBe(4);
    expect(result.ok && result.value.rules['loan.velocity']).toMatchObject({ score: 45, params: { maxLoans: 5, windowHours: 24 } });
    expect(result.ok && result.value.rules['unbind.unknown-ip'].enabled).toBe(false);
    expect(result.ok && result.value.decisions).toEqual({ notice: 1, alert: 55, urgent: 80 });
  });

  it('lists every problem with a bad change', () => {
    const result = applyRuleSetChange(defaultRuleSet(), {
      rules: { 'no.such': { enabled: true }, 'loan.velocity': { score: 500, params: { maxloans: 2 } } },
      decisions: { alert: 95 },
    });
    expect(!result.ok && result.error).toEqual([
      expect.stringMatching(/^rules\.no\.such: no such rule; known rules are unbind\.unknown-device/),
      'rules.loan.velocity.score: must be a whole number from 0 to 100',
      'rules.loan.velocity.params.maxloans: no such parameter; known: maxLoans, windowHours, perExtraLoan',
      'decisions: must satisfy notice ≤ alert ≤ urgent (got 1, 95, 80)',
    ]);
  });

  it('fills rules added to the catalog after a set was stored', () => {
    const stored = { version: 7, rules: { 'loan.velocity': { enabled: false, severity: 'low' as const, score: 10, params: {} } }, decisions: { notice: 1, alert: 50, urgent: 90 } };
    const complete = completeRuleSet(stored);
    expect(Object.keys(complete.rules)).toHaveLength(RULE_CATALOG.length);
    expect(complete.rules['loan.velocity']).toEqual({ enabled: false, severity: 'low', score: 10, params: { maxLoans: 4, windowHours: 24, perExtraLoan: 15 } });
  });
});
