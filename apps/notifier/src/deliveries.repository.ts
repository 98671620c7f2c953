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
}

export interface DeliveryKey {
  alert: AlertMessage;
  channel: DeliveryChannel;
  template: string;
  recipient: Recipient | null;
}

const hashOf = (recipient: Recipient | null) => (recipient ? createHash('sha256').update(recipient.address).digest('hex') : '');

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
    const [row]: { locale: Locale | null }[] = await this.dataSource.query(`SELECT locale FROM account_preference WHERE account_id = $1`, [accountId]);
    return { locale: row?.locale ?? undefined };
  }

  /**
   * Claims one message: at most one per (case — or the alert when there is no case —, channel,
   * template, recipient). Returns false when an earlier delivery finished it, so a redelivered or
   * regrouped alert sends nothing twice; a claim left pending by a crash is taken again.
   */
  async claim({ alert, channel, template, recipient }: DeliveryKey, recipientMasked: string | null): Promise<boolean> {
    const rows: { status: DeliveryStatus }[] = await this.dataSource.query(
      `INSERT INTO delivery (alert_id, case_id, account_id, channel, template, recipient_masked, recipient_hash, dedupe_key, status, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9)
       ON CONFLICT (dedupe_key, channel, template, recipient_hash) DO UPDATE SET updated_at = now()
       RETURNING status`,
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
      ],
    );
    return rows[0].status === 'pending' || rows[0].status === 'failed';
  }

  async finish(key: DeliveryKey, result: { status: DeliveryStatus; providerMessageId?: string; error?: string }): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery SET status = $5, provider_message_id = $6, last_error = $7,
              attempts = attempts + CASE WHEN $5 = 'skipped' THEN 0 ELSE 1 END, updated_at = now()
        WHERE dedupe_key = $1 AND channel = $2 AND template = $3 AND recipient_hash = $4`,
      [key.alert.caseId ?? key.alert.alertId, key.channel, key.template, hashOf(key.recipient), result.status, result.providerMessageId ?? null, result.error ?? null],
    );
  }
}
