export * from './entity-link';
export * from './ring-rule';
export * from './ring-rollup';
export * from './ring-response';
