import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { priorityLabel, stateLabel } from '@/lib/helpdesk-names';
import { useAgents, useReference } from '@/lib/reference';
import { useSession } from '@/lib/session';
import type { DraftInput } from '../api/draft';
import '../composer-strings';
import { fromLocalInput, toLocalInput } from './composer-text';
import '../agent-ticket.css';

type Choice = Required<Pick<DraftInput, 'state_id' | 'pending_time' | 'priority_id' | 'group_id' | 'owner'>>;

type AfterSendingProps = {
  states: { id: number; name: string; state_type?: string }[];
  /** The ticket's group now (owners are offered from the group it will be in). */
  ticketGroupId: number;
  /** What the agent chose; null keeps the ticket's value. */
  choice: Choice;
  /** The chosen state is a pending one: it needs a date and time. */
  pendingState: boolean;
  pendingInput: RefObject<HTMLInputElement | null>;
  onChange: (next: Partial<DraftInput>) => void;
};

/** The composer's "after sending" choices: state (and pending time), priority, group, owner. */
export function AfterSending({
  states,
  ticketGroupId,
  choice,
  pendingState,
  pendingInput,
  onChange,
}: AfterSendingProps) {
  const { t } = useTranslation();
  const agents = useAgents();
  const reference = useReference();
  const me = useSession();
  // Owners come from the group the ticket will be in; agents whose groups are unknown stay listed.
  const targetGroup = choice.group_id ?? ticketGroupId;
  const owners = (agents.data ?? []).filter(
    (a) => a.id !== me?.id && (a.group_ids === undefined || a.group_ids.includes(targetGroup)),
  );
  return (
    <fieldset className="composer__after">
      <legend>{t('composer.afterSending')}</legend>
      <label>
        {t('composer.stateAfter')}{' '}
        <select
          value={choice.state_id ?? ''}
          onChange={(e) => onChange({ state_id: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">{t('composer.keepState')}</option>
          {states.map((s) => (
            <option key={s.id} value={s.id}>
              {stateLabel(s.name, t)}
            </option>
          ))}
        </select>
      </label>
      {pendingState && (
        <label>
          {t('composer.pendingTime')}{' '}
          <input
            ref={pendingInput}
            type="datetime-local"
            required
            value={toLocalInput(choice.pending_time)}
            onChange={(e) => onChange({ pending_time: fromLocalInput(e.target.value) })}
          />
        </label>
      )}
      <label>
        {t('composer.priorityAfter')}{' '}
        <select
          value={choice.priority_id ?? ''}
          onChange={(e) => onChange({ priority_id: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">{t('composer.keepPriority')}</option>
          {(reference.data?.priorities ?? [])
            .filter((p) => p.active)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {priorityLabel(p.name, t)}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t('composer.groupAfter')}{' '}
        <select
          value={choice.group_id ?? ''}
          onChange={(e) => onChange({ group_id: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">{t('composer.keepGroup')}</option>
          {(reference.data?.groups ?? [])
            .filter((g) => g.active)
            .map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t('composer.ownerAfter')}{' '}
        <select
          value={choice.owner ?? ''}
          onChange={(e) => {
            const v = e.target.value;
            onChange({ owner: v === '' ? null : v === 'unassigned' ? 'unassigned' : Number(v) });
          }}
        >
          <option value="">{t('composer.keepOwner')}</option>
          {me && <option value={me.id}>{t('composer.ownerMe')}</option>}
          <option value="unassigned">{t('composer.unassigned')}</option>
          {owners.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
