import { quietHoldMs } from './quiet-hours';

const at = (iso: string) => new Date(iso);
const night = { start: '22:00', end: '08:00' };

describe('quietHoldMs', () => {
  it('holds a notice until the quiet hours end, across midnight, in the borrower’s time zone', () => {
    // 23:30 in Shanghai is 15:30 UTC; quiet until 08:00 local: 8.5 hours.
    expect(quietHoldMs(at('2026-11-20T15:30:00Z'), night, 'Asia/Shanghai')).toBe(8.5 * 3_600_000);
    // 07:59:30 local: thirty seconds left.
    expect(quietHoldMs(at('2026-11-20T23:59:30Z'), night, 'Asia/Shanghai')).toBe(30_000);
  });

  it('lets a notice go outside the quiet hours, or with none set', () => {
    expect(quietHoldMs(at('2026-11-20T04:00:00Z'), night, 'Asia/Shanghai')).toBeUndefined();
    expect(quietHoldMs(at('2026-11-20T00:00:00Z'), night, 'Asia/Shanghai')).toBeUndefined();
    expect(quietHoldMs(at('2026-11-20T15:30:00Z'), undefined, 'Asia/Shanghai')).toBeUndefined();
  });

  it('handles a daytime window', () => {
    expect(quietHoldMs(at('2026-11-20T05:00:00Z'), { start: '12:00', end: '14:00' }, 'Asia/Shanghai')).toBe(3_600_000);
  });
});
