import type { ApiError } from '../api';
import { apiErrorText, useT } from '../i18n';

export function ErrorLine({ error }: { error?: ApiError | string }) {
  const { locale } = useT();
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {typeof error === 'string' ? error : apiErrorText(error.code, error.message, locale)}
    </p>
  );
}
