import type { QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, type LoaderFunctionArgs } from 'react-router';
import { requireAgent } from '@/app/session';
import { useConditionOptions } from '@/components/condition-editor/use-condition-options';
import { Status } from '@/components/status';
import { OverviewForm } from '@/features/overviews/admin/overview-form';
import {
  type AdminOverview,
  adminOverviewsQueryOptions,
  inputOf,
  rolesQueryOptions,
  useAdminOverviews,
  useDeleteOverview,
  useReorderOverviews,
  useRoles,
  useSaveOverview,
} from '@/features/overviews/api/admin-overviews';
import '@/features/overviews/admin/strings';
import { overviewLabel } from '@/lib/helpdesk-names';
import './agent-admin-overviews.css';
import '@/components/agent-controls.css';

export function agentAdminOverviewsLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    await requireAgent(queryClient, request);
    // A 403 from the server (no admin.overview) becomes the Forbidden page.
    await Promise.all([
      queryClient.ensureQueryData(adminOverviewsQueryOptions()),
      queryClient.ensureQueryData(rolesQueryOptions()),
    ]);
    return null;
  };
}

export function AgentAdminOverviewsPage() {
  const { t } = useTranslation();
  const overviews = useAdminOverviews();
  const roles = useRoles();
  const options = useConditionOptions();
  const reorder = useReorderOverviews();
  const remove = useDeleteOverview();
  const toggle = useSaveOverview();
  const [editing, setEditing] = useState<AdminOverview | 'new' | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  if (!overviews.data || !roles.data) return <Status tone="loading">{t('adminOverviews.loading')}</Status>;
  const list = overviews.data;
  const busy = reorder.isPending || remove.isPending || toggle.isPending;

  const move = (index: number, by: -1 | 1) => {
    const ids = list.map((o) => o.id);
    const [id] = ids.splice(index, 1);
    if (id === undefined) return;
    ids.splice(index + by, 0, id);
    setError('');
    reorder.mutate(ids, { onError: (e) => setError(e.message) });
  };

  const report = (text: string) => {
    setMessage(text);
    setError('');
  };

  return (
    <>
      <title>{t('adminOverviews.pageTitle')}</title>
      <p className="breadcrumb">
        <Link to="/agent">{t('adminOverviews.back')}</Link>
      </p>
      <h1>{t('adminOverviews.heading')}</h1>
      <p>{t('adminOverviews.intro')}</p>
      <output aria-live="polite" className="admin-overviews__message">
        {message}
      </output>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {editing ? (
        <OverviewForm
          key={editing === 'new' ? 'new' : editing.id}
          overview={editing === 'new' ? null : editing}
          roles={roles.data}
          options={options}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            report(t('adminOverviews.saved', { name: saved.name }));
          }}
        />
      ) : (
        <>
          <p>
            <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
              {t('adminOverviews.new')}
            </button>
          </p>
          <div className="table-scroll">
            <table className="table admin-overviews">
              <caption className="visually-hidden">{t('adminOverviews.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('adminOverviews.prio')}</th>
                  <th scope="col">{t('adminOverviews.name')}</th>
                  <th scope="col">{t('adminOverviews.link')}</th>
                  <th scope="col">{t('adminOverviews.status')}</th>
                  <th scope="col">{t('adminOverviews.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((o, i) => (
                  <tr key={o.id} className={o.active ? undefined : 'is-inactive'}>
                    <td>{i + 1}</td>
                    <td>{overviewLabel(o.name, t)}</td>
                    <td>
                      <code>{o.link}</code>
                    </td>
                    <td>{o.active ? t('adminOverviews.active') : t('adminOverviews.inactive')}</td>
                    <td className="admin-overviews__actions">
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        onClick={() => setEditing(o)}
                        aria-label={t('adminOverviews.editNamed', { name: o.name })}
                      >
                        {t('adminOverviews.edit')}
                      </button>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        disabled={busy || i === 0}
                        onClick={() => move(i, -1)}
                        aria-label={t('adminOverviews.moveUp', { name: o.name })}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        disabled={busy || i === list.length - 1}
                        onClick={() => move(i, 1)}
                        aria-label={t('adminOverviews.moveDown', { name: o.name })}
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        disabled={busy}
                        onClick={() =>
                          toggle.mutate(
                            { id: o.id, input: { ...inputOf(o), active: !o.active } },
                            {
                              onSuccess: (s) => report(t('adminOverviews.saved', { name: s.name })),
                              onError: (e) => setError(e.message),
                            },
                          )
                        }
                        aria-label={
                          o.active
                            ? t('adminOverviews.deactivate', { name: o.name })
                            : t('adminOverviews.activate', { name: o.name })
                        }
                      >
                        {o.active ? t('adminOverviews.deactivateShort') : t('adminOverviews.activateShort')}
                      </button>
                      <button
                        type="button"
                        className="button button--danger button--small"
                        disabled={busy}
                        aria-label={t('adminOverviews.delete', { name: o.name })}
                        onClick={() => {
                          if (!window.confirm(t('adminOverviews.confirmDelete', { name: o.name }))) return;
                          remove.mutate(o.id, {
                            onSuccess: () => report(t('adminOverviews.deleted', { name: o.name })),
                            onError: (e) => setError(e.message),
                          });
                        }}
                      >
                        {t('adminOverviews.deleteShort')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
