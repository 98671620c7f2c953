import { useContext } from 'preact/hooks';
import { type Locale, LocaleContext } from '../i18n';

export function LocaleSwitch() {
  const { locale, setLocale } = useContext(LocaleContext);
  return (
    <select class="locale" aria-label="Language / 语言" value={locale} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
      <option value="en">English</option>
      <option value="zh-CN">中文</option>
    </select>
  );
}
