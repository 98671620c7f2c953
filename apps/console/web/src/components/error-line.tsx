import type { ApiError } from '../api';
import { apiErrorText, useT } from '../i18n';

/** Who holds a case, as a CASE_HELD refusal names them. */
const holderOf = (error: ApiError) => {
  const holder = error.body.holder as { username?: unknown; displayName?: unknown; since?: unknown } | undefined;
  const name = typeof holder?.displayName === 'string' ? holder.displayName : typeof holder?.username === 'string' ? holder.username : undefined;
  return name && typeof holder?.since === 'string' ? { name, since: holder.since } : undefined;
};

export function ErrorLine({ error }: { error?: ApiError | string }) {
  const { t, time, locale } = useT();
  if (!error) return null;
  const held = typeof error === 'string' || error.code !== 'CASE_HELD' ? undefined : holderOf(error);
  return (
    <p class="error" role="alert">
      {typeof error === 'string' ? error : held ? t('caseHeldBy', { name: held.name, time: time(held.since) }) : apiErrorText(error.code, error.message, locale)}
    </p>
  );
}
