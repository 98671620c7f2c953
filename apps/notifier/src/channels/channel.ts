export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmsMessage {
  to: string;
  body: string;
}

/** Every send says what happened; transient failures may be retried, permanent ones not. */
export type SendOutcome = { status: 'sent'; providerMessageId: string } | { status: 'failed'; error: string; transient: boolean };

export interface EmailSender {
  send(message: EmailMessage): Promise<SendOutcome>;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<SendOutcome>;
}

export const EMAIL_SENDER = Symbol('EmailSender');
export const SMS_SENDER = Symbol('SmsSender');
