import { useState } from 'preact/hooks';
import type { ApiError } from '../api';
import { type MessageKey, useT } from '../i18n';
import { ErrorLine } from './error-line';
import { formText } from './form-text';

/** Each reason names its outcome (as the API checks); only `other` lets the analyst pick one, with a note. */
const REASONS: Record<string, string | null> = {
  confirmed_fraud: 'fraud_confirmed',
  borrower_denied: 'fraud_confirmed',
  borrower_confirmed: 'legitimate',
  false_positive: 'legitimate',
  duplicate: 'inconclusive',
  unreachable: 'inconclusive',
  other: null,
};
const OUTCOMES = ['fraud_confirmed', 'legitimate', 'inconclusive'];

export interface Resolution {
  resolution: string;
  reasonCode: string;
  note?: string;
}

export const reasonLabel = (t: (key: MessageKey) => string, code: string | null | undefined) => t(`reason_${code ?? 'unknown'}` as MessageKey);

/** The resolve step for one case or a selection: a reason from the fixed list, the outcome it implies, a note. */
/** `onResolveAndNext`, when given, adds a "Resolve and next" button: resolve, then take the next case. */
export function ResolveDialog({
  title,
  onResolve,
  onResolveAndNext,
  onClose,
  error,
}: {
  title: string;
  onResolve: (r: Resolution) => void;
  onResolveAndNext?: (r: Resolution) => void;
  onClose: () => void;
  error?: ApiError | string;
}) {
  const { t, label } = useT();
  // No reason is chosen for the analyst: the outcome is theirs to pick, and a missing one is said.
  const [reasonCode, setReasonCode] = useState('');
  const [outcome, setOutcome] = useState('inconclusive');
  const [missing, setMissing] = useState(false);
  const fixed = REASONS[reasonCode];
  const submit = (e: Event) => {
    e.preventDefault();
    if (!reasonCode) {
      setMissing(true);
      return;
    }
    const note = formText(new FormData(e.currentTarget as HTMLFormElement), 'note').trim();
    const chosen = { resolution: fixed ?? outcome, reasonCode, ...(note ? { note } : {}) };
    const andNext = (e as SubmitEvent).submitter?.getAttribute('data-testid') === 'resolve-and-next';
    (andNext && onResolveAndNext ? onResolveAndNext : onResolve)(chosen);
  };
  return (
    <div class="overlay" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="resolve-title" data-testid="resolve-dialog">
        <form onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
          <h2 id="resolve-title">{title}</h2>
          <label>
            {t('actReasonCode')}
            <select
              name="reasonCode"
              value={reasonCode}
              onChange={(e) => {
                setReasonCode(e.currentTarget.value);
                setMissing(false);
              }}
              aria-invalid={missing}
              autoFocus
            >
              <option value="" disabled>
                {t('resolveChooseReason')}
              </option>
              {OUTCOMES.map((o) => (
                <optgroup key={o} label={label(o)}>
                  {Object.entries(REASONS)
                    .filter(([, fits]) => fits === o)
                    .map(([code]) => (
                      <option key={code} value={code}>
                        {reasonLabel(t, code)}
                      </option>
                    ))}
                </optgroup>
              ))}
              <option value="other">{reasonLabel(t, 'other')}</option>
            </select>
          </label>
          <label>
            {t('actOutcome')}
            {!reasonCode ? (
              <output data-testid="resolve-outcome">—</output>
            ) : fixed ? (
              <output data-testid="resolve-outcome">{label(fixed)}</output>
            ) : (
              <select name="resolution" value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)}>
                {OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {label(o)}
                  </option>
                ))}
              </select>
            )}
          </label>
          <label>
            {t('actNote')}
            <textarea name="note" rows={2} maxLength={1000} placeholder={t('actNoteHint')} required={reasonCode === 'other'} minLength={reasonCode === 'other' ? 3 : undefined} />
          </label>
          <ErrorLine error={missing ? t('resolveReasonMissing') : error} />
          <p class="dialog-buttons">
            <button type="submit">{t('resolve')}</button>
            {onResolveAndNext && (
              <button type="submit" data-testid="resolve-and-next">
                {t('resolveAndNext')}
              </button>
            )}
            <button type="button" class="link" onClick={onClose}>
              {t('actCancel')}
            </button>
          </p>
        </form>
      </div>
    </div>
  );
}
