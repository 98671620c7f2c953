import { type Locale, LOCALES } from '@sentinel/contracts';

const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/**
 * The first language of an `Accept-Language` header the pages are written in, by the reader's
 * weights: `en-US,en;q=0.9` is English, `zh-TW;q=0.8` Chinese. Undefined when none is (or no header).
 */
export function acceptedLocale(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
  }
  return undefined;
}

/** The page's language: the link's `?lang=` (or the form's), then the reader's browser, then what the alert was sent in. */
export function pageLocale(asked: unknown, acceptLanguage: string | undefined, fallback: Locale): Locale {
  return isLocale(asked) ? asked : (acceptedLocale(acceptLanguage) ?? fallback);
}
