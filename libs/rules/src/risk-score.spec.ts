import type { RuleHit } from './rule-hit';
import { answeredByBorrower, riskScore, riskWeight } from './evaluate-event';

const hit = (score: number, more: Partial<RuleHit> = {}): RuleHit => ({
  ruleId: `r-${score}`,
  severity: 'high',
  score,
  evidence: {},
  explanation: { en: 'x', 'zh-CN': 'x' },
  ...more,
});

describe('riskScore', () => {
  it('given more evidence, then a higher score, bounded below 100: cases rank instead of all scoring 100', () => {
    const scores = [50, 70, 100, 130, 200, 400].map((w) => riskScore([hit(w)]));
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(new Set(scores).size).toBe(scores.length);
    expect(scores[0]).toBe(50);
    expect(Math.max(...scores)).toBeLessThan(100);
  });

  it('given benign evidence, then doubts about who acts weigh less, never below their residue', () => {
    expect(riskWeight([hit(70), hit(40, { benign: true })])).toBe(30);
    expect(riskWeight([hit(70), hit(200, { benign: true })])).toBeCloseTo(14);
  });

  it('given benign evidence, then doubts about what is done (another holder’s card, a loan burst) stay whole', () => {
    expect(riskWeight([hit(70, { fact: true }), hit(40, { benign: true })])).toBe(70);
  });

  it('given context, then it weighs in proportion to the evidence left beside it', () => {
    expect(riskWeight([hit(70), hit(30, { context: true })])).toBe(100);
    expect(riskWeight([hit(70), hit(30, { context: true }), hit(40, { benign: true })])).toBeCloseTo(30 + (30 * 30) / 70);
    expect(riskScore([hit(30, { context: true })])).toBe(0);
  });
});

describe('answeredByBorrower', () => {
  it('given doubts about who acts that benign evidence answers in full, then answered: only the residue is left', () => {
    expect(answeredByBorrower([hit(40), hit(40, { benign: true })])).toBe(true);
    expect(answeredByBorrower([hit(40), hit(30, { context: true }), hit(60, { benign: true })])).toBe(true);
  });

  it('given benign evidence short of the doubts, or a doubt about what is done, or no doubt at all, then not answered', () => {
    expect(answeredByBorrower([hit(70), hit(40, { benign: true })])).toBe(false);
    expect(answeredByBorrower([hit(40, { fact: true }), hit(200, { benign: true })])).toBe(false);
    expect(answeredByBorrower([hit(40, { benign: true })])).toBe(false);
    expect(answeredByBorrower([hit(30, { context: true }), hit(40, { benign: true })])).toBe(false);
  });
});

describe('answeredByBorrower and evidence no answer clears', () => {
  it('given a loan without consent or after the notices were silenced, however much benign evidence, then not answered: a phone in another hand confirms those', () => {
    expect(answeredByBorrower([hit(40, { ruleId: 'loan.after-silencing' }), hit(55, { benign: true })])).toBe(false);
    expect(answeredByBorrower([hit(40, { ruleId: 'loan.without-consent' }), hit(200, { benign: true })])).toBe(false);
  });
});
