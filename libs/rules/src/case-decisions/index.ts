export * from './answer-outcome';
export * from './bulk-eligibility';
export * from './case-action-eligibility';
export * from './case-refusal';
export * from './escalation';
export * from './step-up-release';
export * from './four-eyes';
