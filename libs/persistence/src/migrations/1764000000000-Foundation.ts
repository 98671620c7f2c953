import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE account_event (
        id text PRIMARY KEY,
        account_id text NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        channel text NOT NULL,
        correlation_id text,
        body jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX account_event_timeline ON account_event (account_id, occurred_at)`);

    await db.query(`
      CREATE TABLE account_state (
        account_id text PRIMARY KEY,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE account_contact (
        id bigserial PRIMARY KEY,
        account_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('phone', 'email')),
        value text NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz,
        source_event_id text NOT NULL UNIQUE
      )`);
    await db.query(`CREATE UNIQUE INDEX account_contact_current ON account_contact (account_id, kind) WHERE valid_to IS NULL`);

    await db.query(`
      CREATE TABLE fraud_case (
        id uuid PRIMARY KEY,
        reference_code text NOT NULL UNIQUE,
        account_id text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_review', 'resolved')),
        decision text NOT NULL CHECK (decision IN ('alert', 'urgent')),
        score integer NOT NULL,
        rule_set_version integer NOT NULL,
        correlation_id text,
        opened_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // At most one open case per account: new hits join it instead of opening another.
    await db.query(`CREATE UNIQUE INDEX fraud_case_one_open ON fraud_case (account_id) WHERE status <> 'resolved'`);
    await db.query(`CREATE INDEX fraud_case_queue ON fraud_case (status, opened_at DESC)`);

    await db.query(`
      CREATE TABLE rule_hit (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES fraud_case (id),
        event_id text NOT NULL,
        rule_id text NOT NULL,
        severity text NOT NULL,
        score integer NOT NULL,
        evidence jsonb NOT NULL,
        explanation jsonb NOT NULL,
        rule_set_version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_id, rule_id)
      )`);
    await db.query(`CREATE INDEX rule_hit_case ON rule_hit (case_id)`);

    await db.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        message_key text NOT NULL,
        payload jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await db.query(`CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL`);

    await db.query(`
      CREATE TABLE delivery (
        id bigserial PRIMARY KEY,
        alert_id uuid NOT NULL,
        case_id uuid NOT NULL,
        account_id text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        template text NOT NULL,
        recipient_masked text,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
        provider_message_id text,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        correlation_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (alert_id, channel)
      )`);
    await db.query(`CREATE INDEX delivery_case ON delivery (case_id)`);

    await db.query(`
      CREATE TABLE caught_mail (
        id bigserial PRIMARY KEY,
        received_at timestamptz NOT NULL DEFAULT now(),
        mail_from text,
        rcpt_to text[] NOT NULL,
        subject text,
        text_body text,
        html_body text,
        size_bytes integer NOT NULL
      )`);

    await db.query(`
      CREATE TABLE sms_outbox (
        id bigserial PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        to_masked text NOT NULL,
        body text NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['sms_outbox', 'caught_mail', 'delivery', 'outbox', 'rule_hit', 'fraud_case', 'account_contact', 'account_state', 'account_event']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
