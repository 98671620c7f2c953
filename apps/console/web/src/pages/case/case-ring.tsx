import { useState } from 'preact/hooks';
import { RingGraph, type Ring } from '../../components/ring-graph';
import { useApi } from '../../components/use-api';
import { type MessageKey, useT } from '../../i18n';
import { entityHref } from '../entity-page';
import { CaseRingGroup } from './case-ring-group';

/**
 * The case account's devices, IPs, card fingerprints and merchants, each a pivot to every account
 * sharing it, and the ring of linked accounts one or two hops out.
 */
export function CaseRing({ caseId, accountId }: { caseId: string; accountId: string }) {
  const { t } = useT();
  const [hops, setHops] = useState<1 | 2>(2);
  const { data } = useApi<Ring>(`/api/cases/${caseId}/ring?hops=${hops}`);
  if (!data) return null;
  const own = data.entities.filter((e) => e.hop === 1 && e.accounts.includes(accountId));
  const others = data.nodes.length - 1;
  return (
    <section class="case-ring">
      <h2>{t('pivots')}</h2>
      {own.length === 0 ? (
        <p class="muted">{t('noEntities')}</p>
      ) : (
        <ul class="pivots" data-testid="pivots">
          {own.map((e) => {
            const shared = e.accounts.length - 1;
            return (
              <li key={`${e.kind}:${e.value}`}>
                <span class="muted">{t(`entity_${e.kind}` as MessageKey)}</span>{' '}
                <a href={entityHref(e.kind, e.value)} data-kind={e.kind}>
                  <code>{e.masked}</code>
                </a>{' '}
                {shared > 0 && <span class="badge warn">{t(e.moreAccounts ? 'sharedWithMore' : 'sharedWith', { count: shared })}</span>}
              </li>
            );
          })}
        </ul>
      )}
      <h2>
        {t('ring')}{' '}
        <span class="ring-hops">
          {([1, 2] as const).map((h) => (
            <button key={h} type="button" class={`link${h === hops ? ' active' : ''}`} aria-pressed={h === hops} onClick={() => setHops(h)}>
              {t('hops', { hops: h })}
            </button>
          ))}
        </span>
      </h2>
      {others === 0 ? (
        <p class="muted" data-testid="ring-empty">
          {t('ringNone')}
        </p>
      ) : (
        <>
          <CaseRingGroup caseId={caseId} />
          <RingGraph ring={data} />
        </>
      )}
    </section>
  );
}
