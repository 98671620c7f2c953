import { acceptedLocale, pageLocale } from './verify-locale';

describe("the verify page's language", () => {
  it.each([
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['fr-FR,en;q=0.5,zh;q=0.4', 'en'],
    ['zh;q=0.3, en;q=0.7', 'en'],
    ['en;q=0, zh', 'zh-CN'],
  ])('takes %s as %s', (header, locale) => expect(acceptedLocale(header)).toBe(locale));

  it('has no preference without a header, with only other languages or a wildcard', () => {
    for (const header of [undefined, '', 'fr-FR,de;q=0.8', '*']) expect(acceptedLocale(header)).toBeUndefined();
  });

  it('puts the link before the browser, and the browser before the language the alert went out in', () => {
    expect(pageLocale('zh-CN', 'en-US', 'en')).toBe('zh-CN');
    expect(pageLocale(undefined, 'en-US,en;q=0.9', 'zh-CN')).toBe('en');
    expect(pageLocale('xx', 'fr', 'zh-CN')).toBe('zh-CN');
  });
});
