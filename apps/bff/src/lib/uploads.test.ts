import { describe, expect, it } from 'vitest';
import { BffError } from './errors.ts';
import { cleanContentType, cleanFilename, UPLOAD_MAX_BYTES, UPLOAD_TTL_MS, UploadStore } from './uploads.ts';

const file = (size: number, filename = 'a.txt') => ({
  filename,
  content_type: 'text/plain',
  data: Buffer.alloc(size),
});

function status(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof BffError ? e.status : -1;
  }
  return undefined;
}

describe('UploadStore', () => {
  it('keeps files per person and hands them out as Zammad attachments', () => {
    const store = new UploadStore();
    const a = store.add('alice', { filename: 'x.txt', content_type: 'text/plain', data: Buffer.from('hi') });
    expect(store.list('alice')).toEqual([a]);
    expect(store.list('bob')).toEqual([]);
    expect(store.attachments('alice', [a.id])).toEqual([
      { filename: 'x.txt', data: 'aGk=', 'mime-type': 'text/plain' },
    ]);
    expect(status(() => store.attachments('bob', [a.id]))).toBe(422);
    store.release('alice', [a.id]);
    expect(store.list('alice')).toEqual([]);
  });

  it('refuses files over 10 MB and more than the per-person quota', () => {
    const store = new UploadStore();
    expect(status(() => store.add('alice', file(UPLOAD_MAX_BYTES + 1)))).toBe(413);
    for (let i = 0; i < 5; i++) store.add('alice', file(UPLOAD_MAX_BYTES));
    expect(status(() => store.add('alice', file(1)))).toBe(413);
    // Someone else still has room.
    expect(store.add('bob', file(1)).size).toBe(1);
  });

  it('forgets idle uploads after the TTL', () => {
    let now = 1_000;
    const store = new UploadStore(() => now);
    const a = store.add('alice', file(3));
    now += UPLOAD_TTL_MS - 1;
    expect(store.get('alice', a.id)).toBeDefined();
    now += UPLOAD_TTL_MS + 1;
    expect(store.list('alice')).toEqual([]);
  });

  it('cleans names and types', () => {
    expect(cleanFilename('C:\\Users\\me\\report\u0007.pdf')).toBe('report.pdf');
    expect(cleanFilename('../../')).toBe('file');
    expect(cleanContentType('Text/HTML; charset=utf-8')).toBe('text/html');
    expect(cleanContentType('')).toBe('application/octet-stream');
    expect(cleanContentType('no type')).toBe('application/octet-stream');
  });

  it('a handful of accounts filling the pool cannot lock others out: the biggest holder gives way', () => {
    const store = new UploadStore(Date.now, 100);
    const a1 = store.add('a', file(20));
    store.add('a', file(20));
    store.add('b', file(30));
    store.add('c', file(30));
    // Full. A newcomer still gets in; the biggest holder's oldest file goes.
    const d = store.add('d', file(10));
    expect(store.list('d')).toEqual([d]);
    expect(store.list('a').map((f) => f.id)).not.toContain(a1.id);
    expect(status(() => store.attachments('a', [a1.id]))).toBe(422);
    // The biggest holder itself is refused rather than evicting others.
    expect(status(() => store.add('b', file(40)))).toBe(503);
  });
});
