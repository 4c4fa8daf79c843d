import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Status } from '@/components/status';
import { type AdminCommunity, useAdminCommunities } from '../api/admin-communities';
import { CommunityForm } from './community-form';
import '../strings';
import '../communities.css';

/** Communities for admins: each one's portal address, colours, units and services. */
export function CommunitiesAdmin() {
  const { t } = useTranslation();
  const list = useAdminCommunities();
  const [editing, setEditing] = useState<AdminCommunity | 'new' | null>(null);
  const [message, setMessage] = useState('');

  if (!list.data) return <Status tone="loading">{t('common.loading')}</Status>;
  const { items, units, services } = list.data;
  const name = (ids: number[], options: { id: number; name: string }[]) =>
    options
      .filter((o) => ids.includes(o.id))
      .map((o) => o.name)
      .join(', ') || t('communityAdmin.none');
  return (
    <div className="sl-admin">
      <title>{`${t('communityAdmin.title')} · EOSC Helpdesk`}</title>
      <p className="breadcrumb">
        <Link to="/agent">{t('communityAdmin.back')}</Link>
      </p>
      <h1>{t('communityAdmin.title')}</h1>
      <p>{t('communityAdmin.lead')}</p>
      <output aria-live="polite">{message}</output>
      {editing ? (
        <CommunityForm
          key={editing === 'new' ? 'new' : editing.id}
          community={editing === 'new' ? null : editing}
          choices={{ units, services }}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setMessage(t('communityAdmin.saved', { name: saved.name }));
          }}
        />
      ) : (
        <>
          <p>
            <button type="button" className="button" onClick={() => setEditing('new')}>
              {t('communityAdmin.add')}
            </button>
          </p>
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">{t('communityAdmin.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('communityAdmin.name')}</th>
                  <th scope="col">{t('communityAdmin.slug')}</th>
                  <th scope="col">{t('communityAdmin.primary')}</th>
                  <th scope="col">{t('communityAdmin.units')}</th>
                  <th scope="col">{t('communityAdmin.services')}</th>
                  <th scope="col">{t('communityAdmin.edit')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id} data-community={c.slug}>
                    <th scope="row">{c.name}</th>
                    <td>
                      <Link to={`/c/${c.slug}`}>/c/{c.slug}</Link>
                    </td>
                    <td>
                      <span
                        className="community-admin-swatch"
                        style={{ background: c.primary_color }}
                        aria-hidden="true"
                      />{' '}
                      {c.primary_color}
                    </td>
                    <td>{name(c.group_ids, units)}</td>
                    <td>{name(c.service_ids, services)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        aria-label={`${t('communityAdmin.edit')} ${c.name}`}
                        onClick={() => {
                          setMessage('');
                          setEditing(c);
                        }}
                      >
                        {t('communityAdmin.edit')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
