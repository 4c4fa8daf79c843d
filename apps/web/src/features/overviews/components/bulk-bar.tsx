import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OptionList } from '@/components/option-list';
import { useAgents, useReference } from '@/lib/reference';
import { groupLabel, lineMove } from '@/lib/support-lines';
import { useBulkTags } from '../api/bulk-tags';
import { useBulkUpdate } from '../api/bulk-update';
import type { MergeResult } from '../api/merge-tickets';
import type { BulkChange } from '../api/types';
import { MergeDialog } from './merge-dialog';
import '../strings';
import { priorityLabel, stateLabel } from '@/lib/helpdesk-names';
import '../overviews.css';

type SelectedTicket = { id: number; number: string; title: string; group_id?: number };
type BulkBarProps = {
  selected: number[];
  /** The selected tickets as loaded in the table (for choosing a merge target). */
  tickets?: SelectedTicket[];
  me: number;
  onDone: () => void;
};

/** Actions on the selected tickets: assign, state, priority, group, tags, merge. */
export function BulkBar({ selected, tickets = [], me, onDone }: BulkBarProps) {
  const { t } = useTranslation();
  const agents = useAgents();
  const reference = useReference();
  const bulk = useBulkUpdate();
  const tags = useBulkTags();
  const [message, setMessage] = useState('');
  const [failures, setFailures] = useState<string[]>([]);
  const [tag, setTag] = useState('');
  const [merging, setMerging] = useState(false);
  const disabled = selected.length === 0 || bulk.isPending || tags.isPending;

  const done = (what: string, count: number) => {
    setMessage(t('bulk.changed', { what, count }));
    setFailures([]);
    onDone();
  };
  const fail = (error: Error) => {
    setMessage(error.message);
    setFailures([]);
  };

  const apply = (change: Omit<BulkChange, 'ticket_ids'>, what: string) => {
    setMessage('');
    bulk.mutate(
      { ticket_ids: selected, ...change },
      { onSuccess: (items) => done(what, items.length), onError: fail },
    );
  };

  const tagAction = (kind: 'add' | 'remove') => {
    const name = tag.trim();
    if (!name) return;
    setMessage('');
    tags.mutate(
      { ticket_ids: selected, [kind]: [name] },
      {
        onSuccess: (items) => {
          setTag('');
          done(t(kind === 'add' ? 'bulk.tagged' : 'bulk.untagged'), items.length);
        },
        onError: fail,
      },
    );
  };

  const merged = (result: MergeResult) => {
    setMerging(false);
    const number = result.target_number;
    if (result.failed.length === 0) {
      setMessage(t('bulk.mergedAll', { count: result.merged.length, number }));
      setFailures([]);
    } else {
      setMessage(t('bulk.mergedSome', { ok: result.merged.length, failed: result.failed.length, number }));
      setFailures(result.failed.map((f) => t('bulk.mergeFailed', { number: f.number, error: f.error })));
    }
    onDone();
  };

  const select = (
    label: string,
    options: { id: number; name: string }[],
    onPick: (id: number) => void,
    nameOf: (name: string) => string = (name) => name,
  ) => (
    <label className="bulk-bar__field">
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
        <OptionList items={options} nameOf={nameOf} />
      </select>
    </label>
  );

  const chosen = tickets.filter((x) => selected.includes(x.id));

  return (
    <section className="bulk-bar" aria-label={t('bulk.label')}>
      <span className="bulk-bar__count">{t('bulk.selected', { count: selected.length })}</span>
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={disabled}
        onClick={() => apply({ owner_id: me }, t('bulk.assignedToYou'))}
      >
        {t('bulk.assignToMe')}
      </button>
      {select(t('bulk.assignTo'), agents.data ?? [], (id) => apply({ owner_id: id }, t('bulk.assigned')))}
      {select(
        t('bulk.setState'),
        (reference.data?.states ?? []).filter((s) => s.active && s.state_type !== 'merged'),
        (id) => apply({ state_id: id }, t('bulk.stateChanged')),
        (name) => stateLabel(name, t),
      )}
      {select(
        t('bulk.setPriority'),
        (reference.data?.priorities ?? []).filter((p) => p.active),
        (id) => apply({ priority_id: id }, t('bulk.priorityChanged')),
        (name) => priorityLabel(name, t),
      )}
      {select(
        t('bulk.moveToGroup'),
        (reference.data?.groups ?? [])
          .filter((g) => g.active)
          .map((g) => ({ id: g.id, name: groupLabel(g, t) })),
        (id) => {
          // A move to another line of support needs a note per ticket: one at a time, in the ticket.
          const across = tickets.filter(
            (x) =>
              selected.includes(x.id) &&
              x.group_id !== undefined &&
              lineMove(reference.data?.groups, x.group_id, id),
          );
          if (across.length > 0) {
            setFailures([]);
            setMessage(
              t('bulk.lineMoveRefused', {
                count: across.length,
                numbers: across.map((x) => `#${x.number}`).join(', '),
              }),
            );
            return;
          }
          apply({ group_id: id }, t('bulk.groupChanged'));
        },
      )}
      <form
        className="bulk-bar__tag"
        onSubmit={(e) => {
          e.preventDefault();
          tagAction('add');
        }}
      >
        <label>
          <span className="visually-hidden">{t('bulk.tagLabel')}</span>
          <input
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            placeholder={t('bulk.tag')}
            disabled={disabled}
            maxLength={100}
          />
        </label>
        <button
          type="submit"
          className="button button--secondary button--small"
          disabled={disabled || !tag.trim()}
        >
          {t('bulk.addTag')}
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={disabled || !tag.trim()}
          onClick={() => tagAction('remove')}
        >
          {t('bulk.removeTag')}
        </button>
      </form>
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={disabled}
        onClick={() => setMerging(true)}
      >
        {t('bulk.merge')}
      </button>
      <output aria-live="polite">
        {message}
        {failures.length > 0 && (
          <ul className="bulk-bar__failures">
            {failures.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        )}
      </output>
      <MergeDialog open={merging} tickets={chosen} onClose={() => setMerging(false)} onMerged={merged} />
    </section>
  );
}
