import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlertMessage, Locale } from '@sentinel/contracts';
import type { DeliveryChannel, DeliveryStatus } from '@sentinel/persistence';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface Recipient {
  channel: DeliveryChannel;
  address: string;
  /** The address was replaced within the window: an attacker may have replaced it. */
  previous: boolean;
}

export interface Preferences {
  locale?: Locale;
  /** Channels for notices; fraud alerts use every channel. */
  channels?: DeliveryChannel[];
  quietHours?: { start: string; end: string };
}

export interface DeliveryKey {
  alert: AlertMessage;
  channel: DeliveryChannel;
  template: string;
  recipient: Recipient | null;
}

export type Claim = { state: 'send'; attempts: number } | { state: 'held' } | { state: 'done' };

const RANK = { notice: 0, alert: 1, urgent: 2 } as const;

/** Alerts for one case that arrive while its message is held become one message with all their hits. */
export function foldAlerts(held: AlertMessage, next: AlertMessage): AlertMessage {
  const known = new Set(held.hits.map((h) => h.ruleId));
  return {
    ...held,
    decision: RANK[next.decision] > RANK[held.decision] ? next.decision : held.decision,
    hits: [...held.hits, ...next.hits.filter((h) => !known.has(h.ruleId))],
  };
}

export const hashOf = (recipient: Recipient | null) => (recipient ? createHash('sha256').update(recipient.address).digest('hex') : '');

