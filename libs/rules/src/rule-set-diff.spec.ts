import { applyRuleSetChange } from './rule-set-change';
import { defaultRuleSet, type RuleSet } from './rule-set';
import { diffRuleSets } from './rule-set-diff';

const changed = (from: RuleSet, change: Parameters<typeof applyRuleSetChange>[1]): RuleSet => {
  const next = applyRuleSetChange(from, change);
  if (!next.ok) throw new Error(next.error.join('; '));
  return next.value;
};

describe('rule set diff', () => {
  it('given two equal rule sets, when diffed, then nothing is listed', () => {
    const v1 = defaultRuleSet(1);
    expect(diffRuleSets(v1, { ...structuredClone(v1), version: 2 })).toEqual({ fromVersion: 1, toVersion: 2, rules: [], decisions: [] });
  });

  it('given a score, an on/off switch, a severity and one parameter changed, when diffed, then only those fields show, old and new', () => {
    const v1 = defaultRuleSet(1);
    const v2 = changed(v1, {
      rules: {
        'loan.velocity': { score: 45, params: { maxLoans: 5 } },
        'unbind.unknown-ip': { enabled: false, severity: 'low' },
      },
    });
    const diff = diffRuleSets(v1, v2);
    expect(diff.rules).toEqual([
      {
        ruleId: 'loan.velocity',
        changes: [
          { field: 'score', from: v1.rules['loan.velocity'].score, to: 45 },
          { field: 'params.maxLoans', from: v1.rules['loan.velocity'].params.maxLoans, to: 5 },
        ],
      },
      {
        ruleId: 'unbind.unknown-ip',
        changes: [
          { field: 'enabled', from: true, to: false },
          { field: 'severity', from: v1.rules['unbind.unknown-ip'].severity, to: 'low' },
        ],
      },
    ]);
    // The unchanged parameters of a changed rule are not listed as erased.
    expect(diff.rules[0].changes.map((c) => c.field)).not.toContain('params.windowHours');
  });

  it('given a decision band moved, when diffed, then the band shows old and new', () => {
    const v1 = defaultRuleSet(1);
    const v2 = changed(v1, { decisions: { alert: 55 } });
    expect(diffRuleSets(v1, v2).decisions).toEqual([{ field: 'alert', from: v1.decisions.alert, to: 55 }]);
  });

  it('given a newer version diffed back to an older one, when diffed, then the changes read the other way round', () => {
    const v1 = defaultRuleSet(1);
    const v2 = changed(v1, { rules: { 'loan.velocity': { score: 45 } } });
    expect(diffRuleSets(v2, v1).rules).toEqual([{ ruleId: 'loan.velocity', changes: [{ field: 'score', from: 45, to: v1.rules['loan.velocity'].score }] }]);
  });

  it('given a rule present in one version only, when diffed, then its fields show as appearing, not as zero', () => {
    const v1 = defaultRuleSet(1);
    const v2 = structuredClone(v1);
    v2.version = 2;
    delete v2.rules['loan.velocity'];
    const [entry] = diffRuleSets(v2, v1).rules;
    expect(entry.ruleId).toBe('loan.velocity');
    expect(entry.changes).toContainEqual({ field: 'score', from: undefined, to: v1.rules['loan.velocity'].score });
  });
});
