import { SmsOutboxEntity, SmsOutboxRepository } from '@sentinel/persistence';
import { isolatedDataSource } from '@sentinel/testing';
import { DryRunSmsDriver } from './dry-run-sms.driver';

describe('DryRunSmsDriver: SMS sent together are stored together', () => {
  const db = isolatedDataSource();

  it('gives each of many sends at once the id of its own row, masked and redacted', async () => {
    const driver = new DryRunSmsDriver(new SmsOutboxRepository(db()));
    const messages = Array.from({ length: 30 }, (_, i) => ({ to: `+861391234${String(i).padStart(4, '0')}`, body: `message ${i} http://127.0.0.1:3004/verify/${'x'.repeat(43)}` }));
    const outcomes = await Promise.all(messages.map((m) => driver.send(m)));
    for (const [i, outcome] of outcomes.entries()) {
      expect(outcome.status).toBe('sent');
      const id = outcome.status === 'sent' ? outcome.providerMessageId.replace('dry-run-', '') : '';
      const row = await db().getRepository(SmsOutboxEntity).findOneByOrFail({ id });
      expect(row).toMatchObject({ toMasked: `+86139****${String(i).padStart(4, '0')}`, body: `message ${i} http://127.0.0.1:3004/verify/[redacted]` });
    }
    expect(new Set(outcomes.map((o) => o.status === 'sent' && o.providerMessageId)).size).toBe(30);
  });

  it('fails only the send the store refuses, as it would have alone', async () => {
    const driver = new DryRunSmsDriver(new SmsOutboxRepository(db()));
    await db().query(`ALTER TABLE sms_outbox ADD CONSTRAINT short_bodies CHECK (length(body) < 10) NOT VALID`);
    try {
      const outcomes = await Promise.allSettled([driver.send({ to: '+8613912345678', body: 'short' }), driver.send({ to: '+8613912345679', body: 'far too long a body' })]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    } finally {
      await db().query(`ALTER TABLE sms_outbox DROP CONSTRAINT short_bodies`);
    }
  });
});
