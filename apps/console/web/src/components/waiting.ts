import type { MessageKey } from '../i18n';

/** Time waiting as analysts say it: minutes, then hours and minutes, then days and hours. */
export function waited(seconds: number, t: (key: MessageKey, vars?: Record<string, number>) => string): string {
  const minutes = Math.max(0, Math.floor(seconds / 60));
  if (minutes < 60) return t('actMinutes', { m: minutes });
  if (minutes < 24 * 60) return t('actHours', { h: Math.floor(minutes / 60), m: minutes % 60 });
  return t('actDays', { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60) });
}
