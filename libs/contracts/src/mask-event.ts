import type { AccountEvent } from './account-event.schema';
import { maskCard, maskContact, maskIdNumberTail } from './masking';

/** The event as a person may see it: cards as first6/last4, contacts and names masked. */
export function maskEvent(event: AccountEvent): Record<string, unknown> {
  const payload: Record<string, unknown> = { ...event.payload };
  if ('card' in event.payload) {
    const { card } = event.payload;
    payload.card = { ref: card.ref, masked: maskCard(card), issuer: card.issuer, holderName: card.holderName ? '***' : undefined };
  }
  if (event.type === 'contact.changed') payload.value = maskContact(event.payload.kind, event.payload.value);
  if (event.type === 'identity.document.updated') payload.numberLast4 = maskIdNumberTail(event.payload.numberLast4);
  return { ...event, payload };
}
