import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** Only the hash is stored: a database leak yields no working links. */
export const hashAnswerToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

interface AnswerTokenSummary {
  eventType?: string;
  occurredAt?: string;
  channel?: string;
  cardMasked?: string;
  noticeType?: string;
  expiresOn?: string;
}

export interface AnswerTokenRow {
  id: string;
  kind: 'fraud' | 'notice';
  caseId: string | null;
  accountId: string;
  alertId: string;
  referenceCode: string;
  locale: 'zh-CN' | 'en';
  summary: AnswerTokenSummary;
  expiresAt: Date;
  openedAt: Date | null;
  usedAt: Date | null;
  /** The channel the link went out on, and since when its contact was on file (null: unknown). */
  recipientChannel: 'email' | 'sms' | null;
  recipientSince: Date | null;
}

/** An `answer_token` row as Postgres returns it. */
interface AnswerTokenRecord {
  id: string;
  kind: AnswerTokenRow['kind'];
  case_id: string | null;
  account_id: string;
  alert_id: string;
  reference_code: string;
  locale: AnswerTokenRow['locale'];
  summary: AnswerTokenSummary;
  expires_at: Date;
  opened_at: Date | null;
  used_at: Date | null;
  recipient_channel: AnswerTokenRow['recipientChannel'];
  recipient_since: Date | null;
}

/**
 * Issues a single-use answer token bound to one case (or notice) and one account: 256 bits from
 * the OS's secure RNG, base64url, returned once and stored only as its hash.
 */
export async function issueAnswerToken(
  db: EntityManager,
  input: Omit<AnswerTokenRow, 'id' | 'expiresAt' | 'openedAt' | 'usedAt' | 'recipientChannel' | 'recipientSince'> & {
    ttlHours: number;
    recipientChannel?: 'email' | 'sms';
    recipientSince?: Date;
  },
): Promise<{ id: string; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const id = randomUUID();
  await db.query(
    `INSERT INTO answer_token (id, token_hash, kind, case_id, account_id, alert_id, reference_code, locale, summary, expires_at, recipient_channel, recipient_since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + make_interval(hours => $10), $11, $12)`,
    [
      id,
      hashAnswerToken(token),
      input.kind,
      input.caseId,
      input.accountId,
      input.alertId,
      input.referenceCode,
      input.locale,
      JSON.stringify(input.summary),
      input.ttlHours,
      input.recipientChannel ?? null,
      input.recipientSince ?? null,
    ],
  );
  return { id, token };
}

/** `issueAnswerToken` for many messages at once, in one statement; the tokens in the order given. */
export async function issueAnswerTokens(db: EntityManager, inputs: Parameters<typeof issueAnswerToken>[1][]): Promise<{ id: string; token: string }[]> {
  if (inputs.length === 0) return [];
  const issued = inputs.map(() => ({ id: randomUUID(), token: randomBytes(32).toString('base64url') }));
  await db.query(
    `INSERT INTO answer_token (id, token_hash, kind, case_id, account_id, alert_id, reference_code, locale, summary, expires_at, recipient_channel, recipient_since)
     SELECT id, token_hash, kind, case_id, account_id, alert_id, reference_code, locale, summary::jsonb, now() + make_interval(hours => ttl), recipient_channel, recipient_since
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::int[], $11::text[], $12::timestamptz[])
         AS t(id, token_hash, kind, case_id, account_id, alert_id, reference_code, locale, summary, ttl, recipient_channel, recipient_since)`,
    [
      issued.map((t) => t.id),
      issued.map((t) => hashAnswerToken(t.token)),
      inputs.map((i) => i.kind),
      inputs.map((i) => i.caseId),
      inputs.map((i) => i.accountId),
      inputs.map((i) => i.alertId),
      inputs.map((i) => i.referenceCode),
      inputs.map((i) => i.locale),
      inputs.map((i) => JSON.stringify(i.summary)),
      inputs.map((i) => i.ttlHours),
      // Which contact each link went to and since when it was on file: only a trusted one may answer "was me".
      inputs.map((i) => i.recipientChannel ?? null),
      inputs.map((i) => i.recipientSince ?? null),
    ],
  );
  return issued;
}

/** A token that went out in no message (the send failed) must not stay usable. */
export async function voidAnswerToken(db: EntityManager, id: string): Promise<void> {
  await db.query(`UPDATE answer_token SET used_at = now() WHERE id = $1 AND used_at IS NULL`, [id]);
}

/** The token, if it exists, is unused and has not expired; `lock` for a caller that will use it. */
export async function findUsableAnswerToken(db: EntityManager, token: string, lock = false): Promise<AnswerTokenRow | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db.query<AnswerTokenRecord[]>(
    `SELECT id, kind, case_id, account_id, alert_id, reference_code, locale, summary, expires_at, opened_at, used_at, recipient_channel, recipient_since
       FROM answer_token WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()${lock ? ' FOR UPDATE' : ''}`,
    [hashAnswerToken(token)],
  );
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    caseId: row.case_id,
    accountId: row.account_id,
    alertId: row.alert_id,
    referenceCode: row.reference_code,
    locale: row.locale,
    summary: row.summary,
    expiresAt: row.expires_at,
    openedAt: row.opened_at,
    usedAt: row.used_at,
    recipientChannel: row.recipient_channel,
    recipientSince: row.recipient_since,
  };
}
