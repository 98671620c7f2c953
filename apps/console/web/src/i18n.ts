import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { isMessageKey, type Locale, type MessageParams, translate } from '@sentinel/contracts/i18n/catalogue';
import type { ApiSchema } from './api-types';
import { CONSOLE_CATALOGUE, type MessageKey } from './i18n/console.i18n';
import { fourEyesApiErrorsZh } from './i18n/four-eyes.i18n';
import { teamworkApiErrorsZh } from './i18n/teamwork.i18n';

export type { Locale, MessageKey };

/**
 * The API words its refusals in English for logs and scripts; a Chinese reader gets them by code.
 * Codes whose message carries the detail (a field, a holder) keep it after the translation. Typed by
 * the API's own list (ApiErrorCode in the OpenAPI document): a new code does not compile until it is here.
 */
const API_ERRORS_ZH: Record<ApiSchema<'ApiErrorCode'>, string> = {
  INVALID_BODY: '请求内容有误',
  INVALID_QUERY: '筛选条件有误',
  INVALID_ID: '编号格式有误',
  INVALID_TRANSITION: '案件状态已变化，无法执行此操作，页面已更新为当前状态。',
  CASE_RESOLVED: '案件已结案，无法再更改。',
  CASE_HELD: '案件正由其他分析员处理。',
  ESCALATED: '案件已升级给主管：由主管处理，或由主管指派的分析员处理。',
  CASE_NOT_FOUND: '找不到该案件。',
  NOT_RESOLVED: '只有已结案的案件才能重新打开。',
  ANOTHER_CASE_OPEN: '该账户已有另一个未结案件，请处理那个案件。',
  RULE_SET_CHANGED: '规则集已被他人修改，请刷新后重试。',
  INVALID_RULE_CHANGE: '规则修改有误',
  RULE_SET_NOT_FOUND: '找不到该规则集版本。',
  WRONG_PASSWORD: '当前密码不正确。',
  USERNAME_TAKEN: '用户名已被使用。',
  SUPERVISOR_REQUIRED: '此操作需要主管权限。',
  ROLE_REQUIRED: '您的角色无权执行此操作。',
  SELF_LOCKOUT: '不能停用自己或降低自己的角色。',
  SNOOZE_NOT_FOUND: '找不到该暂停记录。',
  SNOOZE_LIFTED: '该暂停已解除。',
  MERCHANT_NOT_FOUND: '找不到该商户。',
  ANALYST_NOT_FOUND: '找不到该分析员。',
  FIELD_NOT_FOUND: '该字段没有可显示的值。',
  ENTITY_NOT_FOUND: '找不到该对象。',
  NOT_AUTHENTICATED: '请先登录。',
  INVALID_CREDENTIALS: '用户名或密码不正确。',
  CSRF_TOKEN_INVALID: '会话已失效，请刷新页面。',
  SEARCH_TERM_INVALID: '无法搜索：请输入参考编号、至少 4 个字符的账户号、至少 7 位数字的手机号或完整的邮箱地址。',
  // Supervisor tools: rollback and backtest refusals.
  ROLLBACK_NOT_EARLIER: '只能回滚到比当前版本更早的版本。',
  ROLLBACK_NO_CHANGE: '该版本的设置与当前版本相同，无需回滚。',
  BACKTEST_TOO_LONG: '回测天数超过上限，请减少天数；更长的历史请使用 npm run replay。',
  BACKTEST_TOO_LARGE: '所选天数内的事件太多，请减少天数，或使用 npm run replay。',
  BACKTEST_TIMEOUT: '回测超时已停止，请减少天数，或使用 npm run replay。',
  BACKTEST_BUSY: '另一个回测正在运行，请稍后再试。',
  TOO_MANY_ATTEMPTS: '登录尝试次数过多，请稍后再试。',
  // Acting on many cases
  EXPORT_TOO_LARGE: '筛选结果太多，无法导出，请缩小筛选范围（日期、状态）。',
  TOO_MANY_FILTERS: '已保存的筛选已达上限，请先删除一个。',
  FILTER_NAME_TAKEN: '已有同名的筛选。',
  FILTER_NOT_FOUND: '找不到该筛选。',
  ...fourEyesApiErrorsZh,
  ...teamworkApiErrorsZh,
};
const DETAILED = new Set<string>(['INVALID_BODY', 'INVALID_QUERY', 'INVALID_RULE_CHANGE'] satisfies ApiSchema<'ApiErrorCode'>[]);

/** An API refusal in the reader's language. */
export function apiErrorText(code: string, message: string, locale: Locale): string {
  const zh = locale === 'zh-CN' && Object.hasOwn(API_ERRORS_ZH, code) ? API_ERRORS_ZH[code as ApiSchema<'ApiErrorCode'>] : undefined;
  if (!zh) return message;
  return DETAILED.has(code) ? `${zh}：${message}` : zh;
}

export const LocaleContext = createContext<{ locale: Locale; setLocale: (l: Locale) => void }>({ locale: 'en', setLocale: () => undefined });

export function initialLocale(): Locale {
  const saved = localStorage.getItem('sentinel.locale');
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** `t('casesFound', { count: 3 })`; also formats times in the chosen language. */
export function useT() {
  const { locale } = useContext(LocaleContext);
  const t = (key: MessageKey, vars: MessageParams = {}) => translate(CONSOLE_CATALOGUE, locale, key, vars);
  const time = (value: string | null | undefined) =>
    value
      ? new Date(value).toLocaleString(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' })
      : '—';
  const label = (value: string | null | undefined) => (value && isMessageKey(CONSOLE_CATALOGUE, value) ? t(value) : (value ?? '—'));
  return { t, time, label, locale };
}
