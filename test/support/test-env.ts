import { randomUUID } from 'node:crypto';

/** What the global setup found or started, handed to workers through the environment. */
export function testEnv() {
  const brokers = process.env.KAFKA_BROKERS;
  const databaseUrl = process.env.DATABASE_URL;
  if (!brokers || !databaseUrl) throw new Error('the test global setup did not run (KAFKA_BROKERS/DATABASE_URL unset)');
  return {
    brokers: brokers.split(','),
    /** The services' role: owns no table, may only append to audit_log. */
    databaseUrl,
    /** The owner's, who migrates: for a suite that changes the schema or makes a database. */
    ownerDatabaseUrl: process.env.MIGRATION_DATABASE_URL ?? databaseUrl,
    topicPrefix: process.env.KAFKA_TOPIC_PREFIX ?? '',
  };
}

/** A topic prefix of its own, for a spec that must not see other specs' messages. */
export function isolatedPrefix(): string {
  return `${process.env.KAFKA_TOPIC_PREFIX ?? ''}${randomUUID().slice(0, 8)}.`;
}
