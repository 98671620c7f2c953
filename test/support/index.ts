export * from './free-port';
export * from './poll-until';
export * from './smtp-sink';
export * from './test-env';
export * from './twilio-endpoint';
export * from './account-events';
export * from './database';
export * from './kafka';
