import { z } from 'zod';
import { borrowerAnsweredSchema } from './events/answer.events';
import { contactChangedSchema, deviceLoginSchema, passwordResetSchema } from './events/access.events';
import { cardBoundSchema, cardInvalidatedSchema, cardUnboundSchema } from './events/card.events';
import { consentVerifiedSchema } from './events/consent.events';
import { identityDocumentUpdatedSchema } from './events/identity.events';
import { loanOpenedSchema } from './events/loan.events';
import { preferencesUpdatedSchema } from './events/preferences.events';

export const accountEventSchema = z.discriminatedUnion('type', [
  cardBoundSchema,
  cardUnboundSchema,
  cardInvalidatedSchema,
  loanOpenedSchema,
  consentVerifiedSchema,
  identityDocumentUpdatedSchema,
  contactChangedSchema,
  deviceLoginSchema,
  passwordResetSchema,
  preferencesUpdatedSchema,
  borrowerAnsweredSchema,
]);

export type AccountEvent = z.infer<typeof accountEventSchema>;
export type AccountEventType = AccountEvent['type'];
export type EventOf<T extends AccountEventType> = Extract<AccountEvent, { type: T }>;

export const ACCOUNT_EVENT_TYPES = accountEventSchema.options.map((option) => option.shape.type.value) as readonly AccountEventType[];
