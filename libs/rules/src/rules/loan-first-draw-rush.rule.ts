import { partnerOf } from '@sentinel/contracts';
import { defineRule } from '../rule';
import { HOUR_MS, ms, tracesBetween } from '../time';
import { isPurchase, minorText } from './loan-helpers';

/**
 * A borrower with no habit of borrowing draws a large sum in several cash loans within hours, every
 * one from a network the account never used. This is the shape of a coached scam: a caller posing as
 * police or the platform moves the victim to a hotel or a friend's flat "for the investigation" and
 * has them borrow the whole line, with their own phone and their own face, so no check of who acts
 * fails. It doubts what is done, and the borrower is asked before the money goes. A borrower with a
 * habit is judged against it by loan.amount-anomaly and loan.pace instead; one at home or at work is
 * not isolated.
 */
export const loanFirstDrawRushRule = defineRule<{ windowHours: number; minLoans: number; minTotalMinor: number; maxHistory: number; gapHours: number }>({
  id: 'loan.first-draw-rush',
  description: 'At least N cash loans within the window adding up to at least T, on an account with at most H earlier loans, all from networks it never used',
  category: 'fraud',
  phase: 'immediate',
  doubt: 'fact',
  on: ['loan.opened'],
  defaults: { severity: 'high', score: 50, params: { windowHours: 48, minLoans: 2, minTotalMinor: 5_000_000, maxHistory: 1, gapHours: 6 } },
  evaluate(state, event, _clock, { windowHours, minLoans, minTotalMinor, maxHistory, gapHours }) {
    if (event.type !== 'loan.opened' || isPurchase(event)) return null;
    const at = ms(event.occurredAt);
    // Loans in another currency do not add up with this one (one recorded before currencies were kept does).
    const earlier = state.loans.filter(
      (l) =>
        !l.merchant &&
        l.loanId !== event.payload.loanId &&
        (l.currency ?? event.payload.currency) === event.payload.currency &&
        ms(l.at) <= at &&
        at - ms(l.at) <= windowHours * HOUR_MS,
    );
    if (earlier.length + 1 < minLoans) return null;
    const totalMinor = earlier.reduce((sum, l) => sum + l.amountMinor, event.payload.amountMinor);
    if (totalMinor < minTotalMinor) return null;
    const start = Math.min(at, ...earlier.map((l) => ms(l.at)));
    const history = state.loans.filter((l) => ms(l.at) < start).length;
    if (history > maxHistory) return null;
    // Every loan of the rush from an address first seen only around it: a network the borrower
    // never used before the gap, not home, work or a usual café.
    const loanIps = tracesBetween(state, event.id, start, at, (t) => t.type === 'loan.opened' && !partnerOf(t.channel)).map((t) => t.ip);
    const ips = [event.device?.ip, ...loanIps];
    const unused = (ip: string | undefined) => ip !== undefined && !(state.ips[ip] && ms(state.ips[ip].firstSeenAt) < start - gapHours * HOUR_MS);
    if (!ips.every(unused)) return null;
    const currency = event.payload.currency;
    const total = minorText(totalMinor, currency);
    const loans = earlier.length + 1;
    const hours = Math.round((at - start) / HOUR_MS);
    return {
      evidence: { eventId: event.id, loanId: event.payload.loanId, loans, total, hours, history, windowHours },
      explanation: {
        en: `Loan ${event.payload.loanId} makes ${loans} cash loans totalling ${total} within ${hours} h, on an account with ${history} earlier loan(s), each from a network the account never used: the shape of a scam in which a caller isolates the borrower and has them borrow the whole line.`,
        'zh-CN': `贷款 ${event.payload.loanId} 使 ${hours} 小时内的现金贷款达到 ${loans} 笔、合计 ${total}；该账户此前仅有 ${history} 笔贷款，且每笔都来自账户从未使用过的网络：这是诈骗者隔离借款人、诱导其借光额度的典型特征。`,
      },
    };
  },
});
