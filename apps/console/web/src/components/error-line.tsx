import type { ApiError } from '../api';

export function ErrorLine({ error }: { error?: ApiError | string }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {typeof error === 'string' ? error : error.message}
    </p>
  );
}
