import { maskCard } from '@sentinel/contracts';
import { defineRule } from '../rule';
import type { EventOf } from '@sentinel/contracts';
import { CONSENT_GRACE_MS, CONSENT_WINDOW_MS, type AccountState, type CardFact, cardFact } from '../account-state';
import type { RuleFinding } from '../rule';
import { DAY_MS, HOUR_MS, hoursBetween, ms } from '../time';
import { amountText, minorText } from './loan-helpers';

/**
 * A loan while a card in a holder's name the account never had is bound, bound within the window:
 * the money would go to someone else. Whoever holds the borrower's unlocked phone can bind a card
 * in their own (or a mule's) name and borrow onto it with every check of who acts passed, so this
 * doubts what is done: the borrower is asked before the money goes (a step-up). A spouse's card is
 * one "was me" away. Every loan inside the window counts, so a small first loan does not open the
 * way for a large one; only names are compared, and only where the account's earlier cards carry one.
 * A card bound with a face check is the borrower's own choice, whoever's name it bears (a
 * relative's card while their own is frozen): the face answers the very doubt this rule raises.
 */
export const loanToNewHolderCardRule = defineRule<{ windowDays: number; payoutHours: number }>({
  id: 'loan.to-new-holder-card',
  description: "A loan while a card bound within the window in a holder's name new to the account is bound",
  category: 'fraud',
  phase: 'immediate',
  doubt: 'fact',
  answerProof: true,
  on: ['loan.opened', 'card.bound'],
  defaults: { severity: 'high', score: 50, params: { windowDays: 30, payoutHours: 24 } },
  evaluate(state, event, _clock, params) {
    if (event.type === 'card.bound') return cardAfterLoan(state, event, params);
    if (event.type !== 'loan.opened') return null;
    const { windowDays } = params;
    const at = ms(event.occurredAt);
    const book = Object.entries(state.cardBook);
    const newHolder = book
      .filter(([ref, card]) => state.cards[ref] && ms(card.firstBoundAt) <= at && at - ms(card.firstBoundAt) <= windowDays * DAY_MS)
      .filter(([ref, card]) => isNewHolder(state, ref, card))
      .sort(([, a], [, b]) => (a.firstBoundAt < b.firstBoundAt ? 1 : -1))[0];
    // A face check on the loan does not answer it: it says who borrows, not where the money goes (a
    // trojan binds its mule's card on the day the borrower takes her own face-checked loan).
    if (!newHolder) return null;
    const [ref, card] = newHolder;
    const masked = maskCard(card);
    const hours = hoursBetween(card.firstBoundAt, event.occurredAt);
    return {
      evidence: {
        eventId: event.id,
        loanId: event.payload.loanId,
        amount: amountText(event),
        card: masked,
        cardRef: ref,
        boundAt: card.firstBoundAt,
        hoursSinceBound: hours,
        windowDays,
      },
      explanation: {
        en: `Loan ${event.payload.loanId} (${amountText(event)}) was opened while card ${masked}, bound ${hours} h before in a holder's name no earlier card of the account had, is bound: the money would go to someone else.`,
        'zh-CN': `贷款 ${event.payload.loanId}（${amountText(event)}）开立时，账户绑定着 ${hours} 小时前绑定的银行卡 ${masked}，其持卡人与该账户此前任何一张卡都不同：款项将流向他人。`,
      },
    };
  },
});

/**
 * A card in a holder's name the account never had, bound without a face check: only names are
 * compared, and only where the account's earlier cards carry one.
 */
function isNewHolder(state: AccountState, ref: string, card: CardFact): boolean {
  if (!card.holderHash || boundWithFace(state, ref, card.firstBoundAt)) return false;
  const before = Object.values(state.cardBook).filter((other) => other.holderHash && other.firstBoundAt < card.firstBoundAt);
  return before.length > 0 && before.every((other) => other.holderHash !== card.holderHash);
}

/**
 * Such a card bound within hours after a cash loan, before its money is paid out: the loan's
 * disbursement goes to the card bound when it is paid, so a card bound just after the loan is its
 * destination as much as one bound before.
 */
function cardAfterLoan(state: AccountState, event: EventOf<'card.bound'>, { payoutHours }: { windowDays: number; payoutHours: number }): RuleFinding | null {
  const ref = event.payload.card.ref;
  // Judged on the state before the binding: a card the book knows was bound before, and is not new.
  if (state.cardBook[ref] && state.cardBook[ref].firstBoundAt < event.occurredAt) return null;
  const card = cardFact(event.payload.card, event.occurredAt);
  if (!isNewHolder(state, ref, card)) return null;
  const at = ms(event.occurredAt);
  const loan = state.loans.filter((l) => !l.merchant && ms(l.at) <= at && at - ms(l.at) <= payoutHours * HOUR_MS).at(-1);
  if (!loan) return null;
  const masked = maskCard(card);
  const hours = hoursBetween(loan.at, event.occurredAt);
  // A loan recorded before the state kept currencies is shown in minor units alone.
  const amount = loan.currency ? minorText(loan.amountMinor, loan.currency) : `${loan.amountMinor} (minor units)`;
  return {
    evidence: { eventId: event.id, loanId: loan.loanId, amount, card: masked, cardRef: ref, hoursAfterLoan: hours, payoutHours },
    explanation: {
      en: `Card ${masked}, in a holder's name no earlier card of the account had, was bound ${hours} h after loan ${loan.loanId} (${amount}), before its money is paid out: the money would go to someone else.`,
      'zh-CN': `持卡人与该账户此前任何一张卡都不同的银行卡 ${masked}，在贷款 ${loan.loanId}（${amount}）开立 ${hours} 小时后、放款之前被绑定：款项将流向他人。`,
    },
  };
}

/** A face consent for binding this card (or for a bind, naming none) around its first binding. */
function boundWithFace(state: AccountState, ref: string, boundAt: string): boolean {
  const at = ms(boundAt);
  return state.recent.some(
    (t) =>
      t.type === 'consent.verified' &&
      t.method === 'face' &&
      t.purpose === 'card.bind' &&
      (!t.subjectId || t.subjectId === ref) &&
      ms(t.at) >= at - CONSENT_WINDOW_MS &&
      ms(t.at) <= at + CONSENT_GRACE_MS,
  );
}
