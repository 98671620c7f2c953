import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlertMessage } from '@sentinel/contracts';
import type { DeliveryChannel, DeliveryStatus } from '@sentinel/persistence';
import type { DataSource } from 'typeorm';

export interface Contacts {
  email?: string;
  phone?: string;
}

@Injectable()
export class DeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async currentContacts(accountId: string): Promise<Contacts> {
    const rows: { kind: 'phone' | 'email'; value: string }[] = await this.dataSource.query(
      `SELECT kind, value FROM account_contact WHERE account_id = $1 AND valid_to IS NULL`,
      [accountId],
    );
    return Object.fromEntries(rows.map((r) => [r.kind, r.value]));
  }

  /**
   * Claims the (alert, channel) pair. Returns false when an earlier delivery already finished
   * it, so a redelivered alert sends nothing twice; a claim left pending by a crash is retaken.
   */
  async claim(alert: AlertMessage, channel: DeliveryChannel, template: string, recipientMasked: string | null): Promise<boolean> {
    const rows: { status: DeliveryStatus }[] = await this.dataSource.query(
      `INSERT INTO delivery (alert_id, case_id, account_id, channel, template, recipient_masked, status, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)
       ON CONFLICT (alert_id, channel) DO UPDATE SET updated_at = now()
       RETURNING status`,
      [alert.alertId, alert.caseId, alert.accountId, channel, template, recipientMasked, alert.correlationId ?? null],
    );
    return rows[0].status === 'pending' || rows[0].status === 'failed';
  }

  async finish(
    alertId: string,
    channel: DeliveryChannel,
    result: { status: DeliveryStatus; providerMessageId?: string; error?: string },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery SET status = $3, provider_message_id = $4, last_error = $5,
              attempts = attempts + CASE WHEN $3 = 'skipped' THEN 0 ELSE 1 END, updated_at = now()
        WHERE alert_id = $1 AND channel = $2`,
      [alertId, channel, result.status, result.providerMessageId ?? null, result.error ?? null],
    );
  }
}
