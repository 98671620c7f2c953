import type { AlertMessage } from '@sentinel/contracts';
import type { DataSource } from 'typeorm';
import type { Transaction } from '../../transactions';

/** The most cases one pass of the escalation ladder takes up of each kind: a full pass means more are due. */
export const ESCALATION_PASS_LIMIT = 100;
const UNANSWERED = `c.status <> 'resolved' AND c.borrower_answer IS NULL AND NOT c.unreachable`;

export interface UnreachableCase {
  id: string;
  reference_code: string;
  priority: string;
}

/** Fraud alerts nobody answered, for the notifier's escalation ladder (reminder, then "borrower unreachable"). */
export abstract class UnansweredAlerts {
  /** The first alert of each open, unanswered case sent longer ago than `afterSeconds` and not yet reminded. */
  abstract dueReminders(alertTemplate: string, reminderTemplate: string, afterSeconds: number): Promise<AlertMessage[]>;
  /** Open, unanswered cases whose reminder went (or failed) longer ago than `afterSeconds`. */
  abstract dueUnreachable(reminderTemplate: string, afterSeconds: number): Promise<UnreachableCase[]>;
  /** Raises the case's priority, marks it unreachable and leaves a note asking an analyst to call. */
  abstract markUnreachable(tx: Transaction, found: UnreachableCase): Promise<void>;
}

export class UnansweredAlertsRepository implements UnansweredAlerts {
  constructor(private readonly dataSource: DataSource) {}

  async dueReminders(alertTemplate: string, reminderTemplate: string, afterSeconds: number): Promise<AlertMessage[]> {
    const remind: { payload: AlertMessage }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (c.id) d.payload
         FROM fraud_case c JOIN delivery d ON d.case_id = c.id AND d.template = $1 AND d.status = 'sent'
        WHERE ${UNANSWERED} AND d.sent_at < now() - make_interval(secs => $3)
          AND NOT EXISTS (SELECT 1 FROM delivery r WHERE r.case_id = c.id AND r.template = $2)
        ORDER BY c.id, d.sent_at LIMIT ${ESCALATION_PASS_LIMIT}`,
      [alertTemplate, reminderTemplate, afterSeconds],
    );
    return remind.map((r) => r.payload);
  }

  dueUnreachable(reminderTemplate: string, afterSeconds: number): Promise<UnreachableCase[]> {
    return this.dataSource.query(
      `SELECT DISTINCT c.id, c.reference_code, c.priority
         FROM fraud_case c JOIN delivery r ON r.case_id = c.id AND r.template = $1 AND r.status IN ('sent', 'failed', 'dead', 'skipped')
        WHERE ${UNANSWERED} AND COALESCE(r.sent_at, r.updated_at) < now() - make_interval(secs => $2)
        LIMIT ${ESCALATION_PASS_LIMIT}`,
      [reminderTemplate, afterSeconds],
    );
  }

  async markUnreachable(tx: Transaction, found: UnreachableCase): Promise<void> {
    await tx.query(`UPDATE fraud_case SET priority = 'high', unreachable = true, updated_at = now() WHERE id = $1`, [found.id]);
    await tx.query(`INSERT INTO case_note (case_id, author, body) VALUES ($1, 'notifier', $2)`, [
      found.id,
      `Borrower unreachable: no answer to alert ${found.reference_code} nor to its reminder; please contact the borrower.`,
    ]);
  }
}
