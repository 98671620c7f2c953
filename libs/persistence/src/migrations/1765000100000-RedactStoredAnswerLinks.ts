import type { MigrationInterface, QueryRunner } from 'typeorm';

const LINK = `'/verify/[A-Za-z0-9_-]{20,}'`;
const REDACTED = `'/verify/[redacted]'`;

/**
 * Caught mail and dry-run SMS kept for the console held live answer links in full: whoever read
 * them could answer for the borrower. New rows are stored redacted; this redacts the old ones.
 */
export class RedactStoredAnswerLinks1765000100000 implements MigrationInterface {
  name = 'RedactStoredAnswerLinks1765000100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `UPDATE caught_mail SET text_body = regexp_replace(text_body, ${LINK}, ${REDACTED}, 'g'), html_body = regexp_replace(html_body, ${LINK}, ${REDACTED}, 'g')
        WHERE text_body ~ ${LINK} OR html_body ~ ${LINK}`,
    );
    await db.query(`UPDATE sms_outbox SET body = regexp_replace(body, ${LINK}, ${REDACTED}, 'g') WHERE body ~ ${LINK}`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the secrets are gone for good, which is the point.
  }
}
