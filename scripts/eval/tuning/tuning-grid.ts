import { type CatalogEntry, RULE_CATALOG, type RuleSet } from '@sentinel/rules';

/** One rule set the search tries: the shipped one, or the shipped one with one thing moved. */
export interface Candidate {
  id: string;
  /** What was moved, for the report. */
  change: string;
  ruleSet: RuleSet;
}

export interface GridSpec {
  /** Factors on the `alert` decision band (the `urgent` band moves up with it when passed). */
  bandFactors: readonly number[];
  /** Factors on one rule's score at a time; 0 turns the rule off. */
  scoreFactors: readonly number[];
  /** Factors on one rule's time windows at a time (every param named …Hours, …Days or …Minutes). */
  windowFactors: readonly number[];
}

/**
 * Small and bounded: with today's catalog about seventy rule sets, each one backtest of the tuning
 * corpus. Bands a little either side, each scoring rule off or half as strong again, each rule's
 * windows halved or doubled.
 */
const DEFAULT_GRID: GridSpec = { bandFactors: [0.7, 0.85, 1.2, 1.4], scoreFactors: [0, 1.5], windowFactors: [0.5, 2] };

const WINDOW_PARAM = /(Hours|Days|Minutes)$/;

const clone = (ruleSet: RuleSet): RuleSet => structuredClone(ruleSet);

/**
 * The candidates around `base`: `base` itself first, then one move at a time (a coordinate search
 * of depth one). Only what the rule set already exposes as data is moved: decision bands, the
 * scores of fraud rules, and their time windows. Rules that score nothing (notices, the merchant
 * roll-up) and disabled rules are left alone. The catalog is read at run time, so a rule added
 * later is searched too.
 */
export function tuningGrid(base: RuleSet, spec: GridSpec = DEFAULT_GRID, catalog: readonly CatalogEntry[] = RULE_CATALOG): Candidate[] {
  const out: Candidate[] = [{ id: 'shipped', change: 'the rule set as shipped', ruleSet: clone(base) }];
  for (const factor of spec.bandFactors) {
    const ruleSet = clone(base);
    ruleSet.decisions.alert = Math.max(ruleSet.decisions.notice + 1, Math.round(base.decisions.alert * factor));
    ruleSet.decisions.urgent = Math.max(ruleSet.decisions.urgent, ruleSet.decisions.alert + 1);
    out.push({ id: `alert-band*${factor}`, change: `alert band ${base.decisions.alert} -> ${ruleSet.decisions.alert}`, ruleSet });
  }
  for (const entry of catalog) {
    const settings = base.rules[entry.id];
    if (!settings?.enabled || entry.category !== 'fraud' || settings.score <= 0) continue;
    for (const factor of spec.scoreFactors) {
      const ruleSet = clone(base);
      const rule = ruleSet.rules[entry.id];
      if (factor === 0) rule.enabled = false;
      else rule.score = Math.round(settings.score * factor);
      out.push({ id: `${entry.id}:score*${factor}`, change: factor === 0 ? `${entry.id} off` : `${entry.id} score ${settings.score} -> ${rule.score}`, ruleSet });
    }
    const windows = Object.keys(settings.params).filter((p) => WINDOW_PARAM.test(p) && settings.params[p] > 0);
    if (windows.length === 0) continue;
    for (const factor of spec.windowFactors) {
      const ruleSet = clone(base);
      const params = ruleSet.rules[entry.id].params;
      for (const p of windows) params[p] = Math.max(1, Math.round(settings.params[p] * factor));
      out.push({ id: `${entry.id}:windows*${factor}`, change: `${entry.id} ${windows.map((p) => `${p} ${settings.params[p]} -> ${params[p]}`).join(', ')}`, ruleSet });
    }
  }
  return out;
}
