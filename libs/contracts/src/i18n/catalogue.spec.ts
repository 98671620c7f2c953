import { type Catalogue, isMessageKey, translate } from './catalogue';

const words: Catalogue<'found' | 'greeting' | 'page'> = {
  en: { found: { one: '{count} case', other: '{count} cases' }, greeting: 'Hello {name}', page: 'Page {n} of {total}' },
  'zh-CN': { found: '{count} 个案件', greeting: '{name}，您好', page: '第 {n} 页，共 {total} 页' },
};

describe('translate', () => {
  it('given placeholders, when translated, then each is filled in and one not given is left empty', () => {
    expect(translate(words, 'en', 'greeting', { name: 'Ann' })).toBe('Hello Ann');
    expect(translate(words, 'zh-CN', 'page', { n: 2, total: 5 })).toBe('第 2 页，共 5 页');
    expect(translate(words, 'en', 'page', { n: 2 })).toBe('Page 2 of ');
  });

  it('given a value that looks like a placeholder, when filled in, then it is not filled in again', () => {
    expect(translate(words, 'en', 'greeting', { name: '{name}' })).toBe('Hello {name}');
  });

  it('given a numeric count, when a message has plural forms, then the form its plural category asks for is used', () => {
    expect(translate(words, 'en', 'found', { count: 1 })).toBe('1 case');
    expect(translate(words, 'en', 'found', { count: 0 })).toBe('0 cases');
    expect(translate(words, 'en', 'found', { count: 2 })).toBe('2 cases');
    expect(translate(words, 'zh-CN', 'found', { count: 1 })).toBe('1 个案件');
  });

  it('given no numeric count, when a message has plural forms, then its other form is used', () => {
    expect(translate(words, 'en', 'found', { count: '1' })).toBe('1 cases');
    expect(translate(words, 'en', 'found')).toBe(' cases');
  });
});

describe('isMessageKey', () => {
  it('knows the keys a catalogue has, and nothing an object inherits', () => {
    expect(isMessageKey(words, 'greeting')).toBe(true);
    expect(isMessageKey(words, 'toString')).toBe(false);
    expect(isMessageKey(words, 'farewell')).toBe(false);
  });
});
