import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { audit } from '@sentinel/persistence';
import { ScheduledJob } from '@sentinel/service-kit';
import type { DataSource } from 'typeorm';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';

/** Cases escalated per pass; a full pass runs again at once. */
const BATCH = 200;
/** pg_try_advisory_xact_lock key: one console instance runs the pass at a time (any 64-bit number no other lock uses). */
const SLA_PASS_LOCK = 7_246_240_024;
/** Who the audit trail names for what the pass does. */
export const SLA_ACTOR = 'system:sla';

interface Due {
  id: string;
  status: string;
  priority: string;
  assignee_id: string | null;
  opened_at: Date;
  over_minutes: number;
}

/**
 * SLA that acts (#24): a case still unresolved CASE_SLA_MINUTES after it opened is escalated by the
 * console itself, once: it jumps the queue (high priority) and is marked escalated by the SLA, the
 * audit trail says which target it broke and by how much, and every enabled supervisor and admin
 * gets a notification. The analyst holding it keeps it: taking work out of someone's hands because
 * the queue was slow would only slow it more; the supervisor decides whether to reassign.
 */
@Injectable()
export class SlaEscalationScheduler extends ScheduledJob {
  private readonly log = new Logger(SlaEscalationScheduler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONSOLE_CONFIG) private readonly config: Pick<ConsoleConfig, 'caseSlaMinutes' | 'slaPassIntervalMs'>,
  ) {
    super('SlaEscalation', config.slaPassIntervalMs);
  }

  /** One pass; true when it escalated a full batch and more may be due. */
  async runDue(): Promise<boolean> {
    const escalated = await this.dataSource.transaction(async (db) => {
      // Several consoles may run; one pass at a time. The others skip theirs: the one running covers them.
      const [{ locked }]: { locked: boolean }[] = await db.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [SLA_PASS_LOCK]);
      if (!locked) return [];
      // SKIP LOCKED: a case an analyst is changing right now is left for the next pass rather than waited on.
      const due: Due[] = await db.query(
        `SELECT id, status, priority, assignee_id, opened_at, floor(extract(epoch FROM now() - opened_at) / 60)::int - $1::int AS over_minutes
           FROM fraud_case
          WHERE status <> 'resolved' AND escalated_at IS NULL AND sla_escalated_at IS NULL AND opened_at < now() - make_interval(mins => $1::int)
          ORDER BY opened_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [this.config.caseSlaMinutes, BATCH],
      );
      for (const c of due) {
        await db.query(`UPDATE fraud_case SET priority = 'high', escalated_at = now(), escalated_by = $2, sla_escalated_at = now(), updated_at = now() WHERE id = $1`, [
          c.id,
          SLA_ACTOR,
        ]);
        await audit(db, {
          actor: SLA_ACTOR,
          action: 'case.sla_escalated',
          entityType: 'case',
          entityId: c.id,
          before: { status: c.status, priority: c.priority, assigneeId: c.assignee_id, escalatedAt: null },
          after: {
            status: c.status,
            priority: 'high',
            assigneeId: c.assignee_id,
            escalatedBy: SLA_ACTOR,
            breach: { targetMinutes: this.config.caseSlaMinutes, openedAt: c.opened_at, overMinutes: c.over_minutes },
          },
        });
        await db.query(
          `INSERT INTO analyst_notification (analyst_id, kind, case_id)
           SELECT id, 'sla_breach', $1 FROM analyst WHERE role IN ('supervisor', 'admin') AND NOT disabled
           ON CONFLICT DO NOTHING`,
          [c.id],
        );
      }
      return due;
    });
    if (escalated.length > 0) this.log.log({ msg: 'cases past their SLA target escalated', count: escalated.length });
    return escalated.length === BATCH;
  }
}
