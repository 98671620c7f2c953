import { useState } from 'preact/hooks';
import { ApiError } from '../api';

/** Runs a change against the API, then `after`; a refusal is kept as the API worded it. */
export function useAction(after: () => unknown = () => undefined) {
  const [error, setError] = useState<string>();
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setError(undefined);
      await after();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return { error, run };
}
