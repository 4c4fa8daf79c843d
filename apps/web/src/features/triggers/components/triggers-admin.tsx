import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Status } from '@/components/status';
import { type Trigger, useDeleteTrigger, useSaveTrigger, useTriggers } from '../api/triggers';
import { useWebhooks } from '../api/webhooks';
import { AdminFrame } from './admin-frame';
import { useTriggerConditionOptions } from './trigger-conditions';
import { TriggerForm } from './trigger-form';

const DOES: [keyof Trigger['perform'], string][] = [
  ['ticket.state_id', 'state'],
  ['ticket.priority_id', 'priority'],
  ['ticket.group_id', 'group'],
  ['ticket.owner_id', 'owner'],
  ['ticket.tags', 'tags'],
  ['notification.email', 'email'],
  ['notification.webhook', 'webhook'],
];

/** Triggers: listed in the order they run (by name); create, edit, activate, delete. */
export function TriggersAdmin() {
  const { t } = useTranslation();
  const triggers = useTriggers();
  const options = useTriggerConditionOptions();
  // An admin without admin.webhook still edits triggers (with no webhook to choose).
  const webhooks = useWebhooks();
  const save = useSaveTrigger();
  const remove = useDeleteTrigger();
  const [editing, setEditing] = useState<Trigger | 'new' | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  if (!triggers.data) return <Status tone="loading">{t('trg.loading')}</Status>;
  const webhookOptions = (webhooks.data ?? []).map((w) => ({ value: String(w.id), label: w.name }));
  const open = (tr: Trigger | 'new') => {
    setMessage('');
    setError('');
    setEditing(tr);
  };
  const toggle = (tr: Trigger) => {
    setError('');
    const { id, other_actions: _o, updated_at: _u, ...input } = tr;
    save.mutate(
      { id, input: { ...input, active: !tr.active } },
      {
        onSuccess: (saved) => setMessage(t('trg.saved', { name: saved.name })),
        onError: (e) => setError(e.message),
      },
    );
  };

  return (
    <AdminFrame page="triggers" message={message} error={error}>
      {editing ? (
        <TriggerForm
          key={editing === 'new' ? 'new' : editing.id}
          trigger={editing === 'new' ? null : editing}
          options={options}
          webhooks={webhookOptions}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setMessage(t('trg.saved', { name: saved.name }));
          }}
        />
      ) : (
        <>
          <p>
            <button type="button" className="button button--primary" onClick={() => open('new')}>
              {t('trg.triggers.new')}
            </button>
          </p>
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">{t('trg.triggers.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('trg.name')}</th>
                  <th scope="col">{t('trg.state')}</th>
                  <th scope="col">{t('trg.triggers.summary')}</th>
                  <th scope="col">{t('trg.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {triggers.data.map((tr) => (
                  <tr key={tr.id}>
                    <th scope="row">{tr.name}</th>
                    <td>{tr.active ? t('trg.active') : t('trg.inactive')}</td>
                    <td>
                      {DOES.filter(([k]) => tr.perform[k])
                        .map(([, label]) => t(`trg.triggers.does.${label}`))
                        .join(', ') || t('trg.none')}
                    </td>
                    <td className="trg-actions">
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        aria-label={t('trg.triggers.editNamed', { name: tr.name })}
                        onClick={() => open(tr)}
                      >
                        {t('trg.edit')}
                      </button>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        disabled={save.isPending}
                        aria-label={t('trg.triggers.toggleNamed', {
                          name: tr.name,
                          action: tr.active ? t('trg.deactivate') : t('trg.activate'),
                        })}
                        onClick={() => toggle(tr)}
                      >
                        {tr.active ? t('trg.deactivate') : t('trg.activate')}
                      </button>
                      <button
                        type="button"
                        className="button button--danger button--small"
                        disabled={remove.isPending}
                        aria-label={t('trg.triggers.deleteNamed', { name: tr.name })}
                        onClick={() => {
                          if (!window.confirm(t('trg.triggers.confirmDelete', { name: tr.name }))) return;
                          setError('');
                          remove.mutate(tr.id, {
                            onSuccess: () => setMessage(t('trg.deleted', { name: tr.name })),
                            onError: (e) => setError(e.message),
                          });
                        }}
                      >
                        {t('trg.delete')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </AdminFrame>
  );
}
