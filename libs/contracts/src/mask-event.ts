import type { AccountEvent } from './account-event.schema';
import { maskCard, maskContact, maskIdNumberTail, scrubPii } from './masking';

/**
 * The event as a person may see it: cards as first6/last4, contacts and names masked, and any
 * number or email a producer typed into a free-text field (an unbind reason, an issuer) masked too.
 */
export function maskEvent(event: AccountEvent): Record<string, unknown> {
  const payload: Record<string, unknown> = { ...event.payload };
  if ('card' in event.payload) {
    const { card } = event.payload;
    payload.card = { ref: card.ref, masked: maskCard(card), issuer: card.issuer && scrubPii(card.issuer), holderName: card.holderName ? '***' : undefined };
  }
  if (typeof payload.reason === 'string') payload.reason = scrubPii(payload.reason);
  if (event.type === 'contact.changed') payload.value = maskContact(event.payload.kind, event.payload.value);
  if (event.type === 'identity.document.updated') payload.numberLast4 = maskIdNumberTail(event.payload.numberLast4);
  return { ...event, payload };
}
