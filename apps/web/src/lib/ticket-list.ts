/**
 * The ordered ticket ids of the list an agent opened a ticket from (the inbox's loaded rows),
 * kept for this tab, so the ticket view can step to the previous or next ticket (j / k).
 */
const KEY = 'eosc.agent.ticket-list';

export type TicketList = { ids: number[]; from: string };

export function saveTicketList(list: TicketList): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled: stepping through tickets is just not offered.
  }
}

function load(): TicketList | null {
  try {
    const raw = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as unknown;
    if (!raw || typeof raw !== 'object') return null;
    const { ids, from } = raw as Record<string, unknown>;
    if (!Array.isArray(ids) || !ids.every((i) => Number.isSafeInteger(i))) return null;
    return { ids: ids as number[], from: typeof from === 'string' && from.startsWith('/') ? from : '/agent' };
  } catch {
    return null;
  }
}

/** The tickets before and after `id` in the saved list, or null when `id` is not in it. */
export function neighboursOf(id: number): {
  prev: number | undefined;
  next: number | undefined;
  from: string;
  position: number;
  size: number;
} | null {
  const list = load();
  const i = list ? list.ids.indexOf(id) : -1;
  if (!list || i < 0) return null;
  return {
    prev: list.ids[i - 1],
    next: list.ids[i + 1],
    from: list.from,
    position: i + 1,
    size: list.ids.length,
  };
}
