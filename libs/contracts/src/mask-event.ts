import type { AccountEvent } from './account-event.schema';
import { maskCard, maskContact, maskIdNumberTail, scrubPii } from './masking';
import type { FieldIssue } from './validation-failure';

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

/**
 * Free-text fields that hold a phone, card or ID number or an email, for a producer to be told no:
 * such a field is stored as sent and outlives every mask.
 */
export function freeTextPiiIssues(event: AccountEvent, prefix = ''): FieldIssue[] {
  const at = (path: string) => (prefix ? `${prefix}.${path}` : path);
  const fields: [string, unknown][] = [['payload.reason', (event.payload as { reason?: unknown }).reason]];
  if ('card' in event.payload) {
    fields.push(['payload.card.holderName', event.payload.card.holderName], ['payload.card.issuer', event.payload.card.issuer]);
  }
  return fields
    .filter(([, value]) => typeof value === 'string' && scrubPii(value) !== value)
    .map(([path]) => ({ path: at(path), message: `${path} must not hold a phone, card or ID number or an email` }));
}
