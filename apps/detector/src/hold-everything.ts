import { type AccountAction, Topics } from '@sentinel/contracts';
import type { OutboxMessage, RaisedStepUp } from '@sentinel/persistence';
import { randomUUID } from 'node:crypto';

/**
 * A step-up held only what its event moved. Once it is a case (no answer in time, or evidence no
 * answer clears), the platform is asked to hold everything, as for any case from the start.
 */
export function holdEverything(raised: RaisedStepUp[], reason: Extract<AccountAction['reason'], 'step_up_expired' | 'step_up_escalated'>, now: Date): OutboxMessage[] {
  return raised.map((c) => ({
    topic: Topics.accountActions,
    message: {
      actionId: randomUUID(),
      accountId: c.accountId,
      caseId: c.caseId,
      referenceCode: c.referenceCode,
      recommendations: ['hold_disbursement', 'hold_card_binding'],
      reason,
      score: c.score,
      ruleIds: c.ruleIds,
      createdAt: now.toISOString(),
      ...(c.correlationId ? { correlationId: c.correlationId } : {}),
    },
  }));
}
