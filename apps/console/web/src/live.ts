import { useEffect, useRef } from 'preact/hooks';
import type { ApiSchema } from './api-types';

/** A case as the live feed sends it when it opens or changes (GET /api/live/cases): queue fields, so a listed row takes it as is. */
export type CaseChange = ApiSchema<'CaseChange'>;

/**
 * Calls `onChange` for every case change while the page is open; `onResync` when the feed says the
 * page fell too far behind to replay. The browser's EventSource reconnects by itself and sends its
 * Last-Event-ID, from which the server replays what was missed.
 */
export function useCaseChanges(onChange: (change: CaseChange) => void, onResync: () => void = () => undefined) {
  const handlers = useRef({ onChange, onResync });
  handlers.current = { onChange, onResync };
  useEffect(() => {
    const source = new EventSource('/api/live/cases', { withCredentials: true });
    source.addEventListener('case', (e) => handlers.current.onChange(JSON.parse((e as MessageEvent<string>).data) as CaseChange));
    source.addEventListener('resync', () => handlers.current.onResync());
    return () => source.close();
  }, []);
}
