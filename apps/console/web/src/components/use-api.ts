import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';

/**
 * Loads a GET route, reloads on demand; the error keeps the API's own message. With `fresh`, it
 * loads again whenever the tab comes back into view, so a page left open shows what others did.
 */
export function useApi<T>(path: string | null, { fresh = false }: { fresh?: boolean } = {}) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const load = useCallback(async () => {
    if (!path) return;
    try {
      setData(await api<T>('GET', path));
      setError(undefined);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', String(e), {}));
    }
  }, [path]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (!fresh) return;
    const again = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', again);
    addEventListener('focus', again);
    return () => {
      document.removeEventListener('visibilitychange', again);
      removeEventListener('focus', again);
    };
  }, [load, fresh]);
  return { data, error, reload: load };
}
