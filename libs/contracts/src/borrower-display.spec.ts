import { moneyLabel } from './borrower-display';

describe('moneyLabel', () => {
  it('given minor units, when shown, then they read as money with grouping and two decimals', () => {
    expect(moneyLabel(4_200_000, 'CNY', 'en')).toBe('42,000.00 CNY');
    expect(moneyLabel(4_200_000, 'CNY', 'zh-CN')).toBe('42,000.00 元');
    expect(moneyLabel(5, 'USD', 'zh-CN')).toBe('0.05 USD');
  });
});
