import { type CatalogEntry, type RuleSet } from '@sentinel/rules';
import { tuningGrid } from './tuning-grid';

const entry = (id: string, category: CatalogEntry['category'], score: number, params: Record<string, number>): CatalogEntry => ({
  id,
  description: id,
  category,
  phase: 'immediate',
  defaults: { severity: 'high', score, params },
});

const catalog = [
  entry('loan.a', 'fraud', 40, { windowHours: 24, factor: 5 }),
  entry('unbind.b', 'fraud', 60, { minUnbinds: 3 }),
  entry('notice.c', 'notice', 0, { firstDays: 30 }),
  entry('merchant.d', 'fraud', 0, { windowDays: 30 }),
  entry('loan.off', 'fraud', 50, { windowHours: 2 }),
];

const base: RuleSet = {
  version: 1,
  decisions: { notice: 1, alert: 50, urgent: 90 },
  rules: Object.fromEntries(catalog.map((e) => [e.id, { enabled: e.id !== 'loan.off', severity: 'high', score: e.defaults.score, params: { ...e.defaults.params } }])),
};

describe('the tuning grid', () => {
  const grid = tuningGrid(base, { bandFactors: [0.8, 2], scoreFactors: [0, 1.5], windowFactors: [0.5] }, catalog);
  const changed = (ruleSet: RuleSet) => {
    const diffs: string[] = [];
    if (JSON.stringify(ruleSet.decisions) !== JSON.stringify(base.decisions)) diffs.push('decisions');
    for (const id of Object.keys(base.rules)) if (JSON.stringify(ruleSet.rules[id]) !== JSON.stringify(base.rules[id])) diffs.push(id);
    return diffs;
  };

  it('starts with the rule set as shipped, then moves one thing at a time', () => {
    expect(grid[0]).toMatchObject({ id: 'shipped', ruleSet: base });
    for (const c of grid.slice(1)) expect(changed(c.ruleSet)).toHaveLength(1);
    expect(new Set(grid.map((c) => c.id)).size).toBe(grid.length);
  });

  it('moves the alert band, keeping urgent above it', () => {
    const bands = grid.filter((c) => c.id.startsWith('alert-band'));
    expect(bands.map((c) => c.ruleSet.decisions)).toEqual([
      { notice: 1, alert: 40, urgent: 90 },
      { notice: 1, alert: 100, urgent: 101 },
    ]);
  });

  it('turns off or strengthens each enabled scoring fraud rule, and scales only time windows', () => {
    expect(grid.map((c) => c.id)).toEqual([
      'shipped',
      'alert-band*0.8',
      'alert-band*2',
      'loan.a:score*0',
      'loan.a:score*1.5',
      'loan.a:windows*0.5',
      'unbind.b:score*0',
      'unbind.b:score*1.5',
    ]);
    const byId = Object.fromEntries(grid.map((c) => [c.id, c.ruleSet]));
    expect(byId['loan.a:score*0'].rules['loan.a'].enabled).toBe(false);
    expect(byId['loan.a:score*1.5'].rules['loan.a'].score).toBe(60);
    expect(byId['loan.a:windows*0.5'].rules['loan.a'].params).toEqual({ windowHours: 12, factor: 5 });
    // The base is never changed in place.
    expect(base.rules['loan.a']).toMatchObject({ enabled: true, score: 40, params: { windowHours: 24 } });
  });
});
