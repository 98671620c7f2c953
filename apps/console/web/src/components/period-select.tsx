import { useT } from '../i18n';

const PERIODS = [1, 7, 30, 90] as const;

/** A period of recent days, as the pages with counts over time offer it. */
export function PeriodSelect({ days, onChange, name = 'days' }: { days: number; onChange: (days: number) => void; name?: string }) {
  const { t } = useT();
  return (
    <label class="period">
      {t('stepUpPeriod')}{' '}
      <select name={name} value={String(days)} onChange={(e) => onChange(Number(e.currentTarget.value))}>
        {PERIODS.map((d) => (
          <option key={d} value={String(d)}>
            {t('lastDays', { days: d })}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The period a page was opened with (`?days=30`), or its default when absent or not offered. */
export function periodOf(params: URLSearchParams, fallback: number): number {
  const days = Number(params.get('days'));
  return (PERIODS as readonly number[]).includes(days) ? days : fallback;
}
