import { maskEvent, scrubPii } from '@sentinel/contracts';
import { anEvent } from '@sentinel/testing';

// 6222021234567894 passes the Luhn check, as every real card number does.
const PAN = '6222021234567894';

/** Numbers and emails typed into free text never reach an analyst's screen or a stored note in full. */
describe('security: PII in free-text fields', () => {
  it.each([
    ['a phone in international spacing', 'call him on +86 139 1234 5678 today', ['1391234', '139 1234']],
    ['a phone with dashes', 'borrower phone 139-1234-5678', ['1391234', '139-1234']],
    ['a landline with brackets', 'office (010) 6552 1234 ext', ['6552 1234', '01065521234']],
    ['a card number in groups', 'card 6222 0212 3456 7894 was unbound', ['6222 0212', '62220212']],
    ['a card number in one run', `pan ${PAN}`, [PAN, '622202']],
    ['an ID number', 'ID 11010519491231002X on file', ['110105194912']],
    ['an email', 'wrote from li.wei@example.com yesterday', ['li.wei@']],
  ])('masks %s', (_what, text, mustNotContain) => {
    const scrubbed = scrubPii(text);
    for (const fragment of mustNotContain) expect(scrubbed).not.toContain(fragment);
    expect(scrubbed).not.toBe(text);
  });

  it('keeps what is not personal: dates, IP addresses, short codes, amounts', () => {
    const text = 'on 2026-11-20 from 203.0.113.9, SMTP 550 5.1.1, Twilio 503 20503, amount 5000 CNY';
    expect(scrubPii(text)).toBe(text);
  });

  it('masks an unbind reason and a card issuer on the analyst’s timeline', () => {
    const unbound = anEvent('card.unbound', {
      payload: {
        card: { ref: 'card-1', first6: '622202', last4: '7894', issuer: `ICBC ${PAN}`, holderName: 'Li Wei' },
        reason: `moved to card ${PAN}, call +86 139 1234 5678 or mail li.wei@example.com`,
      },
    });
    const shown = JSON.stringify(maskEvent(unbound));
    for (const leak of [PAN, '139 1234 5678', '13912345678', 'li.wei@', 'Li Wei']) expect(shown).not.toContain(leak);
    expect(shown).toContain('7894');
  });
});
