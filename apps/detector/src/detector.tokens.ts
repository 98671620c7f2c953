export const CLOCK = Symbol('Clock');
export const RULE_SET = Symbol('RuleSet');
