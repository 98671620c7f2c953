import { type ComponentChildren, createContext } from 'preact';
import { useContext, useState } from 'preact/hooks';
import { api } from '../api';
import type { ApiSchema } from '../api-types';
import { useT } from '../i18n';
import { useCaseChanges } from '../live';
import { useApi } from './use-api';

/**
 * Supervisors' notifications and the SLA breach count, kept current by the live case feed: a change
 * the SLA pass made (slaEscalatedAt newer than what was read) reads both again, so a breach shows
 * without a reload. Rendered for supervisors only: analysts get no SLA notifications.
 */
function useSlaLive() {
  const notifications = useApi<ApiSchema<'NotificationList'>>('/api/notifications', { fresh: true });
  const count = useApi<ApiSchema<'SlaBreachCount'>>('/api/sla/breaches/count', { fresh: true });
  useCaseChanges((change) => {
    void count.reload();
    if (change.slaEscalatedAt) void notifications.reload();
  });
  return { notifications, count };
}

const SlaLive = createContext<ReturnType<typeof useSlaLive> | null>(null);

/** One feed subscription for the header's badge and bell together. */
export function SlaLiveProvider({ children }: { children: ComponentChildren }) {
  return <SlaLive.Provider value={useSlaLive()}>{children}</SlaLive.Provider>;
}

/** The breach count beside the nav link; nothing outside a SlaLiveProvider (an analyst's header). */
export function SlaCountBadge() {
  const total = useContext(SlaLive)?.count.data?.total;
  if (!total) return null;
  return (
    <span class="badge high nav-count" data-testid="sla-count">
      {total}
    </span>
  );
}

export function NotificationBell() {
  const live = useContext(SlaLive);
  const { t, time } = useT();
  const [open, setOpen] = useState(false);
  if (!live) return null;
  const { data: list, reload } = live.notifications;
  const unread = list?.unread ?? 0;
  const markRead = async () => {
    const newest = list?.items[0];
    if (newest) await api('POST', '/api/notifications/read', { upTo: newest.id });
    await reload();
  };
  return (
    <div class="notifications">
      <button
        type="button"
        class="link"
        data-testid="notifications-toggle"
        aria-expanded={open}
        aria-label={`${t('notifications')}${unread ? `, ${t('notificationsUnread', { count: unread })}` : ''}`}
        onClick={() => setOpen((o) => !o)}
      >
        🔔 {t('notifications')}
        {unread > 0 && (
          <span class="badge high" data-testid="notifications-unread">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div class="notifications-panel" role="dialog" aria-label={t('notifications')} data-testid="notifications-panel">
          {!list?.items.length && <p class="muted">{t('notificationsNone')}</p>}
          <ul>
            {list?.items.map((n) => (
              <li key={n.id} class={n.readAt ? 'read' : 'unread'} data-case={n.case.id}>
                <a href={`#/cases/${n.case.id}`} onClick={() => setOpen(false)}>
                  {t(`notification_${n.kind}`, { ref: n.case.referenceCode })}
                </a>
                <small class="muted"> {time(n.createdAt)}</small>
              </li>
            ))}
          </ul>
          {unread > 0 && (
            <button type="button" data-testid="notifications-read" onClick={() => void markRead()}>
              {t('notificationsMarkRead')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
