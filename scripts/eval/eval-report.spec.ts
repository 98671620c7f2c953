import type { AccountVerdict } from '@sentinel/rules';
import { familiesIn, generateCorpus } from './corpus/generate-corpus';
import type { ModeResult } from './detector-run';
import { buildReport, DEFAULT_THRESHOLDS, renderReport } from './eval-report';

const corpus = generateCorpus({ seed: 5, stories: familiesIn('described').length, heldoutStories: familiesIn('heldout').length, anchorMs: Date.parse('2026-11-29T12:00:00Z') });
const accounts = Object.entries(corpus.labels);
const attack = accounts.filter(([, l]) => l.label === 'attack').map(([a]) => a);
const benign = accounts.filter(([, l]) => l.label === 'benign' && l.group === 'described').map(([a]) => a);
const heldoutBenign = accounts.filter(([, l]) => l.label === 'benign' && l.group === 'heldout').map(([a]) => a);

/** Every attack account with a case from `rule`, plus whatever `extra` says. */
function mode(name: string, extra: Record<string, AccountVerdict> = {}, merchants: string[] | null = corpus.merchants): ModeResult {
  const verdicts: Record<string, AccountVerdict> = Object.fromEntries(attack.map((a) => [a, { case: true, ruleIds: ['loan.without-consent'], fraudMessages: 1 }]));
  return { mode: name, verdicts: { ...verdicts, ...extra }, flaggedMerchants: merchants, seconds: 1 };
}

describe('the eval report', () => {
  it('passes when every attack account has a case, no benign one does and the modes agree', () => {
    const report = buildReport(corpus, [mode('paced'), mode('burst'), mode('replay', {}, null)], DEFAULT_THRESHOLDS, {});
    expect(report.failures).toEqual([]);
    expect(report.overall.paced).toMatchObject({ recall: 1, falseCaseRate: 0, fraudAlertsPerBenign: 0, attackCases: attack.length, benignCases: 0 });
    expect(report.byGroup.heldout.paced).toMatchObject({ recall: 1, falseCaseRate: 0, fraudDeliveriesPer100Benign: 0, benignAccounts: heldoutBenign.length });
    expect(report.byFamily.map((f) => f.group)).toContain('heldout');
    expect(report.byRule).toEqual([
      {
        ruleId: 'loan.without-consent',
        perMode: { paced: { attack: attack.length, benign: 0 }, burst: { attack: attack.length, benign: 0 }, replay: { attack: attack.length, benign: 0 } },
      },
    ]);
    expect(report.merchants.perMode.paced).toEqual({ flagged: corpus.merchants, missed: [], unexpected: [] });
    expect(report.merchants.perMode.replay).toBeNull();
    expect(renderReport(report)).toMatch(/PASS$/);
  });

  it('fails on a benign case, a missed attack, a fraud alert counted per benign account, and modes that disagree', () => {
    const describedAttack = attack.filter((a) => corpus.labels[a].group === 'described');
    const missed = describedAttack.slice(0, Math.ceil(describedAttack.length / 10));
    const [bystander] = benign;
    const burst = mode('burst', {
      ...Object.fromEntries(missed.map((a) => [a, { case: false, ruleIds: [], fraudMessages: 1 }])),
      [bystander]: { case: true, ruleIds: ['unbind.unknown-device'], fraudMessages: 2 },
    });
    const report = buildReport(corpus, [mode('paced'), burst], DEFAULT_THRESHOLDS, {});
    const described = report.byGroup.described.burst;
    expect(described.recall).toBeCloseTo((described.attackAccounts - missed.length) / described.attackAccounts);
    expect(described.falseCaseRate).toBeCloseTo(1 / benign.length);
    expect(described.fraudAlertsPerBenign).toBeCloseTo(2 / benign.length);
    expect(report.disagreements.accounts.map((d) => d.accountId).sort()).toEqual([...missed, bystander].sort());
    expect(report.byFamily.reduce((sum, f) => sum + f.disagreements, 0)).toBe(missed.length + 1);
    expect(report.disagreements.accounts.find((d) => d.accountId === bystander)!.verdicts).toEqual({ paced: 'no case', burst: 'case: unbind.unknown-device' });
    expect(report.failures).toEqual([
      expect.stringMatching(/^described, burst: recall 0\.\d\d is below 0.95$/),
      expect.stringMatching(/^described, burst: benign false-case rate .* is above 1.0%$/),
      `${missed.length + 1} account(s) get different verdicts in different modes (at most 0 allowed)`,
    ]);
    expect(renderReport(report)).toMatch(/FAIL/);
  });

  it('holds the held-out families to their own thresholds: 2% false cases, 20 fraud deliveries per 100 benign accounts', () => {
    // One held-out look-alike with a case is over 2% on this small corpus; messages to the others push deliveries over 20 per 100.
    const noisy = Object.fromEntries(heldoutBenign.map((a, i) => [a, { case: i === 0, ruleIds: i === 0 ? ['card.swap'] : [], fraudMessages: 1 }]));
    const report = buildReport(corpus, [mode('paced', noisy)], DEFAULT_THRESHOLDS, {});
    const m = report.byGroup.heldout.paced;
    expect(m.falseCaseRate).toBeCloseTo(1 / heldoutBenign.length);
    const reach = heldoutBenign.reduce((sum, a) => sum + Number(corpus.labels[a].channels.sms) + Number(corpus.labels[a].channels.email), 0);
    expect(m.fraudDeliveriesPer100Benign).toBeCloseTo((100 * reach) / heldoutBenign.length);
    expect(report.byGroup.described.paced.falseCaseRate).toBe(0);
    expect(report.failures).toEqual([
      expect.stringMatching(/^heldout, paced: benign false-case rate .* is above 2.0%$/),
      expect.stringMatching(/^heldout, paced: \d+\.\d fraud deliveries per 100 benign accounts is above 20$/),
    ]);
    expect(renderReport(report)).toMatch(/Held-out families/);
  });

  it('reports merchants the roll-up missed or flagged without cause', () => {
    const report = buildReport(corpus, [mode('paced', {}, ['jd-mall'])], DEFAULT_THRESHOLDS, {});
    // The report lists the expected merchants sorted; the corpus lists them in story order.
    expect(report.merchants.perMode.paced).toEqual({ flagged: ['jd-mall'], missed: [...corpus.merchants].sort(), unexpected: ['jd-mall'] });
  });
});
