import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An event is identified by its account and its id, not its id alone: a producer reusing (or
 * guessing) another account's event id hid that account's event, which was dropped as a
 * redelivery. Every key that named an event by id alone takes the account too. Existing rows are
 * unique by id, so they are unique by account and id: only `rule_hit` gains a column, its case's
 * account.
 */
export class EventIdentityPerAccount1765230000000 implements MigrationInterface {
  name = 'EventIdentityPerAccount1765230000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deferred_evaluation DROP CONSTRAINT deferred_evaluation_event_id_fkey`);
    await db.query(`ALTER TABLE deferred_evaluation DROP CONSTRAINT deferred_evaluation_pkey`);
    await db.query(`ALTER TABLE account_event DROP CONSTRAINT account_event_pkey`);
    await db.query(`ALTER TABLE account_event ADD CONSTRAINT account_event_pkey PRIMARY KEY (account_id, id)`);
    await db.query(`ALTER TABLE deferred_evaluation ADD CONSTRAINT deferred_evaluation_pkey PRIMARY KEY (account_id, event_id)`);
    await db.query(`ALTER TABLE deferred_evaluation ADD CONSTRAINT deferred_evaluation_event_fkey FOREIGN KEY (account_id, event_id) REFERENCES account_event (account_id, id)`);

    // A hit's key is an event id (or a ring key, which names its account already): per account too.
    await db.query(`ALTER TABLE rule_hit ADD COLUMN account_id text`);
    await db.query(`UPDATE rule_hit h SET account_id = c.account_id FROM fraud_case c WHERE c.id = h.case_id`);
    await db.query(`ALTER TABLE rule_hit ALTER COLUMN account_id SET NOT NULL`);
    // Always its case's account, whoever writes the hit: the database sets it rather than trust each writer.
    await db.query(`
      CREATE FUNCTION rule_hit_account() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT account_id INTO NEW.account_id FROM fraud_case WHERE id = NEW.case_id;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER rule_hit_account BEFORE INSERT OR UPDATE OF case_id ON rule_hit FOR EACH ROW EXECUTE FUNCTION rule_hit_account()`);
    await db.query(`ALTER TABLE rule_hit DROP CONSTRAINT rule_hit_event_id_rule_id_key`);
    // Event id first: ring hits are still looked up by key and rule.
    await db.query(`ALTER TABLE rule_hit ADD CONSTRAINT rule_hit_event_rule_account_key UNIQUE (event_id, rule_id, account_id)`);

    await db.query(`ALTER TABLE merchant_flag DROP CONSTRAINT merchant_flag_merchant_id_event_id_reason_key`);
    await db.query(`ALTER TABLE merchant_flag ADD CONSTRAINT merchant_flag_event_key UNIQUE (merchant_id, account_id, event_id, reason)`);
    await db.query(`ALTER TABLE entity_link DROP CONSTRAINT entity_link_pkey`);
    await db.query(`ALTER TABLE entity_link ADD CONSTRAINT entity_link_pkey PRIMARY KEY (account_id, event_id, kind)`);
    await db.query(`ALTER TABLE account_contact DROP CONSTRAINT account_contact_source_event_id_key`);
    await db.query(`ALTER TABLE account_contact ADD CONSTRAINT account_contact_source_event_key UNIQUE (account_id, source_event_id)`);
  }

  /** Fails, on purpose, once two accounts hold one id: going back would have to drop one of their events. */
  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE account_contact DROP CONSTRAINT account_contact_source_event_key`);
    await db.query(`ALTER TABLE account_contact ADD CONSTRAINT account_contact_source_event_id_key UNIQUE (source_event_id)`);
    await db.query(`ALTER TABLE entity_link DROP CONSTRAINT entity_link_pkey`);
    await db.query(`ALTER TABLE entity_link ADD CONSTRAINT entity_link_pkey PRIMARY KEY (event_id, kind)`);
    await db.query(`ALTER TABLE merchant_flag DROP CONSTRAINT merchant_flag_event_key`);
    await db.query(`ALTER TABLE merchant_flag ADD CONSTRAINT merchant_flag_merchant_id_event_id_reason_key UNIQUE (merchant_id, event_id, reason)`);
    await db.query(`ALTER TABLE rule_hit DROP CONSTRAINT rule_hit_event_rule_account_key`);
    await db.query(`ALTER TABLE rule_hit ADD CONSTRAINT rule_hit_event_id_rule_id_key UNIQUE (event_id, rule_id)`);
    await db.query(`DROP TRIGGER rule_hit_account ON rule_hit`);
    await db.query(`DROP FUNCTION rule_hit_account()`);
    await db.query(`ALTER TABLE rule_hit DROP COLUMN account_id`);
    await db.query(`ALTER TABLE deferred_evaluation DROP CONSTRAINT deferred_evaluation_event_fkey`);
    await db.query(`ALTER TABLE deferred_evaluation DROP CONSTRAINT deferred_evaluation_pkey`);
    await db.query(`ALTER TABLE account_event DROP CONSTRAINT account_event_pkey`);
    await db.query(`ALTER TABLE account_event ADD CONSTRAINT account_event_pkey PRIMARY KEY (id)`);
    await db.query(`ALTER TABLE deferred_evaluation ADD CONSTRAINT deferred_evaluation_pkey PRIMARY KEY (event_id)`);
    await db.query(`ALTER TABLE deferred_evaluation ADD CONSTRAINT deferred_evaluation_event_id_fkey FOREIGN KEY (event_id) REFERENCES account_event (id)`);
  }
}
