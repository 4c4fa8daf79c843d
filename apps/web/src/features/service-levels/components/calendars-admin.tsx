import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Status } from '@/components/status';
import { type Calendar, useCalendars, useDeleteCalendar, useTimezones, WEEKDAYS } from '../api/calendars';
import { AdminFrame } from './admin-frame';
import { CalendarForm } from './calendar-form';

/** Calendars: list, create, edit, delete (the desk refuses deleting one an SLA uses). */
export function CalendarsAdmin() {
  const { t } = useTranslation();
  const calendars = useCalendars();
  const timezones = useTimezones();
  const remove = useDeleteCalendar();
  const [editing, setEditing] = useState<Calendar | 'new' | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  if (!calendars.data || !timezones.data) return <Status tone="loading">{t('sl.loading')}</Status>;
  const open = (c: Calendar | 'new') => {
    setMessage('');
    setError('');
    setEditing(c);
  };
  return (
    <AdminFrame page="calendars" message={message} error={error}>
      {editing ? (
        <CalendarForm
          key={editing === 'new' ? 'new' : editing.id}
          calendar={editing === 'new' ? null : editing}
          timezones={timezones.data}
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
              {t('sl.calendars.new')}
            </button>
          </p>
          <div className="table-scroll">
            <table className="table sl-table">
              <caption className="visually-hidden">{t('sl.calendars.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sl.calendars.name')}</th>
                  <th scope="col">{t('sl.calendars.timezone')}</th>
                  <th scope="col">{t('sl.calendars.hours')}</th>
                  <th scope="col">{t('sl.calendars.holidays')}</th>
                  <th scope="col">{t('sl.calendars.default')}</th>
                  <th scope="col">{t('sl.calendars.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {calendars.data.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.name}</th>
                    <td>{c.timezone}</td>
                    <td>
                      {t('sl.calendars.summaryDays', {
                        count: WEEKDAYS.filter((d) => c.business_hours[d].active).length,
                      })}
                    </td>
                    <td>{Object.keys(c.public_holidays).length}</td>
                    <td>{c.default ? '✓' : ''}</td>
                    <td className="sl-actions">
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        aria-label={t('sl.calendars.editNamed', { name: c.name })}
                        onClick={() => open(c)}
                      >
                        {t('sl.edit')}
                      </button>
                      <button
                        type="button"
                        className="button button--danger button--small"
                        disabled={remove.isPending}
                        aria-label={t('sl.calendars.deleteNamed', { name: c.name })}
                        onClick={() => {
                          if (!window.confirm(t('sl.calendars.confirmDelete', { name: c.name }))) return;
                          setError('');
                          remove.mutate(c.id, {
                            onSuccess: () => setMessage(t('sl.deleted', { name: c.name })),
                            onError: (e) => setError(e.message),
                          });
                        }}
                      >
                        {t('sl.delete')}
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
