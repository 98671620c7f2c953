import type { AccountVerdict } from '@sentinel/rules';
import { FAMILIES, generateCorpus } from './corpus/generate-corpus';
import type { ModeResult } from './detector-run';
import { buildReport, DEFAULT_THRESHOLDS, renderReport } from './eval-report';

const corpus = generateCorpus({ seed: 5, stories: FAMILIES.length, heldoutStories: 0, anchorMs: Date.parse('2026-11-29T12:00:00Z') });
const accounts = Object.entries(corpus.labels);
const attack = accounts.filter(([, l]) => l.label === 'attack').map(([a]) => a);
const benign = accounts.filter(([, l]) => l.label === 'benign').map(([a]) => a);

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
    const missed = attack.slice(0, Math.ceil(attack.length / 10));
    const [bystander] = benign;
    const burst = mode('burst', {
      ...Object.fromEntries(missed.map((a) => [a, { case: false, ruleIds: [], fraudMessages: 1 }])),
      [bystander]: { case: true, ruleIds: ['unbind.unknown-device'], fraudMessages: 2 },
    });
    const report = buildReport(corpus, [mode('paced'), burst], DEFAULT_THRESHOLDS, {});
    expect(report.overall.burst.recall).toBeCloseTo((attack.length - missed.length) / attack.length);
    expect(report.overall.burst.falseCaseRate).toBeCloseTo(1 / benign.length);
    expect(report.overall.burst.fraudAlertsPerBenign).toBeCloseTo(2 / benign.length);
    expect(report.disagreements.accounts.map((d) => d.accountId).sort()).toEqual([...missed, bystander].sort());
    expect(report.byFamily.reduce((sum, f) => sum + f.disagreements, 0)).toBe(missed.length + 1);
    expect(report.disagreements.accounts.find((d) => d.accountId === bystander)!.verdicts).toEqual({ paced: 'no case', burst: 'case: unbind.unknown-device' });
    expect(report.failures).toEqual([
      expect.stringMatching(/^burst: recall 0\.\d\d is below 0.95$/),
      expect.stringMatching(/^burst: benign false-case rate .* is above 1.0%$/),
      `${missed.length + 1} account(s) get different verdicts in different modes (at most 0 allowed)`,
    ]);
    expect(renderReport(report)).toMatch(/FAIL/);
  });

  it('reports merchants the roll-up missed or flagged without cause', () => {
    const report = buildReport(corpus, [mode('paced', {}, ['jd-mall'])], DEFAULT_THRESHOLDS, {});
    expect(report.merchants.perMode.paced).toEqual({ flagged: ['jd-mall'], missed: corpus.merchants, unexpected: ['jd-mall'] });
  });
});
