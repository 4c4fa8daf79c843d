import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { OptionList } from '@/components/option-list';
import { StateBadge } from '@/components/state-badge';
import { priorityLabel, stateLabel } from '@/lib/helpdesk-names';
import { formatDate, formatNumber, languageOf } from '@/lib/i18n';
import { useAgents, useReference } from '@/lib/reference';
import { groupLabel, type LineMove, lineMove } from '@/lib/support-lines';
import type { TicketDetail } from '@/lib/tickets/types';
import { useUpdateTicket } from '@/lib/tickets/update-ticket';
import { useMerge, useTags } from '../api/ticket-actions';
import { useTicketContext } from '../api/ticket-context';
import '../view-strings';
import { HistorySection } from './history-section';
import { LineMoveForm } from './line-move-form';
import { LinksSection } from './links-section';
import { RetryAlert } from './retry-alert';
import { UnitFacts } from './unit-facts';
import '../agent-ticket.css';
import '@/components/agent-controls.css';

type SidePanelProps = { detail: TicketDetail; me: number };

/** Customer, organization, the customer's other tickets, controls, tags, links, history and merge. */
export function SidePanel({ detail, me }: SidePanelProps) {
  const { t } = useTranslation();
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
  const [move, setMove] = useState<LineMove | null>(null);
  const groups = reference.data?.groups;

  const change = (what: string, body: Parameters<typeof update.mutate>[0]) =>
    update.mutate(body, {
      onSuccess: () => setMessage(t('ticketView.panel.changed', { what })),
      onError: (e) => setMessage(e.message),
    });

  const owners = [...(agents.data ?? [])];
  if (ticket.owner && !owners.some((a) => a.id === ticket.owner?.id))
    owners.unshift({ id: ticket.owner.id, name: ticket.owner.name, email: '' });

  return (
    <aside className="side-panel" aria-label={t('ticketView.panel.label')}>
      <CustomerSection ticketId={ticket.id} fallback={detail} />
      <PanelPicker
        label={t('ticketView.panel.state')}
        value={ticket.state_id}
        disabled={update.isPending}
        items={(
          reference.data?.states ?? [
            { id: ticket.state_id, name: ticket.state, state_type: ticket.state_type, active: true },
          ]
        )
          // Merging and removing are not state changes an agent picks here (as in the composer).
          .filter(
            (s) =>
              (s.active || s.id === ticket.state_id) &&
              s.state_type !== 'merged' &&
              s.state_type !== 'removed',
          )}
        nameOf={(name) => stateLabel(name, t)}
        onPick={(state_id) => change(t('ticketView.panel.state'), { state_id })}
      />
      <PanelPicker
        label={t('ticketView.panel.priority')}
        value={ticket.priority_id}
        disabled={update.isPending}
        items={reference.data?.priorities ?? [{ id: ticket.priority_id, name: ticket.priority }]}
        nameOf={(name) => priorityLabel(name, t)}
        onPick={(priority_id) => change(t('ticketView.panel.priority'), { priority_id })}
      />
      <PanelPicker
        label={t('ticketView.panel.group')}
        value={ticket.group_id}
        disabled={update.isPending}
        items={
          groups?.map((g) => ({ id: g.id, name: groupLabel(g, t) })) ?? [
            { id: ticket.group_id, name: ticket.group },
          ]
        }
        onPick={(group_id) => {
          // Another line of support: the move waits for its note (LineMoveForm).
          const across = lineMove(groups, ticket.group_id, group_id);
          setMove(across);
          if (!across) change(t('ticketView.panel.group'), { group_id });
        }}
      />
      {move && (
        <LineMoveForm
          key={move.target.id}
          ticketId={ticket.id}
          move={move}
          onCancel={() => setMove(null)}
          onDone={(text) => {
            setMove(null);
            setMessage(text);
          }}
        />
      )}
      <UnitFacts ticket={ticket} group={groups?.find((g) => g.id === ticket.group_id)} />
      <label>
        {t('ticketView.panel.owner')}
        <select
          value={ticket.owner?.id ?? ''}
          disabled={update.isPending}
          onChange={(e) =>
            change(t('ticketView.panel.owner'), { owner_id: e.target.value ? Number(e.target.value) : null })
          }
        >
          <option value="">{t('ticketView.unassigned')}</option>
          <OptionList items={owners} />
        </select>
      </label>
      {ticket.owner?.id !== me && (
        <button
          type="button"
          onClick={() => change(t('ticketView.panel.owner'), { owner_id: me })}
          disabled={update.isPending}
        >
          {t('ticketView.panel.assignToMe')}
        </button>
      )}
      <section aria-labelledby="tags-title">
        <h3 id="tags-title">{t('ticketView.panel.tags')}</h3>
        <ul className="tags">
          {tags.map((tg) => (
            <li key={tg}>
              <span>{tg}</span>{' '}
              <button
                type="button"
                className="link-button"
                aria-label={t('ticketView.panel.removeTag', { tag: tg })}
                onClick={() => tagging.mutate({ name: tg, remove: true })}
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
            <span className="visually-hidden">{t('ticketView.panel.newTag')}</span>
            <input
              value={tag}
              onChange={(e) => setTag(e.target.value)}
              placeholder={t('ticketView.panel.addTagPlaceholder')}
            />
          </label>
          <button type="submit">{t('ticketView.panel.add')}</button>
        </form>
      </section>
      <LinksSection ticketId={ticket.id} onMessage={setMessage} />
      <form
        aria-label={t('ticketView.panel.mergeForm')}
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
          {t('ticketView.panel.mergeInto')}
          <input value={target} onChange={(e) => setTarget(e.target.value)} inputMode="numeric" />
        </label>
        <button type="submit" disabled={merge.isPending}>
          {t('ticketView.panel.merge')}
        </button>
      </form>
      <HistorySection ticketId={ticket.id} />
      <output aria-live="polite">{message}</output>
    </aside>
  );
}

type PanelPickerProps = {
  label: string;
  value: number;
  disabled: boolean;
  items: readonly { id: number; name: string }[];
  nameOf?: (name: string) => string;
  onPick: (id: number) => void;
};

/** One of the ticket's values, changed as soon as another is picked. */
function PanelPicker({ label, value, disabled, items, nameOf, onPick }: PanelPickerProps) {
  return (
    <label>
      {label}
      <select value={value} disabled={disabled} onChange={(e) => onPick(Number(e.target.value))}>
        <OptionList items={items} {...(nameOf ? { nameOf } : {})} />
      </select>
    </label>
  );
}

/** The customer and their other tickets; the ticket's own names show while the context loads. */
function CustomerSection({ ticketId, fallback }: { ticketId: number; fallback: TicketDetail }) {
  const { t, i18n } = useTranslation();
  const lang = languageOf(i18n.language);
  const context = useTicketContext(ticketId);
  const customer = context.data?.customer;
  const organization = context.data?.organization ?? fallback.ticket.organization;
  const others = context.data?.other_tickets;
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('ticketView.panel.customer')}</dt>
          <dd>{customer?.name ?? fallback.ticket.customer?.name ?? t('ticketView.panel.none')}</dd>
        </div>
        {customer?.email && (
          <div>
            <dt>{t('ticketView.panel.email')}</dt>
            <dd>
              <a href={`mailto:${customer.email}`}>{customer.email}</a>
            </dd>
          </div>
        )}
        <div>
          <dt>{t('ticketView.panel.organization')}</dt>
          <dd>{organization?.name ?? t('ticketView.panel.none')}</dd>
        </div>
      </dl>
      <section aria-labelledby="other-tickets-title" className="side-panel__others">
        <h3 id="other-tickets-title">{t('ticketView.panel.otherTickets')}</h3>
        {context.isPending ? (
          <p role="status">{t('ticketView.panel.loadingContext')}</p>
        ) : context.isError ? (
          <RetryAlert text={t('ticketView.panel.contextFailed')} onRetry={() => void context.refetch()} />
        ) : !others || others.items.length === 0 ? (
          <p>{t('ticketView.panel.noOtherTickets')}</p>
        ) : (
          <>
            <p className="side-panel__count">
              {t('ticketView.panel.otherCount', {
                count: others.total_count,
                formatted: formatNumber(others.total_count, lang),
              })}
            </p>
            <ul className="side-panel__tickets">
              {others.items.map((o) => (
                <li key={o.id}>
                  <Link to={`/agent/tickets/${o.id}`}>
                    #{o.number} {o.title}
                  </Link>{' '}
                  <StateBadge ticket={o} />{' '}
                  <time dateTime={o.updated_at}>{formatDate(o.updated_at, lang)}</time>
                </li>
              ))}
            </ul>
            {others.total_count > others.items.length && (
              <p>
                {t('ticketView.panel.moreTickets', {
                  count: others.total_count - others.items.length,
                })}
              </p>
            )}
          </>
        )}
      </section>
    </>
  );
}
