import type { AlertMessage, Locale } from '@sentinel/contracts';
import type { DeliveryChannel, DeliveryStatus } from '../entities/delivery.entity';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface Recipient {
  channel: DeliveryChannel;
  address: string;
  /** The address was replaced within the window: an attacker may have replaced it. */
  previous: boolean;
  /** Since when the address has been on file: an answer through it is trusted only if it predates the flagged activity. */
  since: Date;
  /** When a previous address was replaced: the most recent ones are told first. */
  replacedAt?: Date;
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

export interface DueDelivery {
  id: string;
  alert: AlertMessage;
  channel: DeliveryChannel;
  template: string;
  recipientHash: string;
  attempts: number;
}

export type Claim = { state: 'send'; id: string; attempts: number } | { state: 'held' } | { state: 'busy' } | { state: 'done' };

const RANK = { notice: 0, alert: 1, urgent: 2 } as const;

/** Alerts for one case that arrive while its message is held become one message with all their hits. */
function foldAlerts(held: AlertMessage, next: AlertMessage): AlertMessage {
  const known = new Set(held.hits.map((h) => h.ruleId));
  return {
    ...held,
    decision: RANK[next.decision] > RANK[held.decision] ? next.decision : held.decision,
    hits: [...held.hits, ...next.hits.filter((h) => !known.has(h.ruleId))],
  };
}

export const hashOf = (recipient: Recipient | null) => (recipient ? createHash('sha256').update(recipient.address).digest('hex') : '');

/** The notifier's messages: claims (at most one per case, channel, template and recipient), leases, outcomes, and whom to send them to. */
export abstract class Deliveries {
  abstract recipientsOf(accountIds: string[], previousDays: number): Promise<Map<string, Recipient[]>>;
  abstract preferencesOf(accountIds: string[]): Promise<Map<string, Preferences>>;
  abstract sentTodayOf(accountIds: string[]): Promise<Map<string, number>>;
  abstract claimMany(wanted: { key: DeliveryKey; recipientMasked: string | null; holdMs?: number }[], leaseMs: number): Promise<Claim[]>;
  abstract claim(key: DeliveryKey, recipientMasked: string | null, leaseMs: number, holdMs?: number): Promise<Claim>;
  abstract leaseDue(limit: number, leaseMs: number): Promise<DueDelivery[]>;
  abstract renewLeases(ids: string[], leaseMs: number): Promise<void>;
  abstract addCaseNote(caseId: string, author: string, body: string): Promise<void>;
  abstract applyProviderStatus(providerMessageId: string, providerStatus: string, error?: string): Promise<boolean>;
  abstract finishSent(sent: { id: string; providerMessageId: string }[]): Promise<void>;
  abstract finish(
    key: Omit<DeliveryKey, 'recipient'> & { recipientHash: string },
    result: { status: DeliveryStatus; providerMessageId?: string; error?: string; retryInMs?: number },
  ): Promise<void>;
}

/** The notifier's messages in Postgres, each statement on its own (no caller transaction). */
export class DeliveriesRepository implements Deliveries {
  constructor(private readonly dataSource: DataSource) {}

  /** Each account's current contacts, plus (when `previousDays` > 0) those replaced within that many days. */
  async recipientsOf(accountIds: string[], previousDays: number): Promise<Map<string, Recipient[]>> {
    const rows: { account_id: string; kind: 'phone' | 'email'; value: string; current: boolean; valid_from: Date; valid_to: Date | null }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (account_id, kind, value) account_id, kind, value, valid_to IS NULL AS current, valid_from, valid_to
         FROM account_contact
        WHERE account_id = ANY($1::text[]) AND (valid_to IS NULL OR ($2 > 0 AND valid_to > now() - make_interval(days => $2)))
        ORDER BY account_id, kind, value, valid_to DESC NULLS FIRST`,
      [accountIds, previousDays],
    );
    const byAccount = new Map<string, Recipient[]>(accountIds.map((id) => [id, []]));
    for (const r of rows) {
      byAccount
        .get(r.account_id)
        ?.push({ channel: r.kind === 'phone' ? 'sms' : 'email', address: r.value, previous: !r.current, since: r.valid_from, replacedAt: r.valid_to ?? undefined });
    }
    for (const list of byAccount.values()) list.sort((a, b) => Number(a.previous) - Number(b.previous));
    return byAccount;
  }

  /** Each account's language, channels and quiet hours, in one statement. */
  async preferencesOf(accountIds: string[]): Promise<Map<string, Preferences>> {
    const rows: { account_id: string; locale: Locale | null; channels: DeliveryChannel[] | null; quiet_start: string | null; quiet_end: string | null }[] =
      await this.dataSource.query(
        `SELECT account_id, locale, channels, to_char(quiet_start, 'HH24:MI') AS quiet_start, to_char(quiet_end, 'HH24:MI') AS quiet_end
           FROM account_preference WHERE account_id = ANY($1::text[])`,
        [accountIds],
      );
    return new Map(
      rows.map((row) => [
        row.account_id,
        {
          locale: row.locale ?? undefined,
          channels: row.channels ?? undefined,
          quietHours: row.quiet_start && row.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : undefined,
        },
      ]),
    );
  }

  /** `sentToday` for many accounts in one statement. */
  async sentTodayOf(accountIds: string[]): Promise<Map<string, number>> {
    if (accountIds.length === 0) return new Map();
    const rows: { account_id: string; n: number }[] = await this.dataSource.query(
      `SELECT account_id, count(DISTINCT (dedupe_key, template))::int AS n FROM delivery
        WHERE account_id = ANY($1::text[]) AND status = 'sent' AND sent_at > now() - interval '1 day' GROUP BY account_id`,
      [accountIds],
    );
    return new Map(rows.map((r) => [r.account_id, r.n]));
  }

  /**
   * Claims many messages in one statement, the way `claim` claims one. A message that is new is
   * claimed here (`send`, or `held` with its hold); any other (a redelivery, a second alert on a
   * case in the same batch, a hold to fold into) goes through `claim`, one at a time, in order.
   */
  async claimMany(wanted: { key: DeliveryKey; recipientMasked: string | null; holdMs?: number }[], leaseMs: number): Promise<Claim[]> {
    if (wanted.length === 0) return [];
    const identity = (dedupeKey: string, channel: string, template: string, hash: string) => `${dedupeKey}\u0000${channel}\u0000${template}\u0000${hash}`;
    const rows = wanted.map(({ key, recipientMasked, holdMs }) => {
      const dedupeKey = key.alert.caseId ?? key.alert.alertId;
      const recipientHash = hashOf(key.recipient);
      return { key, recipientMasked, holdMs, dedupeKey, recipientHash, identity: identity(dedupeKey, key.channel, key.template, recipientHash) };
    });
    // Only the first row of each identity is offered to the insert; the others follow it through `claim`.
    const seen = new Set<string>();
    const firstOfEach = rows.filter((r) => !seen.has(r.identity) && Boolean(seen.add(r.identity)));
    const inserted: { id: string; dedupe_key: string; channel: string; template: string; recipient_hash: string }[] = await this.dataSource.query(
      `INSERT INTO delivery (alert_id, case_id, account_id, channel, template, recipient_masked, recipient_hash, dedupe_key, status, correlation_id, payload, next_attempt_at)
       SELECT alert_id, case_id, account_id, channel, template, recipient_masked, recipient_hash, dedupe_key,
              CASE WHEN hold_ms IS NULL THEN 'pending' ELSE 'held' END, correlation_id, payload::jsonb,
              now() + make_interval(secs => COALESCE(hold_ms, $12::int) / 1000.0)
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::int[])
           WITH ORDINALITY AS w(alert_id, case_id, account_id, channel, template, recipient_masked, recipient_hash, dedupe_key, correlation_id, payload, hold_ms, n)
        ORDER BY n
       ON CONFLICT (dedupe_key, channel, template, recipient_hash) DO NOTHING
       RETURNING id, dedupe_key, channel, template, recipient_hash`,
      [
        firstOfEach.map((r) => r.key.alert.alertId),
        firstOfEach.map((r) => r.key.alert.caseId ?? null),
        firstOfEach.map((r) => r.key.alert.accountId),
        firstOfEach.map((r) => r.key.channel),
        firstOfEach.map((r) => r.key.template),
        firstOfEach.map((r) => r.recipientMasked),
        firstOfEach.map((r) => r.recipientHash),
        firstOfEach.map((r) => r.dedupeKey),
        firstOfEach.map((r) => r.key.alert.correlationId ?? null),
        firstOfEach.map((r) => JSON.stringify(r.key.alert)),
        firstOfEach.map((r) => r.holdMs ?? null),
        leaseMs,
      ],
    );
    const ids = new Map(inserted.map((r) => [identity(r.dedupe_key, r.channel, r.template, r.recipient_hash), r.id]));
    const claims: Claim[] = [];
    for (const row of rows) {
      const id = ids.get(row.identity);
      if (id !== undefined) {
        ids.delete(row.identity);
        claims.push(row.holdMs === undefined ? { state: 'send', id, attempts: 0 } : { state: 'held' });
      } else {
        claims.push(await this.claim(row.key, row.recipientMasked, leaseMs, row.holdMs));
      }
    }
    return claims;
  }

  /**
   * Claims one message: at most one per (case — or the alert when there is no case —, channel,
   * template, recipient), so a redelivered alert sends nothing twice. With `holdMs` the message
   * waits that long (grouping, quiet hours) and later alerts for the same case fold into it.
   * `send` leases the message for `leaseMs` and carries the attempts so far; a message another
   * notifier is sending (its lease running) is `busy`, and one whose lease ran out (its notifier
   * died mid-send) is taken over.
   */
  async claim({ alert, channel, template, recipient }: DeliveryKey, recipientMasked: string | null, leaseMs: number, holdMs?: number): Promise<Claim> {
    const dedupeKey = alert.caseId ?? alert.alertId;
    const recipientHash = hashOf(recipient);
    const [inserted]: { id: string }[] = await this.dataSource.query(
      `INSERT INTO delivery (alert_id, case_id, account_id, channel, template, recipient_masked, recipient_hash, dedupe_key, status, correlation_id, payload, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $11::int IS NULL THEN 'pending' ELSE 'held' END, $9, $10,
               now() + make_interval(secs => COALESCE($11::int, $12::int) / 1000.0))
       ON CONFLICT (dedupe_key, channel, template, recipient_hash) DO NOTHING
       RETURNING id`,
      [
        alert.alertId,
        alert.caseId ?? null,
        alert.accountId,
        channel,
        template,
        recipientMasked,
        recipientHash,
        dedupeKey,
        alert.correlationId ?? null,
        JSON.stringify(alert),
        holdMs ?? null,
        leaseMs,
      ],
    );
    if (inserted) return holdMs === undefined ? { state: 'send', id: inserted.id, attempts: 0 } : { state: 'held' };
    const [takenOver]: { id: string; attempts: number }[] = await this.dataSource.query(
      // Through a CTE: TypeORM returns a bare UPDATE's rows wrapped with its row count.
      `WITH taken AS (
         UPDATE delivery SET next_attempt_at = now() + make_interval(secs => $5::int / 1000.0), updated_at = now()
          WHERE dedupe_key = $1 AND channel = $2 AND template = $3 AND recipient_hash = $4
            AND status = 'pending' AND next_attempt_at <= now()
         RETURNING id, attempts)
       SELECT * FROM taken`,
      [dedupeKey, channel, template, recipientHash, leaseMs],
    );
    if (takenOver) return { state: 'send', id: takenOver.id, attempts: takenOver.attempts };
    const [existing]: { id: string; status: DeliveryStatus; payload: AlertMessage }[] = await this.dataSource.query(
      `SELECT id, status, payload FROM delivery WHERE dedupe_key = $1 AND channel = $2 AND template = $3 AND recipient_hash = $4`,
      [dedupeKey, channel, template, recipientHash],
    );
    if (existing.status === 'held') {
      await this.dataSource.query(`UPDATE delivery SET payload = $2, updated_at = now() WHERE id = $1 AND status = 'held'`, [
        existing.id,
        JSON.stringify(foldAlerts(existing.payload, alert)),
      ]);
      return { state: 'held' };
    }
    return existing.status === 'pending' ? { state: 'busy' } : { state: 'done' };
  }

  /**
   * Messages due: retries whose backoff has passed, held messages whose wait is over, and messages
   * whose lease ran out mid-send. Each is leased (`pending`) for `leaseMs` so that no other
   * notifier takes it meanwhile.
   */
  async leaseDue(limit: number, leaseMs: number): Promise<DueDelivery[]> {
    const rows: { id: string; payload: AlertMessage; channel: DeliveryChannel; template: string; recipient_hash: string; attempts: number }[] = await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM delivery WHERE status IN ('retrying', 'held', 'pending') AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED),
       leased AS (
         UPDATE delivery d SET status = 'pending', next_attempt_at = now() + make_interval(secs => $2::int / 1000.0), updated_at = now()
           FROM due WHERE d.id = due.id
         RETURNING d.id, d.payload, d.channel, d.template, d.recipient_hash, d.attempts)
       SELECT * FROM leased`,
      [limit, leaseMs],
    );
    return rows.map((r) => ({ id: r.id, alert: r.payload, channel: r.channel, template: r.template, recipientHash: r.recipient_hash, attempts: r.attempts }));
  }

  /** Extends the leases of messages still being sent; ones already finished are left as they are. */
  async renewLeases(ids: string[], leaseMs: number): Promise<void> {
    await this.dataSource.query(`UPDATE delivery SET next_attempt_at = now() + make_interval(secs => $2::int / 1000.0) WHERE id = ANY($1::bigint[]) AND status = 'pending'`, [
      ids,
      leaseMs,
    ]);
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

  /** Records many sends that were accepted, by delivery id, in one statement. */
  async finishSent(sent: { id: string; providerMessageId: string }[]): Promise<void> {
    if (sent.length === 0) return;
    await this.dataSource.query(
      `WITH updated AS (
         UPDATE delivery d SET status = 'sent', provider_message_id = s.provider_message_id, last_error = NULL,
                attempts = d.attempts + 1, sent_at = now(), next_attempt_at = NULL, updated_at = now()
           FROM unnest($1::bigint[], $2::text[]) AS s(id, provider_message_id)
          WHERE d.id = s.id AND d.id = ANY($1::bigint[])
          RETURNING d.id, d.attempts, d.channel, s.provider_message_id)
       INSERT INTO delivery_attempt (delivery_id, attempt, channel, status, provider_message_id, error)
       SELECT id, attempts, channel, 'sent', provider_message_id, NULL FROM updated`,
      [sent.map((s) => s.id), sent.map((s) => s.providerMessageId)],
    );
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
