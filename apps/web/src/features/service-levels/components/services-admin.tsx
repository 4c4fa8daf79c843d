import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Status } from '@/components/status';
import { type AdminService, useAdminServices } from '../api/services';
import { AdminFrame } from './admin-frame';
import { ServiceForm } from './service-form';
import '../service-strings';

/** The service catalogue: each service's provider, community, integration mode and list. */
export function ServicesAdmin() {
  const { t } = useTranslation();
  const services = useAdminServices();
  const [editing, setEditing] = useState<AdminService | null>(null);
  const [message, setMessage] = useState('');

  if (!services.data) return <Status tone="loading">{t('sl.loading')}</Status>;
  return (
    <AdminFrame page="services" message={message} error="">
      {editing ? (
        <ServiceForm
          key={editing.id}
          service={editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setMessage(t('sl.saved', { name: saved.name }));
          }}
        />
      ) : (
        <div className="table-scroll">
          <table className="table sl-table">
            <caption className="visually-hidden">{t('sl.services.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sl.services.name')}</th>
                <th scope="col">{t('sl.services.provider')}</th>
                <th scope="col">{t('sl.services.community')}</th>
                <th scope="col">{t('sl.services.integration')}</th>
                <th scope="col">{t('sl.services.mailingList')}</th>
                <th scope="col">{t('sl.services.active')}</th>
                <th scope="col">{t('sl.services.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {services.data.map((s) => (
                <tr key={s.id} data-service={s.key}>
                  <th scope="row">{s.name}</th>
                  <td>{s.provider || t('sl.none')}</td>
                  <td>{s.community || t('sl.none')}</td>
                  <td>{t(`sl.services.mode.${s.integration}`)}</td>
                  <td>{s.mailing_list ?? t('sl.none')}</td>
                  <td>{s.active ? t('sl.units.yes') : t('sl.units.no')}</td>
                  <td className="sl-actions">
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => {
                        setMessage('');
                        setEditing(s);
                      }}
                      aria-label={t('sl.services.editNamed', { name: s.name })}
                    >
                      {t('sl.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminFrame>
  );
}
