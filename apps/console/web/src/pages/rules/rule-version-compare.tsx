import { useState } from 'preact/hooks';
import { api } from '../../api';
import type { ApiSchema } from '../../api-types';
import { ErrorLine } from '../../components/error-line';
import { useAction } from '../../components/use-action';
import { useApi } from '../../components/use-api';
import { useT } from '../../i18n';
import { RuleDiffList, type RuleSetDiff } from './rule-diff-list';
import { formText } from '../../components/form-text';

/**
 * Two versions side by side as a per-rule diff; from an earlier version, a supervisor can put its
 * settings live again. That publishes a new version with a reason: history is never rewritten.
 */
export function RuleVersionCompare({ live, versions, onRolledBack }: { live: number; versions: number[]; onRolledBack: () => unknown }) {
  const { t } = useT();
  const [from, setFrom] = useState(versions.find((v) => v < live) ?? live);
  const [to, setTo] = useState(live);
  const [message, setMessage] = useState<string>();
  const diff = useApi<RuleSetDiff>(`/api/rules/diff?from=${from}&to=${to}`);
  const { error, run } = useAction(onRolledBack);

  const rollback = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const reason = formText(new FormData(form), 'reason');
    void run(async () => {
      const done = await api<ApiSchema<'RolledBackRuleSet'> | ApiSchema<'Approval'>>('POST', '/api/rules/rollback', { version: from, reason, expectedVersion: live });
      form.reset();
      // With four eyes on, the rollback waits for a second supervisor: nothing is live yet.
      if ('status' in done) return setMessage(t('sentForApproval'));
      setTo(done.version);
      setMessage(t('rolledBack', { version: done.version, from: done.restoredFrom }));
    });
  };

  const picker = (name: string, label: string, value: number, set: (v: number) => void) => (
    <label>
      {label}
      <select name={name} value={value} onChange={(e) => set(Number(e.currentTarget.value))}>
        {versions.map((v) => (
          <option key={v} value={v}>
            v{v}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section class="rule-compare" data-testid="rule-compare">
      <h2>{t('diffTitle')}</h2>
      <div class="filters">
        {picker('diff-from', t('diffFrom'), from, setFrom)}
        {picker('diff-to', t('diffTo'), to, setTo)}
      </div>
      <ErrorLine error={diff.error} />
      {diff.data && diff.data.fromVersion === from && diff.data.toVersion === to && <RuleDiffList diff={diff.data} />}
      {from < live && (
        <form class="inline rollback" onSubmit={rollback}>
          <input name="reason" required minLength={3} placeholder={t('rollbackReason')} aria-label={t('rollbackReason')} size={40} />
          <button type="submit">{t('rollbackTo', { version: from })}</button>
          <span class="muted small">{t('rollbackHint')}</span>
        </form>
      )}
      {message && (
        <p class="ok" data-testid="rolled-back">
          {message}
        </p>
      )}
      <ErrorLine error={error} />
    </section>
  );
}
