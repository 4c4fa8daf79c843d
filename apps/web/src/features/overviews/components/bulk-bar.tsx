import { useState } from 'react';
import { useBulkUpdate } from '../api/bulk-update';
import { useAgents, useReference } from '../api/get-agents';
import type { BulkChange } from '../api/types';

type BulkBarProps = { selected: number[]; me: number; onDone: () => void };

/** Actions on the selected tickets: assign (to me or an agent), state, priority, group. */
export function BulkBar({ selected, me, onDone }: BulkBarProps) {
  const agents = useAgents();
  const reference = useReference();
  const bulk = useBulkUpdate();
  const [message, setMessage] = useState('');
  const [tag, setTag] = useState('');
  const disabled = selected.length === 0 || bulk.isPending;

  const apply = (change: Omit<BulkChange, 'ticket_ids'>, what: string) => {
    setMessage('');
    bulk.mutate(
      { ticket_ids: selected, ...change },
      {
        onSuccess: (items) => {
          setMessage(`${what}: ${items.length} ticket${items.length === 1 ? '' : 's'} changed.`);
          onDone();
        },
        onError: (error) => setMessage(error.message),
      },
    );
  };

  const select = (label: string, options: { id: number; name: string }[], onPick: (id: number) => void) => (
    <label>
      <span className="visually-hidden">{label}</span>
      <select
        aria-label={label}
        value=""
        disabled={disabled}
        onChange={(e) => {
          if (e.target.value) onPick(Number(e.target.value));
        }}
      >
        <option value="">{label}…</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="bulk-bar" aria-label="Bulk actions">
      <span>{selected.length} selected</span>
      <button type="button" disabled={disabled} onClick={() => apply({ owner_id: me }, 'Assigned to you')}>
        Assign to me
      </button>
      {select('Assign to', agents.data ?? [], (id) => apply({ owner_id: id }, 'Assigned'))}
      {select(
        'Set state',
        (reference.data?.states ?? []).filter((s) => s.active && s.state_type !== 'merged'),
        (id) => apply({ state_id: id }, 'State changed'),
      )}
      {select(
        'Set priority',
        (reference.data?.priorities ?? []).filter((p) => p.active),
        (id) => apply({ priority_id: id }, 'Priority changed'),
      )}
      {select(
        'Move to group',
        (reference.data?.groups ?? []).filter((g) => g.active),
        (id) => apply({ group_id: id }, 'Group changed'),
      )}
      <form
        className="bulk-bar__tag"
        onSubmit={(e) => {
          e.preventDefault();
          if (!tag.trim()) return;
          apply({ add_tags: [tag.trim()] }, 'Tagged');
          setTag('');
        }}
      >
        <label>
          <span className="visually-hidden">Tag to add</span>
          <input value={tag} onChange={(e) => setTag(e.target.value)} placeholder="Tag" disabled={disabled} />
        </label>
        <button type="submit" disabled={disabled || !tag.trim()}>
          Add tag
        </button>
      </form>
      <output aria-live="polite">{message}</output>
    </section>
  );
}
