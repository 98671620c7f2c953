export * from './entity-link';
export * from './ring-rule';
export * from './ring-rollup';
