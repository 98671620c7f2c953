import { contactHash } from '@sentinel/persistence';
import { normalisePhone, parseSearchTerm, SearchTermError } from './search-term';

describe('search terms', () => {
  it.each([
    ['+8613800138000', '+8613800138000'],
    ['138 0013 8000', '+8613800138000'],
    ['+86 138-0013-8000', '+8613800138000'],
    ['008613800138000', '+8613800138000'],
    ['8613800138000', '+8613800138000'],
    ['(+44) 20 7946 0958', '+442079460958'],
  ])('reads the phone %s as %s, the E.164 form contacts are stored in', (raw, e164) => {
    expect(normalisePhone(raw)).toBe(e164);
  });

  it('hashes a phone written any way and the stored one alike', () => {
    const term = parseSearchTerm(' 138 0013 8000 ');
    expect(term.kinds).toContain('phone');
    expect(contactHash('phone', term.phone!)).toBe(contactHash('phone', '+8613800138000'));
    expect(term.shown).toBe('+86138****8000');
  });

  it('finds an email whatever its case, and shows it masked', () => {
    const term = parseSearchTerm('  Li.Wei@Example.COM ');
    expect(term).toMatchObject({ kinds: ['email'], email: 'li.wei@example.com', shown: 'l***@example.com' });
    expect(contactHash('email', term.email!)).toBe(contactHash('email', 'li.wei@example.com'));
  });

  it('reads a reference code with spaces, dashes or lower case, and also as an account prefix', () => {
    expect(parseSearchTerm('abcd 2345')).toMatchObject({ referenceCode: 'ABCD2345', kinds: ['reference'], shown: 'ABCD2345' });
    expect(parseSearchTerm('ABCD2345')).toMatchObject({ referenceCode: 'ABCD2345', accountPrefix: 'ABCD2345', kinds: ['reference', 'account'], shown: 'ABCD2345' });
  });

  it('takes an account id or its prefix', () => {
    expect(parseSearchTerm('acct-42')).toMatchObject({ accountPrefix: 'acct-42', kinds: ['account'] });
  });

  it.each([
    ['', /enter a reference code/],
    ['   ', /enter a reference code/],
    ['ab', /at least 4 characters/],
    ['12 34', /at least 7 digits/],
    ['li.wei@', /whole email address/],
    ['a%b c', /search a reference code/],
  ])('refuses %j, saying why', (raw, why) => {
    expect(() => parseSearchTerm(raw)).toThrow(SearchTermError);
    expect(() => parseSearchTerm(raw)).toThrow(why);
  });
});
