import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConditionOptions } from '@/components/condition-editor/use-condition-options';
import { Status } from '@/components/status';
import { priorityLabel } from '@/lib/helpdesk-names';
import { useCalendars } from '../api/calendars';
import { type Sla, useDeleteSla, useSlas } from '../api/slas';
import { AdminFrame } from './admin-frame';
import { SlaForm } from './sla-form';

/** SLAs: the admins' own and the desk's QoS SLAs (level and priority named; times editable). */
export function SlasAdmin() {
  const { t } = useTranslation();
  const slas = useSlas();
  const calendars = useCalendars();
  const options = useConditionOptions();
  const remove = useDeleteSla();
  const [editing, setEditing] = useState<Sla | 'new' | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  // An admin without admin.calendar still picks from the calendars the SLAs name.
  if (!slas.data || (!calendars.data && !calendars.isError))
    return <Status tone="loading">{t('sl.loading')}</Status>;
  const calendarChoices =
    calendars.data ??
    [...new Map(slas.data.map((s) => [s.calendar_id, s.calendar ?? `#${s.calendar_id}`]))].map(
      ([id, name]) => ({ id, name, default: false }),
    );
  const minutes = (n: number | null) => (n === null ? t('sl.none') : String(n));
  const open = (s: Sla | 'new') => {
    setMessage('');
    setError('');
    setEditing(s);
  };

  return (
    <AdminFrame page="slas" message={message} error={error}>
      {editing ? (
        <SlaForm
          key={editing === 'new' ? 'new' : editing.id}
          sla={editing === 'new' ? null : editing}
          calendars={calendarChoices}
          options={options}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setMessage(t('sl.saved', { name: saved.name }));
          }}
        />
      ) : (
        <>
          <p>
            <button type="button" className="button button--primary" onClick={() => open('new')}>
              {t('sl.slas.new')}
            </button>
          </p>
          <div className="table-scroll">
            <table className="table sl-table">
              <caption className="visually-hidden">{t('sl.slas.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sl.slas.name')}</th>
                  <th scope="col">{t('sl.slas.kind')}</th>
                  <th scope="col">{t('sl.slas.calendar')}</th>
                  <th scope="col">{t('sl.slas.times')}</th>
                  <th scope="col">{t('sl.slas.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {slas.data.map((s) => {
                  const values = {
                    first: minutes(s.first_response_time),
                    update: minutes(s.update_time),
                    solution: minutes(s.solution_time),
                  };
                  return (
                    <tr key={s.id}>
                      <th scope="row">{s.name}</th>
                      <td>
                        {s.qos
                          ? t('sl.slas.managed', {
                              level: s.qos.level ? t(`lines.level.${s.qos.level}`) : '',
                              priority: s.qos.priority ? priorityLabel(s.qos.priority, t) : '',
                            })
                          : t('sl.slas.own')}
                      </td>
                      <td>{s.calendar ?? `#${s.calendar_id}`}</td>
                      <td>
                        <span aria-hidden="true">{t('sl.slas.timesShort', values)}</span>
                        <span className="visually-hidden">{t('sl.slas.timesLong', values)}</span>
                      </td>
                      <td className="sl-actions">
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          aria-label={t('sl.slas.editNamed', { name: s.name })}
                          onClick={() => open(s)}
                        >
                          {t('sl.edit')}
                        </button>
                        {!s.managed && (
                          <button
                            type="button"
                            className="button button--danger button--small"
                            disabled={remove.isPending}
                            aria-label={t('sl.slas.deleteNamed', { name: s.name })}
                            onClick={() => {
                              if (!window.confirm(t('sl.slas.confirmDelete', { name: s.name }))) return;
                              setError('');
                              remove.mutate(s.id, {
                                onSuccess: () => setMessage(t('sl.deleted', { name: s.name })),
                                onError: (e) => setError(e.message),
                              });
                            }}
                          >
                            {t('sl.delete')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </AdminFrame>
  );
}
