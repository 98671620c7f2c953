import { anEvent } from '@sentinel/testing';
import { maskEvent } from './mask-event';
import { maskCard, maskEmail, maskIdNumberTail, maskPhone, scrubPii } from './masking';

describe('masking', () => {
  it('shows at most the first 6 and last 4 digits of a card', () => {
    expect(maskCard({ first6: '622202', last4: '1234' })).toBe('622202******1234');
    expect(maskCard({ last4: '1234' })).toBe('**** 1234');
  });

  it('masks the middle of a phone number and the local part of an email', () => {
    expect(maskPhone('+8613800138000')).toBe('+86138****8000');
    expect(maskEmail('li.wei@example.com')).toBe('l***@example.com');
    expect(maskEmail('not-an-email')).toBe('***');
  });

  it('never shows more than the tail of an ID number', () => {
    expect(maskIdNumberTail('123X')).toBe('**************123X');
    expect(maskIdNumberTail(undefined)).not.toMatch(/\d/);
  });

  it('masks contacts, holder names and ID tails in an event shown to a person', () => {
    const contact = maskEvent(anEvent('contact.changed', { payload: { kind: 'phone', value: '+8613800138000' } }));
    expect(JSON.stringify(contact)).not.toContain('13800138000');
    const card = maskEvent(anEvent('card.bound', { payload: { card: { ref: 'c', first6: '622202', last4: '9876', holderName: '李伟' } } }));
    expect(JSON.stringify(card)).not.toContain('李伟');
    expect(card.payload).toMatchObject({ card: { masked: '622202******9876' } });
  });
});

describe('scrubPii', () => {
  it('masks contacts and long numbers in free text, and leaves the rest', () => {
    expect(scrubPii("The 'To' number +8613800138000 is not a valid phone number.")).toBe("The 'To' number +86****8000 is not a valid phone number.");
    expect(scrubPii('550 5.1.1 <li.wei@example.com>: Recipient address rejected')).toBe('550 5.1.1 <l***@example.com>: Recipient address rejected');
    expect(scrubPii('card 6222 0212 3456 7894 declined')).toBe('card ****7894 declined');
    expect(scrubPii('Twilio 503 20503 Service Unavailable')).toBe('Twilio 503 20503 Service Unavailable');
  });

  it('masks only what looks like a card, a phone or an ID number: a reference or an order number stays readable', () => {
    // 13, 16 and 19 digits that fail the Luhn check are not card numbers, nor phones (at most 12 digits) nor IDs.
    for (const reference of ['ref 1234567890123 paid', 'order 6222020200112233', 'txn 6222 0202 0011 2233 445 declined']) expect(scrubPii(reference)).toBe(reference);
    expect(scrubPii('card 4222222222222 bound')).toBe('card ****2222 bound');
    expect(scrubPii('mobile 13912345678, office 010-6552-1234')).toBe('mobile 139****5678, office 010****1234');
    expect(scrubPii('ID 11010519491231002X and 110105491231002')).toBe('ID 110****002X and 110****1002');
    expect(scrubPii('call +44 20 7946 0958')).toBe('call +44****0958');
  });

  it('keeps a 13-digit reference number readable in a note, in any spacing, while a card beside it is masked (#24)', () => {
    // 1790000006470 fails the Luhn check: no card; 13 digits: no phone (at most 12) and no ID number (15 or 18).
    for (const note of ['loan ref 1790000006470 paid', 'ref 179 0000 006 470', 'ref 179-0000-006470', 'orders 1790000006470 and 1790000006471']) expect(scrubPii(note)).toBe(note);
    expect(scrubPii('ref 1790000006470, card 6222021234567894')).toBe('ref 1790000006470, card ****7894');
    // Luhn-valid 13 to 19 digits are plausibly a card, and masked.
    expect(scrubPii('card 4111111111111111')).toBe('card ****1111');
    expect(scrubPii('card 6011 0009 9013 9424')).toBe('card ****9424');
  });
});
