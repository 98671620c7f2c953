import { noticeText, verifyWords } from './verify.i18n';

describe('noticeText', () => {
  it('given no re-verification URL, when a notice is shown, then its own words say to open the official app', () => {
    expect(noticeText('id.expiring', 'en', false).message).toBe('Open the official app and update your ID document before it expires to keep your account working.');
    expect(noticeText('card.invalidated', 'en', false).message).toContain('Open the official app to update it');
    expect(noticeText('id.expired', 'zh-CN', false).message).toBe('请打开官方应用更新您的身份证件，以便继续使用账户。');
  });

  it('given a re-verification URL, when a notice is shown, then it asks to update through the button', () => {
    expect(noticeText('id.expiring', 'en', true)).toEqual({
      heading: 'Your ID document expires soon',
      message: 'Update your ID document before it expires to keep your account working.',
    });
    expect(noticeText('card.invalidated', 'zh-CN', true).heading).toBe('您的银行卡已无法使用');
  });

  it('words every borrower page in Chinese without English', () => {
    for (const [key, text] of Object.entries(verifyWords('zh-CN'))) expect({ key, latin: /[A-Za-z]{2,}/.test(text) }).toEqual({ key, latin: false });
  });
});
