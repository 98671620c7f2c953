import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';

/** Loads a GET route, reloads on demand; the error keeps the API's own message. */
export function useApi<T>(path: string | null) {
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
  return { data, error, reload: load };
}
