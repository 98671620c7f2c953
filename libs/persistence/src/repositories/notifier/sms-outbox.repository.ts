import type { DataSource } from 'typeorm';

/** Where SMS are kept when no Twilio account is configured, for the console to show. */
export abstract class SmsOutbox {
  /** Stores the messages (recipient masked, body redacted by the caller) in one statement; their ids in the order given. */
  abstract store(toMasked: string[], bodies: string[]): Promise<string[]>;
}

export class SmsOutboxRepository implements SmsOutbox {
  constructor(private readonly dataSource: DataSource) {}

  async store(toMasked: string[], bodies: string[]): Promise<string[]> {
    // Ids are drawn before the insert and returned in the order given, whatever order the insert
    // returns its rows in.
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH w AS MATERIALIZED (
         SELECT nextval(pg_get_serial_sequence('sms_outbox', 'id')) AS id, to_masked, body, n
           FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS w(to_masked, body, n)),
       stored AS (INSERT INTO sms_outbox (id, to_masked, body, created_at) SELECT id, to_masked, body, now() FROM w)
       SELECT id FROM w ORDER BY n`,
      [toMasked, bodies],
    );
    return rows.map((r) => r.id);
  }
}
