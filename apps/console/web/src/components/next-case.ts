import { api } from '../api';
import type { ApiSchema } from '../api-types';
import { navigate } from '../router';

/**
 * Takes the next case the analyst may work (the server picks and claims it) and opens it; false
 * when none is waiting.
 */
export async function takeNextCase(): Promise<boolean> {
  const next = await api<ApiSchema<'NextCase'>>('POST', '/api/cases/next');
  if (!next.case) return false;
  navigate(`/cases/${next.case.id}`);
  return true;
}
