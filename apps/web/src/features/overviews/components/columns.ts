import type { InboxRow, SortColumn } from '../api/types';

export type ColumnId = 'number' | 'title' | 'customer' | 'state' | 'priority' | 'group' | 'owner' | 'updated';

export type Column = {
  id: ColumnId;
  label: string;
  sortBy: SortColumn;
  text: (row: InboxRow) => string;
};

export const COLUMNS: readonly Column[] = [
  { id: 'number', label: 'Number', sortBy: 'number', text: (r) => r.number },
  { id: 'title', label: 'Title', sortBy: 'title', text: (r) => r.title },
  { id: 'customer', label: 'Customer', sortBy: 'customer_id', text: (r) => r.customer?.name ?? '—' },
  { id: 'state', label: 'State', sortBy: 'state_id', text: (r) => r.state },
  { id: 'priority', label: 'Priority', sortBy: 'priority_id', text: (r) => r.priority },
  { id: 'group', label: 'Group', sortBy: 'group_id', text: (r) => r.group },
  { id: 'owner', label: 'Owner', sortBy: 'owner_id', text: (r) => r.owner?.name ?? 'Unassigned' },
  {
    id: 'updated',
    label: 'Updated',
    sortBy: 'updated_at',
    text: (r) => new Date(r.updated_at).toLocaleString(),
  },
];

export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  'number',
  'title',
  'customer',
  'state',
  'priority',
  'owner',
  'updated',
];
const STORAGE_KEY = 'eosc.inbox.columns';

export function loadColumns(): ColumnId[] {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? 'null') as unknown;
    if (Array.isArray(raw)) {
      const ids = raw.filter((c): c is ColumnId => COLUMNS.some((col) => col.id === c));
      if (ids.length > 0) return ids;
    }
  } catch {
    // A broken saved value falls back to the defaults.
  }
  return [...DEFAULT_COLUMNS];
}

export function saveColumns(ids: ColumnId[]): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(ids));
}
