import { anEvent, isolatedPrefix, PipelineHarness, pollUntil, SmtpSink } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';

const API_KEY = 'restart-ingest-key-0123456789abcdef';

/**
 * The notifier is killed (SIGKILL, no chance to clean up) in the middle of sending an alert;
 * once restarted, the borrower gets the alert exactly once.
 */
describe('a notifier killed mid-send', () => {
  let sink: SmtpSink;
  let harness: PipelineHarness;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    harness = await new PipelineHarness(
      ['gateway', 'detector', 'notifier'],
      {
        KAFKA_TOPIC_PREFIX: isolatedPrefix(),
        INGEST_API_KEYS: `restart:${API_KEY}`,
        SMTP_URL: sink.url,
        OUTBOX_POLL_MS: '200',
        DELIVERY_LEASE_MS: '6000',
        // The dead notifier's partitions come back after its session: 10 s rather than the default 30 s,
        // which the test would otherwise spend waiting.
        KAFKA_SESSION_TIMEOUT_MS: '10000',
      },
      'restart-logs',
    ).start();
  }, 120_000);

  afterAll(async () => {
    if (sink) sink.hang = false;
    await harness?.stop();
    await sink?.stop();
  });

  it('sends the alert once after it restarts', async () => {
    const accountId = `restart-${randomUUID().slice(0, 8)}`;
    const now = Date.now();
    const at = (offset: number) => new Date(now + offset).toISOString();
    sink.hang = true;
    const response = await harness.gateway('/v1/events', API_KEY, {
      events: [
        anEvent('contact.changed', { accountId, occurredAt: at(-90 * 86_400_000), payload: { kind: 'email', value: `${accountId}@example.com` } }),
        anEvent('device.login', { accountId, occurredAt: at(-90 * 86_400_000) }),
        anEvent('card.unbound', { accountId, device: { id: 'laptop-x' }, occurredAt: at(0) }),
      ],
    });
    expect(response.status).toBe(202);

    // The notifier has claimed the message and sent it over SMTP, unanswered yet: kill it there.
    await pollUntil(
      async () => sink.hung > 0 && (await harness.db.query<unknown[]>(`SELECT 1 FROM delivery WHERE account_id = $1 AND status = 'pending'`, [accountId])).length > 0,
      {
        what: 'the notifier to be mid-send',
      },
    );
    const notifier = harness.services.notifier;
    notifier.kill();
    await pollUntil(async () => (await notifier.stop()).signal === 'SIGKILL', { what: 'the notifier to die' });
    sink.hang = false;

    notifier.start();
    await notifier.waitReady(60_000);
    await pollUntil(
      async () => (await harness.db.query<unknown[]>(`SELECT 1 FROM delivery WHERE account_id = $1 AND channel = 'email' AND status = 'sent'`, [accountId])).length > 0,
      // The dead notifier's lease on the message runs out (6 s) and the retry pass takes it; the
      // alert itself comes back to the new consumer when the dead one's session (10 s) expires.
      { timeoutMs: 75_000, what: 'the alert to be sent after the restart' },
    );
    const mails = sink.received.filter((m) => m.to.includes(`${accountId}@example.com`));
    expect(mails).toHaveLength(1);
    expect(await harness.db.query(`SELECT status, attempts FROM delivery WHERE account_id = $1 AND channel = 'email'`, [accountId])).toEqual([{ status: 'sent', attempts: 1 }]);
  }, 150_000);
});
