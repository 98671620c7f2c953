import { ANSWERED_DEVICES_MAX, type AccountEvent } from '@sentinel/contracts';
import type { AccountVerdict } from '@sentinel/rules';
import { afterAnswer, type ContactHistory } from './borrower-answers';
import type { Corpus } from './corpus/generate-corpus';

/** How long after a case's first flagged event its borrower answers, in the eval: a message read within minutes. */
export const ANSWER_DELAY_MS = 10 * 60_000;

/**
 * The answers a corpus's borrowers give, as the console publishes them (`borrower.answered`), so
 * that every mode folds them into the trust model as the running system does. Each asked case is
 * answered once, `ANSWER_DELAY_MS` after it was first flagged, with the account's label's answer:
 * a "was me" only where the console would apply it (a step-up, through a contact on file for the
 * trusted age before the flagged activity: `afterAnswer`), a "not me" always. It names the
 * devices of the case's first flagged event, which its first message asked about. Answers land after the events that decided them, so the verdicts they
 * came from stand whichever mode replays them.
 */
export function answerEvents(corpus: Pick<Corpus, 'labels' | 'anchor'>, verdicts: Record<string, AccountVerdict>, history: ContactHistory): AccountEvent[] {
  const latest = Date.parse(corpus.anchor) - 60_000;
  const out: AccountEvent[] = [];
  for (const [accountId, verdict] of Object.entries(verdicts)) {
    const answer = corpus.labels[accountId]?.stepUpAnswer;
    if (!answer || !verdict.case || !verdict.asked || !verdict.firstFlaggedAt || !verdict.caseDevices?.length) continue;
    const atMs = Math.min(Date.parse(verdict.firstFlaggedAt) + ANSWER_DELAY_MS, latest);
    if (atMs <= Date.parse(verdict.firstFlaggedAt)) continue;
    if (answer === 'me' && !afterAnswer(verdict, 'me', history, accountId).released) continue;
    const at = new Date(atMs).toISOString();
    // What the first message asked about: the devices flagged when the case was.
    const devices = verdict.caseDevices
      .filter((d) => d.at === verdict.firstFlaggedAt)
      .map((d) => ({ id: d.deviceId, flaggedAt: d.at }))
      .slice(0, ANSWERED_DEVICES_MAX);
    if (devices.length === 0) continue;
    out.push({
      id: `answer:${accountId}`,
      schemaVersion: 1,
      type: 'borrower.answered',
      accountId,
      occurredAt: at,
      channel: 'system',
      actor: { kind: 'system' },
      payload: { answer, caseReference: `eval-${accountId}`.slice(0, 128), devices },
    });
  }
  return out;
}
