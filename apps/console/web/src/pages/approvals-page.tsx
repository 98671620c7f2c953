import { api } from '../api';
import type { ApiSchema } from '../api-types';
import { ErrorLine } from '../components/error-line';
import { TableHead } from '../components/table-head';
import { useAction } from '../components/use-action';
import { useApi } from '../components/use-api';
import { useT } from '../i18n';
import { useSession } from '../session';

type Approval = ApiSchema<'Approval'>;

/** Loans in yuan, in the reader's locale: what a confirmation of fraud puts at stake. */
export const yuan = (minor: number | null | undefined, locale: string) =>
  minor == null ? '' : new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(minor / 100);

/**
 * Approve or reject one request, with a note. The requester sees why they cannot: the API would
 * refuse them (OWN_APPROVAL), and a disabled button says so before they try.
 */
export function ApprovalButtons({ approval, onDone }: { approval: Approval; onDone: () => unknown }) {
  const { t } = useT();
  const { me } = useSession();
  const { error, run } = useAction(onDone);
  const own = approval.requesterId === me.id;
  const decide = (form: HTMLFormElement, decision: 'approve' | 'reject') => {
    const note = (new FormData(form).get('note') as string | null)?.trim();
    void run(() => api('POST', `/api/approvals/${approval.id}/${decision}`, note ? { note } : {}));
  };
  return (
    <form class="inline" data-testid={`approval-${approval.id}`} onSubmit={(e) => e.preventDefault()}>
      <input name="note" placeholder={t('approvalNote')} aria-label={t('approvalNote')} size={24} disabled={own} />
      <button type="button" data-testid="approve" disabled={own} onClick={(e) => decide(e.currentTarget.form!, 'approve')}>
        {t('approve')}
      </button>
      <button type="button" data-testid="reject" disabled={own} onClick={(e) => decide(e.currentTarget.form!, 'reject')}>
        {t('reject')}
      </button>
      {own && <span class="muted small">{t('approvalOwn')}</span>}
      <ErrorLine error={error} />
    </form>
  );
}

/** What the payload of a request asks, in one line. */
function requestSummary(approval: Approval, t: ReturnType<typeof useT>['t']) {
  const payload = approval.payload as { op?: string; body?: { reason?: string; version?: number }; reasonCode?: string; note?: string | null };
  if (approval.kind === 'rule_set') {
    const reason = payload.body?.reason ?? '';
    return payload.op === 'rollback' ? `${t('rollbackOf', { version: payload.body?.version ?? 0 })}: ${reason}` : reason;
  }
  return [payload.reasonCode, payload.note].filter(Boolean).join(' · ');
}

/** Requests waiting for a second person: case confirmations for everyone, rule-set publications for supervisors. */
export function ApprovalsPage() {
  const { t, time, locale } = useT();
  const { data, error, reload } = useApi<ApiSchema<'ApprovalList'>>('/api/approvals', { fresh: true });
  if (error) return <ErrorLine error={error} />;
  if (!data) return <p>{t('loading')}</p>;
  return (
    <section>
      <h1>{t('approvalsTitle')}</h1>
      <p class="muted">{t('approvalsHint')}</p>
      {data.items.length === 0 ? (
        <p data-testid="approvals-none">{t('approvalsNone')}</p>
      ) : (
        <table data-testid="approvals">
          <TableHead labels={[t('approvalWhat'), t('approvalAmount'), t('approvalRequestedBy'), t('at'), '']} />
          <tbody>
            {data.items.map((a) => (
              <tr key={a.id} data-kind={a.kind}>
                <td>
                  <strong>{t(`approvalKind_${a.kind}`)}</strong> {a.referenceCode && <a href={`#/cases/${a.subject}`}>{a.referenceCode}</a>}
                  <div class="muted small">{requestSummary(a, t)}</div>
                </td>
                <td class="num">{yuan(a.amountMinor, locale)}</td>
                <td>{a.requestedBy}</td>
                <td>{time(a.requestedAt)}</td>
                <td>
                  <ApprovalButtons approval={a} onDone={reload} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
