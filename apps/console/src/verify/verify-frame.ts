import type { Locale } from '@sentinel/contracts';
import { LANGS, verifyWords } from './verify.i18n';

/** What every borrower page's layout needs: its language, its words and the platform's name. */
export function verifyFrame(locale: Locale, platform: string) {
  return {
    layout: 'layout',
    lang: locale,
    title: verifyWords(locale).title,
    t: verifyWords(locale),
    platform,
    langs: LANGS.map((l) => ({ ...l, current: l.code === locale })),
  };
}
