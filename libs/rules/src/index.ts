export * from './account-state';
export * from './clock';
export * from './evaluate-event';
export * from './rule';
export * from './rule-hit';
export * from './rule-set';
export * from './rules/unbind-from-unknown-device.rule';
