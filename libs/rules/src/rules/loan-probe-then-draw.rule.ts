import type { AccountState } from '../account-state';
import { defineRule } from '../rule';
import { DAY_MS, HOUR_MS, ms } from '../time';
import { amountText, minorText } from './loan-helpers';

/**
 * An account the detector saw opened takes a small first loan, then within days one many times it.
 * The first loan is a probe: whoever opened the account in someone else's name (a lost or bought ID
 * card, a look-alike who passes the face check) learns that the account pays out before drawing
 * the line. Every sign of who acts is the opener's own (the first device, the number set at sign-up,
 * a card opened in the ID's name, the opener's face against the ID's photo), so no answer clears it:
 * a "was me" through the account's contacts comes from the opener, and a face check on the loan is
 * what the look-alike passes. It doubts what is done, and makes a case before the money goes.
 * Only accounts whose opening is on record are judged: an account the detector first saw in the
 * middle of its life (a backfill, an upgrade) has no first loan to compare with.
 */
export const loanProbeThenDrawRule = defineRule<{ youngDays: number; windowDays: number; factor: number }>({
  id: 'loan.probe-then-draw',
  description: "A loan at least F times the account's first loan, within the window after it, on an account opened at most D days before that first loan",
  category: 'fraud',
  phase: 'immediate',
  doubt: 'fact',
  answerProof: true,
  on: ['loan.opened'],
  defaults: { severity: 'high', score: 50, params: { youngDays: 14, windowDays: 14, factor: 4 } },
  evaluate(state, event, _clock, { youngDays, windowDays, factor }) {
    if (event.type !== 'loan.opened') return null;
    const opened = openedAt(state);
    if (opened === undefined) return null;
    const at = ms(event.occurredAt);
    const probe = state.loans
      .filter((l) => l.loanId !== event.payload.loanId && ms(l.at) <= at && (l.currency ?? event.payload.currency) === event.payload.currency)
      .sort((a, b) => ms(a.at) - ms(b.at))[0];
    // The probe must be the account's first loan of all, not only the first of this currency.
    if (!probe || state.loans.some((l) => ms(l.at) < ms(probe.at))) return null;
    const probeAt = ms(probe.at);
    if (probeAt - opened > youngDays * DAY_MS || at - probeAt > windowDays * DAY_MS) return null;
    if (event.payload.amountMinor < factor * probe.amountMinor) return null;
    const currency = event.payload.currency;
    const first = minorText(probe.amountMinor, currency);
    const ratio = Math.round((event.payload.amountMinor / probe.amountMinor) * 10) / 10;
    const daysOpen = Math.round((probeAt - opened) / HOUR_MS / 2.4) / 10;
    const days = Math.round((at - probeAt) / HOUR_MS / 2.4) / 10;
    return {
      evidence: {
        eventId: event.id,
        loanId: event.payload.loanId,
        amount: amountText(event),
        firstLoanId: probe.loanId,
        firstAmount: first,
        ratio,
        daysAfterFirst: days,
        firstLoanDaysAfterOpening: daysOpen,
        factor,
      },
      explanation: {
        en: `Loan ${event.payload.loanId} (${amountText(event)}) is ${ratio}× the account's first loan ${probe.loanId} (${first}), taken ${days} days before it, ${daysOpen} days after the account was opened: a small loan to test that the account pays out, then the line drawn. Everything that vouches for the borrower here came with whoever opened the account, so their own confirmation does not clear it.`,
        'zh-CN': `贷款 ${event.payload.loanId}（${amountText(event)}）是该账户首笔贷款 ${probe.loanId}（${first}）的 ${ratio} 倍；首笔贷款在 ${days} 天前、开户后 ${daysOpen} 天开立：先以小额贷款试探账户能否放款，再借光额度。此处能证明借款人身份的一切都来自开户者本人，其本人的确认不能消除这一疑点。`,
      },
    };
  },
});

/**
 * When the account was opened, if the detector saw it: its first phone number set within a day of
 * its first event, with nothing replaced. An account first seen mid-life has an earlier phone the
 * detector never saw, and its first event is not its opening.
 */
function openedAt(state: AccountState): number | undefined {
  if (!state.since) return undefined;
  const phone = state.contacts.find((c) => c.kind === 'phone');
  if (!phone || phone.entered !== 'first' || ms(phone.setAt) - ms(state.since) > DAY_MS) return undefined;
  return ms(state.since);
}
