import type { TFunction } from 'i18next';
import { formatDate, type Language } from '@/lib/i18n';
import type { InboxRow, SortColumn } from '../api/types';
import '../strings';
import { priorityLabel, stateLabel } from '@/lib/helpdesk-names';

export type ColumnId =
  | 'number'
  | 'title'
  | 'customer'
  | 'state'
  | 'priority'
  | 'due'
  | 'group'
  | 'owner'
  | 'updated';

export type Column = {
  id: ColumnId;
  /** i18n key of the header. */
  label: string;
  sortBy: SortColumn;
  text: (row: InboxRow, t: TFunction, language: Language) => string;
};

export const COLUMNS: readonly Column[] = [
  { id: 'number', label: 'inbox.col.number', sortBy: 'number', text: (r) => r.number },
  { id: 'title', label: 'inbox.col.title', sortBy: 'title', text: (r) => r.title },
  {
    id: 'customer',
    label: 'inbox.col.customer',
    sortBy: 'customer_id',
    text: (r) => r.customer?.name ?? '—',
  },
  { id: 'state', label: 'inbox.col.state', sortBy: 'state_id', text: (r, t) => stateLabel(r.state, t) },
  {
    id: 'priority',
    label: 'inbox.col.priority',
    sortBy: 'priority_id',
    text: (r, t) => priorityLabel(r.priority, t),
  },
  {
    id: 'due',
    label: 'inbox.col.due',
    sortBy: 'escalation_at',
    // The table shows the due-time badge; this is its plain form.
    text: (r, _t, language) => (r.escalation_at ? formatDate(r.escalation_at, language) : '—'),
  },
  { id: 'group', label: 'inbox.col.group', sortBy: 'group_id', text: (r) => r.group },
  {
    id: 'owner',
    label: 'inbox.col.owner',
    sortBy: 'owner_id',
    text: (r, t) => r.owner?.name ?? t('inbox.unassigned'),
  },
  {
    id: 'updated',
    label: 'inbox.col.updated',
    sortBy: 'updated_at',
    text: (r, _t, language) => formatDate(r.updated_at, language),
  },
];

export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  'number',
  'title',
  'customer',
  'state',
  'priority',
  'due',
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
