import { type ComponentChildren, createContext } from 'preact';
import { useContext, useState } from 'preact/hooks';
import { api } from '../api';
import type { ApiSchema } from '../api-types';
import { useT } from '../i18n';
import { type LiveNotification, useCaseChanges, useLiveNotifications } from '../live';
import { BellIcon } from './icons';
import { useApi } from './use-api';

/**
 * The SLA breach count, kept current by the live case feed, so a breach shows without a reload.
 * Rendered for supervisors only.
 */
function useSlaCount() {
  const count = useApi<ApiSchema<'SlaBreachCount'>>('/api/sla/breaches/count', { fresh: true });
  useCaseChanges(() => void count.reload());
  return count;
}

const SlaLive = createContext<ReturnType<typeof useSlaCount> | null>(null);

export function SlaLiveProvider({ children }: { children: ComponentChildren }) {
  return <SlaLive.Provider value={useSlaCount()}>{children}</SlaLive.Provider>;
}

/**
 * Every analyst's notifications (an SLA breach for supervisors, an @mention, a case assigned to or
 * taken from them), read again the moment the live feed says one was written for them, and
 * whenever the feed reconnects.
 */
function useNotifications() {
  const list = useApi<ApiSchema<'NotificationList'>>('/api/notifications', { fresh: true });
  const [latest, setLatest] = useState<LiveNotification>();
  const [connected, setConnected] = useState(false);
  useLiveNotifications(
    (n) => {
      setLatest(n);
      void list.reload();
    },
    (up) => {
      setConnected(up);
      if (up) void list.reload();
    },
  );
  return { list, latest, connected, dismiss: () => setLatest(undefined) };
}

const Notifications = createContext<ReturnType<typeof useNotifications> | null>(null);

export function NotificationsProvider({ children }: { children: ComponentChildren }) {
  return <Notifications.Provider value={useNotifications()}>{children}</Notifications.Provider>;
}

/** A notification's sentence, and what was said with it (the note, the reason), in the reader's language. */
function useNotificationWords() {
  const { t } = useT();
  return {
    sentence: (n: LiveNotification) => t(`notification_${n.kind}`, { ref: n.case.referenceCode, by: n.by ?? '' }),
    said: (n: LiveNotification) => (n.detail ? (n.kind === 'mention' ? t('notificationNote', { note: n.detail }) : t('notificationReason', { reason: n.detail })) : undefined),
  };
}

/** The newest notification, shown as it arrives until read or dismissed. */
export function NotificationToast() {
  const live = useContext(Notifications);
  const { t } = useT();
  const { sentence, said } = useNotificationWords();
  const n = live?.latest;
  if (!n) return null;
  return (
    <div class="toast" role="status" data-testid="notification-toast" data-kind={n.kind}>
      <a href={`#/cases/${n.case.id}`} onClick={() => live.dismiss()}>
        {sentence(n)}
      </a>
      {said(n) && <p class="small">{said(n)}</p>}
      <button type="button" class="link" aria-label={t('notificationDismiss')} onClick={() => live.dismiss()}>
        ×
      </button>
    </div>
  );
}

/** The breach count beside the nav link; nothing outside a SlaLiveProvider (an analyst's header). */
export function SlaCountBadge() {
  const total = useContext(SlaLive)?.data?.total;
  if (!total) return null;
  return (
    <span class="badge high nav-count" data-testid="sla-count">
      {total}
    </span>
  );
}

export function NotificationBell() {
  const live = useContext(Notifications);
  const { t, time } = useT();
  const { sentence, said } = useNotificationWords();
  const [open, setOpen] = useState(false);
  if (!live) return null;
  const { data: list, reload } = live.list;
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
        // Whether notifications arrive as they are written, or only when the page is reloaded.
        data-live={live.connected ? 'on' : 'off'}
        aria-expanded={open}
        aria-label={`${t('notifications')}${unread ? `, ${t('notificationsUnread', { count: unread })}` : ''}`}
        onClick={() => setOpen((o) => !o)}
      >
        {/* The bell alone, as headers show one: its title is the tooltip, the button's label names it. */}
        <BellIcon label={t('notifications')} />
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
              <li key={n.id} class={n.readAt ? 'read' : 'unread'} data-case={n.case.id} data-kind={n.kind}>
                <a href={`#/cases/${n.case.id}`} onClick={() => setOpen(false)}>
                  {sentence(n)}
                </a>
                <small class="muted"> {time(n.createdAt)}</small>
                {said(n) && <p class="small notification-detail">{said(n)}</p>}
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
