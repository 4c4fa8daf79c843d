import { useEffect, useRef, useState } from 'react';
import { listUploads, type Upload } from './uploads';

/**
 * A kept draft names files uploaded before a reload; the BFF forgets files after some idle
 * hours. Once, on mount, drops those it no longer has and says how many went.
 */
export function useKeptUploads(kept: Upload[], forget: (gone: ReadonlySet<string>) => void): number {
  const [dropped, setDropped] = useState(0);
  const initial = useRef(kept);
  const drop = useRef(forget);
  drop.current = forget;
  useEffect(() => {
    const mine = initial.current;
    if (mine.length === 0) return;
    let live = true;
    listUploads().then(
      (items) => {
        if (!live) return;
        const there = new Set(items.map((i) => i.id));
        const gone = new Set(mine.filter((u) => !there.has(u.id)).map((u) => u.id));
        if (gone.size === 0) return;
        drop.current(gone);
        setDropped(gone.size);
      },
      // Unknown: keep them; a send with a gone file is refused with a clear message anyway.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return dropped;
}
