import { useEffect, useRef } from 'react';

/** The BFF's stream of changes the signed-in person can see (`tickets` events). */
export const LIVE_EVENTS_URL = '/bff/events';

/** An event's data: its JSON parsed, or undefined when it has none. */
export type LiveListener = (data: unknown) => void;

type Connection = {
  source: EventSource;
  /** Listeners by event type; the source has one dispatcher per type. */
  listeners: Map<string, Set<LiveListener>>;
};

/** One EventSource per stream URL for the whole tab, shared by every subscriber. */
const connections = new Map<string, Connection>();

function parse(event: Event | undefined): unknown {
  const raw = (event as MessageEvent | undefined)?.data;
  if (typeof raw !== 'string' || raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function listen(connection: Connection, type: string) {
  connection.source.addEventListener(type, (event?: Event) => {
    const data = parse(event);
    for (const listener of [...(connection.listeners.get(type) ?? [])]) listener(data);
  });
}

function connect(url: string): Connection {
  const existing = connections.get(url);
  if (!existing) {
    const connection: Connection = { source: new EventSource(url), listeners: new Map() };
    connections.set(url, connection);
    return connection;
  }
  // A stream the browser gave up on (it answered 401, say) is opened again, as a new page would.
  if (existing.source.readyState === 2) {
    existing.source = new EventSource(url);
    for (const type of existing.listeners.keys()) listen(existing, type);
  }
  return existing;
}

/**
 * Subscribes to events of `type` on the stream at `url`. The tab keeps one EventSource per URL
 * while anybody listens, and closes it when the last subscriber leaves; the browser reconnects a
 * dropped stream by itself. Returns the unsubscribe function. Without EventSource (tests, old
 * browsers) nothing happens: the pages' polling keeps them fresh.
 */
export function subscribe(url: string, type: string, listener: LiveListener): () => void {
  if (typeof EventSource === 'undefined') return () => {};
  const connection = connect(url);
  const listeners = connection.listeners.get(type) ?? new Set<LiveListener>();
  if (!connection.listeners.has(type)) {
    connection.listeners.set(type, listeners);
    listen(connection, type);
  }
  listeners.add(listener);
  return () => {
    if (!listeners.delete(listener)) return;
    if ([...connection.listeners.values()].some((set) => set.size > 0)) return;
    if (connections.get(url) === connection) connections.delete(url);
    connection.source.close();
  };
}

type LiveEventOptions = { url?: string; enabled?: boolean };

/**
 * Calls `listener` for every `type` event of the stream at `url` (default: the BFF's live
 * events) while the component is mounted and `enabled`. The newest `listener` is called, so it
 * need not be memoised.
 */
export function useLiveEvent(type: string, listener: LiveListener, options: LiveEventOptions = {}) {
  const { url = LIVE_EVENTS_URL, enabled = true } = options;
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    if (!enabled) return;
    return subscribe(url, type, (data) => latest.current(data));
  }, [url, type, enabled]);
}
