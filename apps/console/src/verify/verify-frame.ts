import type { Locale } from '@sentinel/contracts';
import { LANGS, VERIFY_TEXT } from './verify.i18n';

/** What every borrower page's layout needs: its language, its words and the platform's name. */
export function verifyFrame(locale: Locale, platform: string) {
  return {
    layout: 'layout',
    lang: locale,
    title: VERIFY_TEXT[locale].title,
    t: VERIFY_TEXT[locale],
    platform,
    langs: LANGS.map((l) => ({ ...l, current: l.code === locale })),
  };
}
