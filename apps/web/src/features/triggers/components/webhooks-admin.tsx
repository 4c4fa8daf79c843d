import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Status } from '@/components/status';
import { useDeleteWebhook, useWebhooks, type Webhook } from '../api/webhooks';
import { AdminFrame } from './admin-frame';
import { DeliveryLog } from './delivery-log';
import { WebhookForm } from './webhook-form';

/** Webhooks: create, edit, delete; each with its delivery log. */
export function WebhooksAdmin() {
  const { t } = useTranslation();
  const webhooks = useWebhooks();
  const remove = useDeleteWebhook();
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  if (!webhooks.data) return <Status tone="loading">{t('trg.loading')}</Status>;
  const open = (w: Webhook | 'new') => {
    setMessage('');
    setError('');
    setLogOf(null);
    setEditing(w);
  };

  return (
    <AdminFrame page="webhooks" message={message} error={error}>
      {editing ? (
        <WebhookForm
          key={editing === 'new' ? 'new' : editing.id}
          webhook={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setMessage(t('trg.saved', { name: saved.name }));
          }}
        />
      ) : logOf ? (
        <DeliveryLog webhook={logOf} onClose={() => setLogOf(null)} />
      ) : (
        <>
          <p>
            <button type="button" className="button button--primary" onClick={() => open('new')}>
              {t('trg.webhooks.new')}
            </button>
          </p>
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">{t('trg.webhooks.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('trg.name')}</th>
                  <th scope="col">{t('trg.webhooks.endpoint')}</th>
                  <th scope="col">{t('trg.state')}</th>
                  <th scope="col">{t('trg.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {webhooks.data.map((w) => (
                  <tr key={w.id}>
                    <th scope="row">{w.name}</th>
                    <td>
                      <code>{w.endpoint}</code>
                    </td>
                    <td>{w.active ? t('trg.active') : t('trg.inactive')}</td>
                    <td className="trg-actions">
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        aria-label={t('trg.webhooks.editNamed', { name: w.name })}
                        onClick={() => open(w)}
                      >
                        {t('trg.edit')}
                      </button>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        aria-label={t('trg.webhooks.logNamed', { name: w.name })}
                        onClick={() => setLogOf(w)}
                      >
                        {t('trg.webhooks.log')}
                      </button>
                      <button
                        type="button"
                        className="button button--danger button--small"
                        disabled={remove.isPending}
                        aria-label={t('trg.webhooks.deleteNamed', { name: w.name })}
                        onClick={() => {
                          if (!window.confirm(t('trg.webhooks.confirmDelete', { name: w.name }))) return;
                          setError('');
                          remove.mutate(w.id, {
                            onSuccess: () => setMessage(t('trg.deleted', { name: w.name })),
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
