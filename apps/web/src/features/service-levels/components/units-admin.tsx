import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Status } from '@/components/status';
import { type SupportUnit, useUnits } from '../api/units';
import { AdminFrame } from './admin-frame';
import { UnitForm } from './unit-form';

/** Support units: every group, whether it is a unit, its level and line; edit one at a time. */
export function UnitsAdmin() {
  const { t } = useTranslation();
  const units = useUnits();
  const [editing, setEditing] = useState<SupportUnit | null>(null);
  const [message, setMessage] = useState('');

  if (!units.data) return <Status tone="loading">{t('sl.loading')}</Status>;
  return (
    <AdminFrame page="units" message={message} error="">
      {editing ? (
        <UnitForm
          key={editing.id}
          unit={editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setMessage(t('sl.saved', { name: saved.name }));
          }}
        />
      ) : (
        <div className="table-scroll">
          <table className="table sl-table">
            <caption className="visually-hidden">{t('sl.units.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sl.units.group')}</th>
                <th scope="col">{t('sl.units.unit')}</th>
                <th scope="col">{t('sl.units.level')}</th>
                <th scope="col">{t('sl.units.line')}</th>
                <th scope="col">{t('sl.units.members')}</th>
                <th scope="col">{t('sl.units.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {units.data.map((u) => (
                <tr key={u.id} data-unit={u.name}>
                  <th scope="row">{u.name}</th>
                  <td>{u.support_unit ? t('sl.units.yes') : t('sl.units.no')}</td>
                  <td>{u.support_unit && u.qos_level ? t(`lines.level.${u.qos_level}`) : t('sl.none')}</td>
                  <td>{u.support_line ? t(`lines.ordinal.${u.support_line}`) : t('sl.none')}</td>
                  <td>{u.members}</td>
                  <td className="sl-actions">
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => {
                        setMessage('');
                        setEditing(u);
                      }}
                      aria-label={t('sl.units.editNamed', { name: u.name })}
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
