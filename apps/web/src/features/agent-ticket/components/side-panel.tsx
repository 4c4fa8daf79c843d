import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useAgents, useReference } from '@/features/overviews/api/get-agents';
import type { TicketDetail } from '@/features/tickets/api/types';
import { useMerge, useTags, useUpdateTicket } from '../api/ticket-actions';

type SidePanelProps = { detail: TicketDetail; me: number };

/** Customer, organization, tags and the state/priority/owner/group controls of a ticket. */
export function SidePanel({ detail, me }: SidePanelProps) {
  const { ticket, tags } = detail;
  const reference = useReference();
  const agents = useAgents();
  const update = useUpdateTicket(ticket.id);
  const tagging = useTags(ticket.id);
  const [tag, setTag] = useState('');
  const [target, setTarget] = useState('');
  const merge = useMerge(ticket.id);
  const navigate = useNavigate();
  const [message, setMessage] = useState('');

  const change = (what: string, body: Parameters<typeof update.mutate>[0]) =>
    update.mutate(body, {
      onSuccess: () => setMessage(`${what} changed.`),
      onError: (e) => setMessage(e.message),
    });

  const owners = [...(agents.data ?? [])];
  if (ticket.owner && !owners.some((a) => a.id === ticket.owner?.id))
    owners.unshift({ id: ticket.owner.id, name: ticket.owner.name, email: '' });

  return (
    <aside className="side-panel" aria-label="Ticket details">
      <dl className="facts">
        <div>
          <dt>Customer</dt>
          <dd>{ticket.customer?.name ?? '—'}</dd>
        </div>
        <div>
          <dt>Organization</dt>
          <dd>{ticket.organization?.name ?? '—'}</dd>
        </div>
      </dl>
      <label>
        State
        <select
          value={ticket.state_id}
          disabled={update.isPending}
          onChange={(e) => change('State', { state_id: Number(e.target.value) })}
        >
          {(reference.data?.states ?? [{ id: ticket.state_id, name: ticket.state, active: true }])
            .filter((s) => s.active || s.id === ticket.state_id)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        Priority
        <select
          value={ticket.priority_id}
          disabled={update.isPending}
          onChange={(e) => change('Priority', { priority_id: Number(e.target.value) })}
        >
          {(reference.data?.priorities ?? [{ id: ticket.priority_id, name: ticket.priority }]).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Group
        <select
          value={ticket.group_id}
          disabled={update.isPending}
          onChange={(e) => change('Group', { group_id: Number(e.target.value) })}
        >
          {(reference.data?.groups ?? [{ id: ticket.group_id, name: ticket.group }]).map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Owner
        <select
          value={ticket.owner?.id ?? ''}
          disabled={update.isPending}
          onChange={(e) => change('Owner', { owner_id: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">Unassigned</option>
          {owners.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      {ticket.owner?.id !== me && (
        <button type="button" onClick={() => change('Owner', { owner_id: me })} disabled={update.isPending}>
          Assign to me
        </button>
      )}
      <section aria-labelledby="tags-title">
        <h3 id="tags-title">Tags</h3>
        <ul className="tags">
          {tags.map((t) => (
            <li key={t}>
              <span>{t}</span>{' '}
              <button
                type="button"
                className="link-button"
                aria-label={`Remove tag ${t}`}
                onClick={() => tagging.mutate({ name: t, remove: true })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!tag.trim()) return;
            tagging.mutate({ name: tag.trim() }, { onSuccess: () => setTag('') });
          }}
        >
          <label>
            <span className="visually-hidden">New tag</span>
            <input value={tag} onChange={(e) => setTag(e.target.value)} placeholder="Add a tag" />
          </label>
          <button type="submit">Add</button>
        </form>
      </section>
      <form
        aria-label="Merge"
        onSubmit={(e) => {
          e.preventDefault();
          if (!target.trim()) return;
          merge.mutate(target.trim(), {
            onSuccess: (into) => void navigate(`/agent/tickets/${into.id}`),
            onError: (err) => setMessage(err.message),
          });
        }}
      >
        <label>
          Merge into ticket number
          <input value={target} onChange={(e) => setTarget(e.target.value)} inputMode="numeric" />
        </label>
        <button type="submit" disabled={merge.isPending}>
          Merge
        </button>
      </form>
      <output aria-live="polite">{message}</output>
    </aside>
  );
}
