import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { OptionList } from '@/components/option-list';
import { priorityLabel, stateLabel } from '@/lib/helpdesk-names';
import { useAgents, useReference } from '@/lib/reference';
import { useSession } from '@/lib/session';
import { groupLabel } from '@/lib/support-lines';
import type { DraftInput } from '../api/draft';
import { AssignmentGuide } from './assignment-guide';
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
      <KeepOrPick
        label={t('composer.stateAfter')}
        keep={t('composer.keepState')}
        value={choice.state_id}
        items={states}
        nameOf={(name) => stateLabel(name, t)}
        onPick={(state_id) => onChange({ state_id })}
      />
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
      <KeepOrPick
        label={t('composer.priorityAfter')}
        keep={t('composer.keepPriority')}
        value={choice.priority_id}
        items={(reference.data?.priorities ?? []).filter((p) => p.active)}
        nameOf={(name) => priorityLabel(name, t)}
        onPick={(priority_id) => onChange({ priority_id })}
      />
      <KeepOrPick
        label={t('composer.groupAfter')}
        keep={t('composer.keepGroup')}
        value={choice.group_id}
        items={(reference.data?.groups ?? [])
          .filter((g) => g.active)
          .map((g) => ({ id: g.id, name: groupLabel(g, t) }))}
        onPick={(group_id) => onChange({ group_id })}
      />
      <AssignmentGuide group={reference.data?.groups.find((g) => g.id === choice.group_id)} />
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
          <OptionList items={owners} />
        </select>
      </label>
    </fieldset>
  );
}

type KeepOrPickProps = {
  label: string;
  /** The empty choice: keep the ticket's value. */
  keep: string;
  value: number | null | undefined;
  items: readonly { id: number; name: string }[];
  nameOf?: (name: string) => string;
  onPick: (id: number | null) => void;
};

/** A picker whose empty choice keeps the ticket's value (null). */
function KeepOrPick({ label, keep, value, items, nameOf, onPick }: KeepOrPickProps) {
  return (
    <label>
      {label}{' '}
      <select value={value ?? ''} onChange={(e) => onPick(e.target.value ? Number(e.target.value) : null)}>
        <option value="">{keep}</option>
        <OptionList items={items} {...(nameOf ? { nameOf } : {})} />
      </select>
    </label>
  );
}
