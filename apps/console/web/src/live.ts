import { useEffect, useRef } from 'preact/hooks';
import type { ApiSchema } from './api-types';

/** A case as the live feed sends it when it opens or changes (GET /api/live/cases): queue fields, so a listed row takes it as is. */
export type CaseChange = ApiSchema<'CaseChange'>;
/** A notification for the signed-in analyst, as the live feed sends it the moment it is written. */
export type LiveNotification = ApiSchema<'Notification'>;

type Listener = { type: string; handle: (e: MessageEvent<string> | Event) => void };

/**
 * One EventSource for the whole page, however many parts of it listen: browsers allow a handful of
 * connections per host, and each EventSource holds one open. It opens with the first listener and
 * closes with the last.
 */
const shared: { source?: EventSource; listeners: Set<Listener> } = { listeners: new Set() };

function listen(listener: Listener): () => void {
  if (!shared.source) shared.source = new EventSource('/api/live/cases', { withCredentials: true });
  shared.listeners.add(listener);
  shared.source.addEventListener(listener.type, listener.handle);
  return () => {
    shared.source?.removeEventListener(listener.type, listener.handle);
    shared.listeners.delete(listener);
    if (shared.listeners.size === 0) {
      shared.source?.close();
      shared.source = undefined;
    }
  };
}

/** Subscribes to one kind of live event for as long as the component is mounted. */
function useLive(type: string, handle: (e: MessageEvent<string> | Event) => void) {
  const current = useRef(handle);
  current.current = handle;
  useEffect(() => listen({ type, handle: (e) => current.current(e) }), [type]);
}

/**
 * Calls `onChange` for every case change while the page is open; `onResync` when the feed says the
 * page fell too far behind to replay. The browser's EventSource reconnects by itself and sends its
 * Last-Event-ID, from which the server replays what was missed.
 */
export function useCaseChanges(onChange: (change: CaseChange) => void, onResync: () => void = () => undefined) {
  useLive('case', (e) => onChange(JSON.parse((e as MessageEvent<string>).data) as CaseChange));
  useLive('resync', () => onResync());
}

/**
 * Calls `onNotification` for each notification for the signed-in analyst as it is written, and
 * `onConnected(true)` each time the feed (re)connects (what arrived while it was down is read then),
 * `onConnected(false)` when it drops.
 */
export function useLiveNotifications(onNotification: (n: LiveNotification) => void, onConnected: (connected: boolean) => void) {
  useLive('notification', (e) => onNotification(JSON.parse((e as MessageEvent<string>).data) as LiveNotification));
  useLive('open', () => onConnected(true));
  useLive('error', () => onConnected(false));
}
