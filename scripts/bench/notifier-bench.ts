// The notifier on its own: a backlog of fraud alerts on its topic, sent into an SMTP sink that
// shares nothing with it, and SMS to the dry-run outbox. The rate is alerts whose email the sink
// accepted, from the first acceptance to the last.
import { type AlertMessage, Topics } from '@sentinel/contracts';
import { createKafka, ensureTopics, physicalTopic } from '@sentinel/messaging';
import { dropDatabase, migrate } from '@sentinel/persistence';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../lib/free-port';
import { ServiceProcess } from '../lib/service-process';
import { TimingSmtpSink } from './timing-smtp-sink';

export async function notifierThroughput(root: string, brokers: string, base: URL, partitions: number, alerts: number, say: (line: string) => void): Promise<number> {
  const url = new URL(base);
  url.pathname = `/${process.env.BENCH_DATABASE ?? 'sentinel_bench'}_notifier`;
  await dropDatabase(url.toString());
  await migrate(url.toString());
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  const prefix = `bench-notifier-${Date.now().toString(36)}.`;
  const kafka = createKafka({ brokers: brokers.split(','), clientId: 'sentinel-bench-notifier', topicPrefix: prefix, partitions });
  await ensureTopics(
    kafka,
    Object.values(Topics).map((t) => physicalTopic({ topicPrefix: prefix }, t)),
    partitions,
  );
  const sink = await new TimingSmtpSink().start();
  const notifier = new ServiceProcess(
    'notifier',
    await freePort(),
    { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn', SMTP_URL: sink.url },
    join(root, '.run', 'bench-logs', 'notifier'),
  );
  try {
    // One case per borrower, each with an email and a phone.
    const cases: { id: string; accountId: string; reference: string }[] = Array.from({ length: alerts }, (_, i) => ({
      id: randomUUID(),
      accountId: `nb-${i}`,
      reference: randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase(),
    }));
    await client.query(
      `INSERT INTO fraud_case (id, reference_code, account_id, decision, score, rule_set_version)
       SELECT * , 'alert', 70, 1 FROM unnest($1::uuid[], $2::text[], $3::text[])`,
      [cases.map((c) => c.id), cases.map((c) => c.reference), cases.map((c) => c.accountId)],
    );
    await client.query(
      `INSERT INTO account_contact (account_id, kind, value, valid_from, source_event_id)
       SELECT a, k, CASE WHEN k = 'email' THEN a || '@example.com' ELSE '+86138' || lpad((row_number() OVER ())::text, 8, '0') END, now(), gen_random_uuid()::text
         FROM unnest($1::text[]) AS a CROSS JOIN (VALUES ('email'), ('phone')) AS kinds(k)`,
      [cases.map((c) => c.accountId)],
    );
    notifier.start();
    await notifier.waitReady(60_000);
    const producer = kafka.producer();
    await producer.connect();
    const now = new Date().toISOString();
    const messages = cases.map((c) => {
      const alert: AlertMessage = {
        alertId: randomUUID(),
        kind: 'fraud',
        caseId: c.id,
        accountId: c.accountId,
        referenceCode: c.reference,
        decision: 'alert',
        ruleSetVersion: 1,
        createdAt: now,
        event: { id: randomUUID(), type: 'card.unbound', occurredAt: now, channel: 'web', cardMasked: '**** 1234' },
        hits: [{ ruleId: 'unbind.unknown-device', severity: 'high', score: 70, explanation: { en: 'a card was unbound from a new device', 'zh-CN': '新设备解绑银行卡' } }],
      };
      return { key: c.accountId, value: JSON.stringify(alert) };
    });
    const topic = physicalTopic({ topicPrefix: prefix }, Topics.accountAlerts);
    for (let i = 0; i < messages.length; i += 2000) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 2000) });
    await producer.disconnect();
    const deadline = Date.now() + 300_000;
    while (sink.accepted < alerts && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const seconds = (sink.lastAcceptedAt - sink.firstAcceptedAt) / 1000;
    const perSecond = sink.accepted / seconds;
    const { rows } = await client.query<{ sent: number; sms: number }>(
      `SELECT (SELECT count(*)::int FROM delivery WHERE status = 'sent') AS sent, (SELECT count(*)::int FROM sms_outbox) AS sms`,
    );
    say(
      `notifier alone      ${Math.round(perSecond).toLocaleString('en')} alerts/s into an SMTP sink without Postgres ` +
        `(${sink.accepted.toLocaleString('en')} of ${alerts.toLocaleString('en')} emails in ${seconds.toFixed(1)} s; ${rows[0].sent.toLocaleString('en')} deliveries recorded sent, ${rows[0].sms.toLocaleString('en')} dry-run SMS)`,
    );
    return perSecond;
  } finally {
    await notifier.stop();
    await sink.stop();
    await client.end();
  }
}
