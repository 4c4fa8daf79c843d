import { afterEach, describe, expect, it, vi } from 'vitest';
import { LIVE_EVENTS_URL, subscribe } from './live-events';

class FakeEventSource extends EventTarget {
  static opened: FakeEventSource[] = [];
  readyState = 1;
  constructor(readonly url: string) {
    super();
    FakeEventSource.opened.push(this);
  }
  close() {
    this.readyState = 2;
  }
  emit(type: string, data?: string) {
    this.dispatchEvent(new MessageEvent(type, data === undefined ? {} : { data }));
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeEventSource.opened = [];
});

describe('the live event stream', () => {
  it('opens one connection per URL for every subscriber and closes it when the last one leaves', () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const inbox = vi.fn();
    const bell = vi.fn();
    const offInbox = subscribe(LIVE_EVENTS_URL, 'tickets', inbox);
    const offBell = subscribe(LIVE_EVENTS_URL, 'tickets', bell);
    expect(FakeEventSource.opened.map((s) => s.url)).toEqual(['/bff/events']);
    const [source] = FakeEventSource.opened;

    source?.emit('tickets', '{"ids":[7]}');
    expect(inbox).toHaveBeenCalledWith({ ids: [7] });
    expect(bell).toHaveBeenCalledWith({ ids: [7] });

    offInbox();
    expect(source?.readyState).toBe(1);
    source?.emit('tickets');
    expect(inbox).toHaveBeenCalledTimes(1);
    expect(bell).toHaveBeenLastCalledWith(undefined);

    offBell();
    expect(source?.readyState).toBe(2);
    offBell();
    subscribe(LIVE_EVENTS_URL, 'tickets', inbox)();
    expect(FakeEventSource.opened).toHaveLength(2);
  });

  it('keeps streams of different URLs apart', () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const presence = vi.fn();
    const tickets = vi.fn();
    const offPresence = subscribe('/bff/agent/tickets/7/presence/events', 'presence', presence);
    const offTickets = subscribe(LIVE_EVENTS_URL, 'tickets', tickets);
    FakeEventSource.opened[0]?.emit('presence', '{"viewers":[]}');
    expect(presence).toHaveBeenCalledWith({ viewers: [] });
    expect(tickets).not.toHaveBeenCalled();
    offPresence();
    offTickets();
  });

  it('opens the stream again for its listeners when the browser gave up on it', () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = subscribe(LIVE_EVENTS_URL, 'tickets', first);
    FakeEventSource.opened[0]?.close();
    const offSecond = subscribe(LIVE_EVENTS_URL, 'tickets', second);
    expect(FakeEventSource.opened).toHaveLength(2);
    FakeEventSource.opened[1]?.emit('tickets');
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
    offFirst();
    offSecond();
    expect(FakeEventSource.opened[1]?.readyState).toBe(2);
  });

  it('does nothing where the browser has no EventSource', () => {
    vi.stubGlobal('EventSource', undefined);
    const off = subscribe(LIVE_EVENTS_URL, 'tickets', vi.fn());
    expect(off).not.toThrow();
  });
});
