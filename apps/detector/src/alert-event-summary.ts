import { type AccountEvent, type AlertEvent, maskCard } from '@sentinel/contracts';

/**
 * What an alert tells the notifier of the event it is about: enough to word the message, and the
 * card only masked, since the message leaves for email and SMS.
 */
export function alertEventSummary(event: AccountEvent): AlertEvent {
  return {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    channel: event.channel,
    cardMasked: 'card' in event.payload ? maskCard(event.payload.card) : undefined,
    deviceId: event.device?.id,
  };
}
