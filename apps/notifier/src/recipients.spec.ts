import type { Recipient } from '@sentinel/persistence';
import { headsUpChannels, MAX_RECIPIENTS_PER_CHANNEL, noticeChannels, recipientsFor, stepUpRecipient } from './recipients';

const contact = (address: string, replacedHoursAgo?: number): Recipient => ({
  channel: address.startsWith('+') ? 'sms' : 'email',
  address,
  previous: replacedHoursAgo !== undefined,
  since: new Date('2026-01-01T00:00:00Z'),
  replacedAt: replacedHoursAgo === undefined ? undefined : new Date(Date.parse('2026-12-01T00:00:00Z') - replacedHoursAgo * 3_600_000),
});

describe('noticeChannels', () => {
  it('given stored preferences with 7,000 copies of "email", then a notice goes by email, once', () => {
    expect(noticeChannels(Array.from({ length: 7000 }, () => 'email'))).toEqual(['email']);
  });

  it('given each channel, in any order and repeated, then each once; given none usable, then every channel', () => {
    expect(noticeChannels(['sms', 'email', 'sms'])).toEqual(['email', 'sms']);
    expect(noticeChannels(['fax'])).toEqual(['email', 'sms']);
    expect(noticeChannels(undefined)).toEqual(['email', 'sms']);
  });
});

describe('recipientsFor', () => {
  it('given the current address and hundreds replaced, then the current one and the most recently replaced, with how many were left out', () => {
    const contacts = [...Array.from({ length: 300 }, (_, i) => contact(`old-${i}@example.com`, 300 - i)), contact('now@example.com'), contact('+8613800138000')];
    const { recipients, dropped } = recipientsFor(contacts, 'email');
    expect(recipients.map((r) => r.address)).toEqual(['now@example.com', 'old-299@example.com', 'old-298@example.com'].slice(0, MAX_RECIPIENTS_PER_CHANNEL));
    expect(dropped).toBe(301 - MAX_RECIPIENTS_PER_CHANNEL);
  });

  it('given fewer than the bound, then all of them, none dropped', () => {
    expect(recipientsFor([contact('+8613800138000'), contact('a@example.com')], 'sms')).toEqual({ recipients: [contact('+8613800138000')], dropped: 0 });
  });
});

describe('headsUpChannels', () => {
  const email = contact('now@example.com');
  const sms = contact('+8613800138000');

  it('given both channels settled, then one message: email, or the channel the borrower prefers', () => {
    expect(headsUpChannels([email, sms], undefined)).toEqual(['email']);
    expect(headsUpChannels([email, sms], ['sms'])).toEqual(['sms']);
  });

  it('given the phone number replaced lately, then the email, not the new number', () => {
    expect(headsUpChannels([email, sms, contact('+8613900139000', 5)], ['sms'])).toEqual(['email']);
  });

  it('given only one channel on file, then that one', () => {
    expect(headsUpChannels([sms], undefined)).toEqual(['sms']);
  });

  it('given every channel replaced lately, or none on file, then every channel', () => {
    expect(headsUpChannels([email, sms, contact('old@example.com', 2), contact('+8613900139000', 5)], undefined)).toEqual(['email', 'sms']);
    expect(headsUpChannels([], undefined)).toEqual(['email', 'sms']);
  });
});

describe('stepUpRecipient', () => {
  const flaggedAt = new Date('2026-12-01T00:00:00Z');
  const DAY = 86_400_000;
  const onFile = (address: string, days: number): Recipient => ({ ...contact(address), since: new Date(flaggedAt.getTime() - days * DAY) });
  const replaced = (address: string, days: number): Recipient => ({ ...onFile(address, 400), previous: true, replacedAt: new Date(flaggedAt.getTime() - days * DAY) });
  const trustedAgeMs = 3 * DAY;

  it('given both contacts on file for long and settled, then the preferred one, else email before SMS', () => {
    const email = onFile('a@example.com', 40);
    const sms = onFile('+8613800138000', 400);
    expect(stepUpRecipient([email, sms], undefined, flaggedAt, trustedAgeMs)).toBe(email);
    expect(stepUpRecipient([email, sms], ['sms'], flaggedAt, trustedAgeMs)).toBe(sms);
  });

  it('given the preferred contact came on file a day before the flagged event, then the other, though not preferred', () => {
    const email = onFile('new@example.com', 1);
    const sms = onFile('+8613800138000', 400);
    expect(stepUpRecipient([email, sms], ['email'], flaggedAt, trustedAgeMs)).toBe(sms);
  });

  it("given an email an intruder set ten days ago, past the trusted age, replacing the borrower's, then the phone: a channel changed lately is not trusted", () => {
    const intruders = onFile('intruder@example.net', 10);
    const sms = onFile('+8613800138000', 400);
    expect(stepUpRecipient([intruders, replaced('borrower@example.com', 10), sms], ['email'], flaggedAt, trustedAgeMs)).toBe(sms);
  });

  it('given a mailbox on file for years that an unknown device asked a password reset through (the alert names it untrusted), then the phone, though email is preferred', () => {
    const email = onFile('a@example.com', 800);
    const sms = onFile('+8613800138000', 800);
    expect(stepUpRecipient([email, sms], ['email'], flaggedAt, trustedAgeMs, ['email'])).toBe(sms);
    expect(stepUpRecipient([email], ['email'], flaggedAt, trustedAgeMs, ['email'])).toBeNull();
  });

  it('given only contacts newer than the trusted age, or on channels changed lately, then none: the step-up goes everywhere', () => {
    expect(stepUpRecipient([onFile('new@example.com', 1), onFile('+8613800138000', 2)], undefined, flaggedAt, trustedAgeMs)).toBeNull();
    expect(stepUpRecipient([onFile('new@example.com', 10), replaced('old@example.com', 10)], undefined, flaggedAt, trustedAgeMs)).toBeNull();
    expect(stepUpRecipient([], undefined, flaggedAt, trustedAgeMs)).toBeNull();
  });
});
