import { describe, expect, it } from 'vitest';
import { BasicCache } from './basic-cache.ts';

describe('BasicCache', () => {
  it('keys entries by a keyed digest that contains neither login nor password', () => {
    const a = new BasicCache();
    const d = a.digest('agent@example.org', 'demo-agent-pass');
    expect(d).not.toContain('agent');
    expect(d).not.toContain('demo');
    expect(d).toBe(a.digest('agent@example.org', 'demo-agent-pass'));
    expect(d).not.toBe(a.digest('agent@example.org', 'demo-agent-pasS'));
    // "a:b" + "c" and "a" + "b:c" are different credentials.
    expect(a.digest('a:b', 'c')).not.toBe(a.digest('a', 'b:c'));
    // Another process (another key) cannot match this one's digests.
    expect(new BasicCache().digest('agent@example.org', 'demo-agent-pass')).not.toBe(d);
  });

  it('forgets an entry after its time to live', () => {
    const c = new BasicCache(1000);
    c.set('x', 7, 3, 10_000);
    expect(c.get('x', 10_999)).toEqual({ userId: 7, version: 3, expires: 11_000 });
    expect(c.get('x', 11_000)).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('drops the oldest entry when full', () => {
    const c = new BasicCache(60_000, 2);
    c.set('a', 1, 1, 0);
    c.set('b', 2, 1, 0);
    c.set('c', 3, 1, 0);
    expect(c.get('a', 1)).toBeUndefined();
    expect(c.get('b', 1)?.userId).toBe(2);
    expect(c.get('c', 1)?.userId).toBe(3);
  });
});
