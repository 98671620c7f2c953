import { useApi } from '../components/use-api';
import { useT } from '../i18n';
import type { ApiSchema } from '../api-types';

/** What the built-in mail catcher and the dry-run SMS outbox received, when running with local defaults. */
export function MessagesPage() {
  const { t, time } = useT();
  const mail = useApi<ApiSchema<'CaughtMailList'>>('/api/messages/mail');
  const sms = useApi<ApiSchema<'SmsOutboxList'>>('/api/messages/sms');
  return (
    <section class="columns">
      <div>
        <h2>{t('mailCaught')}</h2>
        <ul class="messages">
          {mail.data?.items.map((m) => (
            <li key={m.id}>
              <strong>{m.subject}</strong> → {m.rcptTo.join(', ')} · {time(m.receivedAt)}
              {m.textBody && <pre>{m.textBody}</pre>}
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h2>{t('smsDryRun')}</h2>
        <ul class="messages">
          {sms.data?.items.map((m) => (
            <li key={m.id}>
              {m.toMasked} · {time(m.createdAt)}
              <pre>{m.body}</pre>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
