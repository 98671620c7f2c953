export * from './bootstrap';
export * from './config';
export * from './core.env';
export * from './core.module';
export * from './metrics';
export * from './tokens';
export * from './named-keys';
export * from './scheduled-job';
