import { afterEach, describe, expect, it } from 'vitest';
import { PresenceRegistry, type Viewer } from './presence.ts';

let registry: PresenceRegistry | undefined;
afterEach(() => registry?.close());

describe('PresenceRegistry', () => {
  it('expires an entry after the TTL without heartbeat, telling listeners', () => {
    let now = 1_000_000;
    registry = new PresenceRegistry(40_000, () => now);
    const heard: Viewer[][] = [];
    registry.subscribe(7, 1, (v) => heard.push(v));
    registry.update(7, { id: 2, name: 'Anna' }, 'x', 'viewing');
    expect(registry.others(7, 1)).toMatchObject([{ user_id: 2, state: 'viewing' }]);
    now += 30_000;
    registry.update(7, { id: 2, name: 'Anna' }, 'x', 'viewing'); // heartbeat: no change, no event
    expect(heard).toHaveLength(2);
    now += 39_000;
    registry.sweep();
    expect(registry.others(7, 1)).toHaveLength(1);
    now += 2_000;
    expect(registry.others(7, 1)).toEqual([]);
    registry.sweep();
    expect(heard.at(-1)).toEqual([]);
    expect(heard).toHaveLength(3);
  });

  it('keeps `since` while the state stays, resets it when it changes; lists typing first', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    registry = new PresenceRegistry(40_000, () => now);
    registry.update(1, { id: 2, name: 'Bea' }, 'x', 'viewing');
    now += 10_000;
    registry.update(1, { id: 2, name: 'Bea' }, 'x', 'viewing');
    registry.update(1, { id: 3, name: 'Anna' }, 'x', 'viewing');
    expect(registry.others(1, 9)).toMatchObject([
      { name: 'Anna', since: '2026-01-01T00:00:10.000Z' },
      { name: 'Bea', since: '2026-01-01T00:00:00.000Z' },
    ]);
    registry.update(1, { id: 2, name: 'Bea' }, 'x', 'typing');
    expect(registry.others(1, 9)).toMatchObject([
      { name: 'Bea', state: 'typing', since: '2026-01-01T00:00:10.000Z' },
      { name: 'Anna', state: 'viewing' },
    ]);
    expect(registry.others(1, 2).map((v) => v.name)).toEqual(['Anna']);
  });
});