@Injectable()
export class DeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Current contacts, plus (when `previousDays` > 0) those replaced within that many days. */
  async recipients(accountId: string, previousDays: number): Promise<Recipient[]> {
    const rows: { kind: 'phone' | 'email'; value: string; current: boolean }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (kind, value) kind, value, valid_to IS NULL AS current
         FROM account_contact
        WHERE account_id = $1 AND (valid_to IS NULL OR ($2 > 0 AND valid_to > now() - make_interval(days => $2)))
        ORDER BY kind, value, valid_to DESC NULLS FIRST`,
      [accountId, previousDays],
    );
    return rows
      .map((r) => ({ channel: r.kind === 'phone' ? ('sms' as const) : ('email' as const), address: r.value, previous: !r.current }))
      .sort((a, b) => Number(a.previous) - Number(b.previous));
  }

  async preferences(accountId: string): Promise<Preferences> {
    const [row]: { locale: Locale | null; channels: DeliveryChannel[] | null; quiet_start: string | null; quiet_end: string | null }[] =
      await this.dataSource.query(
        `SELECT locale, channels, to_char(quiet_start, 'HH24:MI') AS quiet_start, to_char(quiet_end, 'HH24:MI') AS quiet_end
           FROM account_preference WHERE account_id = $1`,
        [accountId],
      );
    return {
      locale: row?.locale ?? undefined,
      channels: row?.channels ?? undefined,
      quietHours: row?.quiet_start && row.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : undefined,
    };
  }

  /**
   * Claims one message: at most one per (case — or the alert when there is no case —, channel,
   * template, recipient), so a redelivered alert sends nothing twice. With `holdMs` the message
   * waits that long (grouping, quiet hours) and later alerts for the same case fold into it.
   * `send` carries the attempts so far; a claim left pending by a crash mid-send is taken again.
   */
  async claim({ alert, channel, template, recipient }: DeliveryKey, recipientMasked: string | null, holdMs?: number): Promise<Claim> {
    const rows: { id: string; status: DeliveryStatus; attempts: number; payload: AlertMessage; inserted: boolean }[] = await this.dataSource.query(
      `INSERT INTO delivery (alert_id, case_id, account_id, channel, template, recipient_masked, recipient_hash, dedupe_key, status, correlation_id, payload, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $11::int IS NULL THEN 'pending' ELSE 'held' END, $9, $10,
               CASE WHEN $11::int IS NULL THEN NULL ELSE now() + make_interval(secs => $11::int / 1000.0) END)
       ON CONFLICT (dedupe_key, channel, template, recipient_hash) DO UPDATE SET updated_at = now()
       RETURNING id, status, attempts, payload, (xmax = 0) AS inserted`,
      [
        alert.alertId,
        alert.caseId ?? null,
        alert.accountId,
        channel,
        template,
        recipientMasked,
        hashOf(recipient),
        alert.caseId ?? alert.alertId,
        alert.correlationId ?? null,
        JSON.stringify(alert),
        holdMs ?? null,
      ],
    );
    const row = rows[0];
    if (row.inserted) return holdMs === undefined ? { state: 'send', attempts: 0 } : { state: 'held' };
    if (row.status === 'held') {
      await this.dataSource.query(`UPDATE delivery SET payload = $2 WHERE id = $1`, [row.id, JSON.stringify(foldAlerts(row.payload, alert))]);
      return { state: 'held' };
    }
    return row.status === 'pending' ? { state: 'send', attempts: row.attempts } : { state: 'done' };
  }

  /** Messages (one alert or notice, whatever the channels) sent to the account in the last 24 hours. */
  async sentToday(accountId: string): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(DISTINCT (dedupe_key, template))::int AS n FROM delivery WHERE account_id = $1 AND status = 'sent' AND sent_at > now() - interval '1 day'`,
      [accountId],
    );
    return row.n;
  }

  /**
   * Due retries, leased for `leaseMs` so that another notifier leaves them alone meanwhile; a lease
   * whose holder died or could not record the outcome runs out and the retry is taken again.
   */
  async leaseDueRetries(limit: number, leaseMs: number): Promise<{ alert: AlertMessage; channel: DeliveryChannel; template: string; recipientHash: string; attempts: number }[]> {
    const rows: { payload: AlertMessage; channel: DeliveryChannel; template: string; recipient_hash: string; attempts: number }[] = await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM delivery WHERE status IN ('retrying', 'held') AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED),
       leased AS (
         UPDATE delivery d SET next_attempt_at = now() + make_interval(secs => $2::int / 1000.0) FROM due WHERE d.id = due.id
         RETURNING d.payload, d.channel, d.template, d.recipient_hash, d.attempts)
       SELECT * FROM leased`,
      [limit, leaseMs],
    );
    return rows.map((r) => ({ alert: r.payload, channel: r.channel, template: r.template, recipientHash: r.recipient_hash, attempts: r.attempts }));
  }

  async addCaseNote(caseId: string, author: string, body: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO case_note (case_id, author, body) VALUES ($1, $2, $3)`, [caseId, author, body]);
  }

  /** Applies a provider's delivery receipt; false when no delivery has that provider id. */
  async applyProviderStatus(providerMessageId: string, providerStatus: string, error?: string): Promise<boolean> {
    const failed = providerStatus === 'undelivered' || providerStatus === 'failed';
    const rows: unknown[] = await this.dataSource.query(
      `WITH updated AS (
         UPDATE delivery SET provider_status = $2, updated_at = now(),
                status = CASE WHEN $3 THEN 'failed' ELSE status END,
                last_error = CASE WHEN $3 THEN $4 ELSE last_error END
          WHERE provider_message_id = $1 RETURNING id)
       SELECT id FROM updated`,
      [providerMessageId, providerStatus, failed, error ?? `provider reported ${providerStatus}`],
    );
    return rows.length > 0;
  }

  async finish(
    key: Omit<DeliveryKey, 'recipient'> & { recipientHash: string },
    result: { status: DeliveryStatus; providerMessageId?: string; error?: string; retryInMs?: number },
  ): Promise<void> {
    // The delivery keeps its latest state; delivery_attempt keeps every attempt's outcome.
    await this.dataSource.query(
      `WITH updated AS (
         UPDATE delivery SET status = $5, provider_message_id = COALESCE($6, provider_message_id), last_error = $7,
                attempts = attempts + CASE WHEN $5 = 'skipped' THEN 0 ELSE 1 END,
                sent_at = CASE WHEN $5 = 'sent' THEN now() ELSE sent_at END,
                next_attempt_at = CASE WHEN $8::int IS NULL THEN NULL ELSE now() + make_interval(secs => $8::int / 1000.0) END,
                updated_at = now()
          WHERE dedupe_key = $1 AND channel = $2 AND template = $3 AND recipient_hash = $4
          RETURNING id, attempts, channel)
       INSERT INTO delivery_attempt (delivery_id, attempt, channel, status, provider_message_id, error)
       SELECT id, attempts, channel, $5, $6, $7 FROM updated WHERE $5 <> 'skipped'`,
      [
        key.alert.caseId ?? key.alert.alertId,
        key.channel,
        key.template,
        key.recipientHash,
        result.status,
        result.providerMessageId ?? null,
        result.error ?? null,
        result.retryInMs ?? null,
      ],
    );
  }
}
