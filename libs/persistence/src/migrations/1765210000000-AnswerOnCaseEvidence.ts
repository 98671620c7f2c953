import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A borrower answer may be recorded beside a case whose evidence no answer can clear (an urgent
 * case: graded responses, #21): `case_evidence`. A "was me" clears a step-up, not a case.
 */
export class AnswerOnCaseEvidence1765210000000 implements MigrationInterface {
  name = 'AnswerOnCaseEvidence1765210000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE borrower_answer DROP CONSTRAINT borrower_answer_outcome_check,
         ADD CONSTRAINT borrower_answer_outcome_check CHECK (outcome IN ('applied', 'unverified', 'case_claimed', 'case_resolved', 'case_evidence'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    // Recorded beside the case without changing it, as an unverified answer is.
    await db.query(`UPDATE borrower_answer SET outcome = 'unverified' WHERE outcome = 'case_evidence'`);
    await db.query(
      `ALTER TABLE borrower_answer DROP CONSTRAINT borrower_answer_outcome_check,
         ADD CONSTRAINT borrower_answer_outcome_check CHECK (outcome IN ('applied', 'unverified', 'case_claimed', 'case_resolved'))`,
    );
  }
}
