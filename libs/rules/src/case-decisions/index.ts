export * from './answer-outcome';
export * from './step-up-release';
