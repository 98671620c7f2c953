import { type Catalogue, CHANNEL_CATALOGUE, type Locale, LOCALES, type Message } from '@sentinel/contracts';
import { CONSOLE_CATALOGUE } from '../../apps/console/web/src/i18n/console.i18n';
import { EVENT_DETAILS_CATALOGUE } from '../../apps/console/web/src/i18n/event-details.i18n';
import { EXPORT_CATALOGUE } from '../../apps/console/src/case-work/case-export.i18n';
import { VERIFY_CATALOGUE } from '../../apps/console/src/verify/verify.i18n';
import { BORROWER_MESSAGES } from '../../apps/notifier/src/templates/borrower-messages.i18n';

/** Every catalogue in the repository: a new one is added here, or nothing checks its languages. */
const CATALOGUES: Record<string, Catalogue<string>> = {
  'console web UI (apps/console/web/src/i18n)': CONSOLE_CATALOGUE,
  "console web UI's event details (apps/console/web/src/i18n/event-details.i18n.ts)": EVENT_DETAILS_CATALOGUE,
  'case export (apps/console/src/case-work/case-export.i18n.ts)': EXPORT_CATALOGUE,
  'verify page (apps/console/src/verify/verify.i18n.ts)': VERIFY_CATALOGUE,
  'notifier emails and SMS (apps/notifier/src/templates/borrower-messages.i18n.ts)': BORROWER_MESSAGES,
  'channel names (libs/contracts/src/borrower-display.ts)': CHANNEL_CATALOGUE,
};

const forms = (message: Message): string[] => (typeof message === 'string' ? [message] : Object.values(message));
/** A message's placeholders, over all its plural forms ("Only the first account is shown." drops its count). */
const placeholders = (message: Message) => [...new Set(forms(message).flatMap((form) => [...form.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();

describe.each(Object.entries(CATALOGUES))('the %s catalogue', (_name, catalogue) => {
  const keys = [...new Set(LOCALES.flatMap((locale) => Object.keys(catalogue[locale])))].sort();

  it('has every key in every language', () => {
    const missing = LOCALES.flatMap((locale) => keys.filter((key) => !Object.hasOwn(catalogue[locale], key)).map((key) => `${locale}: ${key}`));
    expect(missing).toEqual([]);
  });

  it('says something for every key in every language', () => {
    const empty = LOCALES.flatMap((locale) =>
      keys.filter((key) => Object.hasOwn(catalogue[locale], key) && forms(catalogue[locale][key]).some((form) => form.trim() === '')).map((key) => `${locale}: ${key}`),
    );
    expect(empty).toEqual([]);
  });

  it('gives each key the same placeholders in every language', () => {
    const named = (key: string, locale: Locale) => placeholders(catalogue[locale][key] ?? '').join(', ');
    const differ = keys
      .filter((key) => new Set(LOCALES.map((locale) => named(key, locale))).size > 1)
      .map((key) => `${key}: ${LOCALES.map((locale) => `${locale} {${named(key, locale)}}`).join(', ')}`);
    expect(differ).toEqual([]);
  });

  it('gives every plural message its other form', () => {
    const noOther = LOCALES.flatMap((locale) =>
      keys.filter((key) => {
        const message = catalogue[locale][key];
        return typeof message === 'object' && typeof message.other !== 'string';
      }),
    );
    expect(noOther).toEqual([]);
  });
});
