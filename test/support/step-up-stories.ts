import type { AccountEventType } from '@sentinel/contracts';
import { CasesRepository, EventLogRepository, recordBorrowerAnswer } from '@sentinel/persistence';
import type { BorrowerAnswer, RuleHit } from '@sentinel/rules';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { anEvent } from './account-events';

const cases = new CasesRepository();
const events = new EventLogRepository();

/** A step-up (or a case, `decision: 'urgent'`) as the detector writes one: the flagged event, the case and its hit. */
export async function seedCase(
  db: DataSource,
  story: {
    accountId: string;
    eventType: AccountEventType;
    ruleId: string;
    openedMinutesAgo: number;
    decision?: 'alert' | 'urgent';
    historical?: boolean;
    score?: number;
    /** The event's place in the account's sequence: a second case of one account needs another. */
    seq?: number;
  },
): Promise<{ caseId: string; referenceCode: string }> {
  const openedAt = new Date(Date.now() - story.openedMinutesAgo * 60_000);
  const event = anEvent(story.eventType, { accountId: story.accountId, occurredAt: openedAt.toISOString() });
  const referenceCode = `SU${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
  return db.transaction(async (m) => {
    await events.recordEvents(m, [event], [story.seq ?? 1]);
    const ref = (
      await cases.openOrJoinCases(m, [
        {
          id: randomUUID(),
          referenceCode,
          accountId: story.accountId,
          decision: story.decision ?? 'alert',
          score: story.score ?? 62,
          priority: story.decision === 'urgent' ? 'high' : 'normal',
          ruleSetVersion: 1,
          historical: story.historical ?? false,
        },
      ])
    ).get(story.accountId)!;
    const hit: RuleHit = { ruleId: story.ruleId, severity: 'high', score: story.score ?? 62, evidence: {}, explanation: { en: 'seeded', 'zh-CN': '测试' } };
    await cases.insertHits(m, 1, [{ caseId: ref.id, eventId: event.id, hits: [hit], score: story.score ?? 62 }]);
    await m.query(`UPDATE fraud_case SET opened_at = $2 WHERE id = $1`, [ref.id, openedAt]);
    return { caseId: ref.id, referenceCode: ref.referenceCode };
  });
}

/** The borrower's answer through a contact on file for a year: a "was me" on a step-up releases it. */
export function answerStepUp(db: DataSource, story: { caseId: string; accountId: string; answer: BorrowerAnswer }) {
  return db.transaction((m) =>
    recordBorrowerAnswer(m, {
      caseId: story.caseId,
      accountId: story.accountId,
      source: { tokenId: null, recipientSince: new Date(Date.now() - 365 * 86_400_000), trustedContactAgeMs: 72 * 3_600_000 },
      answer: story.answer,
      context: { via: 'link' },
    }),
  );
}

/** The detector's expiry pass, raising every unanswered step-up opened more than `waitMs` ago. */
export function expireStepUps(db: DataSource, waitMs: number) {
  return db.transaction((m) => cases.expireStepUps(m, new Date(Date.now() - waitMs), 1000));
}
