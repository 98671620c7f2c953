import { useState } from 'preact/hooks';
import { ApiError } from '../api';

/**
 * Runs a change against the API, then `after`; a refusal is kept as the API worded it. A 409 says
 * the thing changed under us, so `after` runs then too and the page shows the server's state.
 */
export function useAction(after: () => unknown = () => undefined) {
  const [error, setError] = useState<ApiError | string>();
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setError(undefined);
      await after();
    } catch (err) {
      setError(err instanceof ApiError ? err : String(err));
      if (err instanceof ApiError && err.status === 409) await after();
    }
  };
  return { error, run };
}
