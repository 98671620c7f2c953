import { defaultRuleSet, fixedClock, type AccountVerdict } from '@sentinel/rules';
import type { Corpus } from '../corpus/generate-corpus';
import type { Label } from '../corpus/story';
import { chooseSetting, leaveFamilyOut, type TrainingScore } from './leave-family-out';
import type { Candidate } from './tuning-grid';

const score = (candidate: string, recall: number, falseCaseRate: number, deliveries = 0): TrainingScore => ({
  candidate,
  recall,
  falseCaseRate,
  fraudDeliveriesPer100Benign: deliveries,
});

describe('the tuning rule', () => {
  it('given candidates within and over the false-case limit, when choosing, then it takes the highest recall among the allowed ones', () => {
    const scores = [score('shipped', 0.8, 0.01), score('loud', 1, 0.05), score('better', 0.9, 0.02), score('quiet', 0.5, 0)];
    expect(chooseSetting(scores, 0.02)).toEqual({ chosen: scores[2], allowed: true });
  });

  it('given equal recall, when choosing, then fewer false cases win, then fewer deliveries, then the earlier candidate', () => {
    expect(chooseSetting([score('a', 0.9, 0.02), score('b', 0.9, 0.01)], 0.02).chosen.candidate).toBe('b');
    expect(chooseSetting([score('a', 0.9, 0.01, 30), score('b', 0.9, 0.01, 10)], 0.02).chosen.candidate).toBe('b');
    expect(chooseSetting([score('shipped', 0.9, 0.01, 10), score('b', 0.9, 0.01, 10)], 0.02).chosen.candidate).toBe('shipped');
  });

  it('given no candidate within the limit, when choosing, then it takes the fewest false cases and says none was allowed', () => {
    const scores = [score('shipped', 0.9, 0.2), score('b', 0.5, 0.1), score('c', 0.7, 0.1)];
    expect(chooseSetting(scores, 0.02)).toEqual({ chosen: scores[2], allowed: false });
  });
});

/** A hand-made corpus: accounts by family, labels and channels; no events (the judge below stands in for the backtest). */
function corpus(seed: number, families: Record<string, { label: Label; accounts: number }>): Corpus {
  const labels: Corpus['labels'] = {};
  for (const [family, { label, accounts }] of Object.entries(families)) {
    for (let i = 0; i < accounts; i++) {
      labels[`${seed}-${family}-${i}`] = { family, group: 'heldout', label, story: `${family}-${i}`, channels: { sms: true, email: i % 2 === 0 }, stepUpAnswer: 'me' };
    }
  }
  return { seed, anchor: '2026-12-01T00:00:00.000Z', stories: [], labels, events: [], merchants: [] };
}

const candidate = (id: string): Candidate => ({ id, change: id, ruleSet: defaultRuleSet(1) });

describe('leave-family-out', () => {
  // Three families. `strict` catches every attack but also half the look-alikes; `loose` catches only
  // the takeovers; `shipped` catches neither the look-alikes nor the phone thefts.
  const families = {
    'attack.takeover': { label: 'attack' as const, accounts: 4 },
    'attack.phone-theft': { label: 'attack' as const, accounts: 4 },
    'benign.upgrade': { label: 'benign' as const, accounts: 4 },
  };
  const tuning = corpus(2, families);
  const evaluation = corpus(1, families);
  const catches: Record<string, (family: string, i: number) => boolean> = {
    shipped: (f) => f === 'attack.takeover',
    strict: (f, i) => f.startsWith('attack.') || (f === 'benign.upgrade' && i % 2 === 0),
    phone: (f) => f.startsWith('attack.'),
  };
  const judge = (c: Candidate, on: Corpus): Record<string, AccountVerdict> => {
    const out: Record<string, AccountVerdict> = {};
    for (const [accountId, l] of Object.entries(on.labels)) {
      const i = Number(accountId.split('-').pop());
      if (catches[c.id](l.family, i)) out[accountId] = { case: true, ruleIds: [c.id], fraudMessages: 1 };
    }
    return out;
  };

  it('given a family held out, when tuning on the others, then the choice never reads its labels and its figure is measured on the evaluation corpus', () => {
    const report = leaveFamilyOut({
      candidates: ['shipped', 'strict', 'phone'].map(candidate),
      tuning,
      evaluation,
      families: ['attack.phone-theft', 'benign.upgrade'],
      maxFalseCaseRate: 0.02,
      latenessMs: 5000,
      clock: fixedClock('2026-12-01T00:00:00Z'),
      log: () => undefined,
      judge,
    });
    const [theft, upgrade] = report.rows;
    // With every family, `phone` catches everything with no false case: the in-sample pick.
    expect(theft.inSample).toMatchObject({ setting: 'phone', allowed: true, family: { recall: 1 } });
    // Without the thefts, `shipped` already catches every remaining attack and is first: nothing moves.
    expect(theft.heldOut).toMatchObject({ setting: 'shipped', training: { recall: 1, falseCaseRate: 0 }, family: { recall: 0, attackAccounts: 4 } });
    expect(theft.shipped.family.recall).toBe(0);
    // Without the look-alikes, `strict` and `phone` tie on the training families; `strict` is listed first.
    expect(upgrade.heldOut).toMatchObject({ setting: 'strict', family: { falseCaseRate: 0.5, benignCases: 2 } });
    // Two accounts with a case, one message each, reaching SMS and (for even accounts) email: 4 deliveries over 4 accounts.
    expect(upgrade.heldOut.family.fraudDeliveriesPer100Benign).toBe(100);
    expect(upgrade.inSample).toMatchObject({ setting: 'phone', family: { falseCaseRate: 0 } });
    expect(report.candidates.map((c) => c.id)).toEqual(['shipped', 'strict', 'phone']);
  });
});
