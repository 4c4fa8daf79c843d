import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type NotificationMatrix,
  type NotificationSettings,
  useResetNotificationSettings,
  useSaveNotificationSettings,
} from '../api/notification-settings';

const EVENTS = ['create', 'update', 'reminder_reached', 'escalation'] as const;
const CRITERIA = ['owned_by_me', 'owned_by_nobody', 'subscribed', 'no'] as const;
const CHANNELS = ['email', 'online'] as const;

type Props = {
  settings: NotificationSettings & { matrix: NotificationMatrix };
  onDone: (message: string) => void;
  onError: (message: string) => void;
};

const copy = (m: NotificationMatrix): NotificationMatrix => structuredClone(m);

/**
 * Zammad's notification matrix as a table of checkboxes (rows: events; columns: which tickets,
 * then how), the groups to limit to, save and reset. Each checkbox is named "<event>: <column>".
 */
export function AgentNotifications({ settings, onDone, onError }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const save = useSaveNotificationSettings();
  const reset = useResetNotificationSettings();
  const [matrix, setMatrix] = useState(() => copy(settings.matrix));
  const [groups, setGroups] = useState<number[]>(settings.group_ids);
  const busy = save.isPending || reset.isPending;

  const toggle = (event: (typeof EVENTS)[number], part: 'criteria' | 'channel', key: string, on: boolean) =>
    setMatrix((m) => {
      const next = copy(m);
      (next[event][part] as Record<string, boolean>)[key] = on;
      return next;
    });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate(
      { matrix, group_ids: groups },
      {
        onSuccess: (saved) => {
          if (saved.matrix) setMatrix(copy(saved.matrix));
          setGroups(saved.group_ids);
          onDone(t('profile.notifications.saved'));
        },
        onError: (err) => onError(err.message),
      },
    );
  };

  const restore = () =>
    reset.mutate(undefined, {
      onSuccess: (saved) => {
        if (saved.matrix) setMatrix(copy(saved.matrix));
        setGroups(saved.group_ids);
        onDone(t('profile.notifications.resetDone'));
      },
      onError: (err) => onError(err.message),
    });

  const cell = (event: (typeof EVENTS)[number], part: 'criteria' | 'channel', key: string, label: string) => (
    <td key={`${part}-${key}`}>
      <input
        type="checkbox"
        checked={(matrix[event][part] as Record<string, boolean>)[key] === true}
        onChange={(e) => toggle(event, part, key, e.target.checked)}
        aria-label={t('profile.notifications.cell', {
          event: t(`profile.notifications.events.${event}`),
          column: label,
        })}
      />
    </td>
  );

  return (
    <form className="profile-form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <p id={`${id}-heading`}>{t('profile.notifications.agentIntro')}</p>
      <div className="table-scroll">
        <table className="table profile-matrix">
          <caption>{t('profile.notifications.matrixCaption')}</caption>
          <thead>
            <tr>
              <td />
              <th scope="colgroup" colSpan={CRITERIA.length}>
                {t('profile.notifications.whichTickets')}
              </th>
              <th scope="colgroup" colSpan={CHANNELS.length}>
                {t('profile.notifications.channel')}
              </th>
            </tr>
            <tr>
              <th scope="col">{t('profile.notifications.event')}</th>
              {CRITERIA.map((c) => (
                <th scope="col" key={c}>
                  {t(`profile.notifications.criteria.${c}`)}
                </th>
              ))}
              {CHANNELS.map((c) => (
                <th scope="col" key={c}>
                  {t(`profile.notifications.channels.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {EVENTS.map((event) => (
              <tr key={event}>
                <th scope="row">{t(`profile.notifications.events.${event}`)}</th>
                {CRITERIA.map((c) => cell(event, 'criteria', c, t(`profile.notifications.criteria.${c}`)))}
                {CHANNELS.map((c) => cell(event, 'channel', c, t(`profile.notifications.channels.${c}`)))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {settings.groups.length > 0 && (
        <fieldset aria-describedby={`${id}-groups-hint`}>
          <legend>{t('profile.notifications.groups')}</legend>
          <p id={`${id}-groups-hint`} className="hint">
            {t('profile.notifications.groupsHint')}
          </p>
          {settings.groups.map((g) => (
            <label key={g.id}>
              <input
                type="checkbox"
                checked={groups.includes(g.id)}
                onChange={(e) =>
                  setGroups((list) => (e.target.checked ? [...list, g.id] : list.filter((x) => x !== g.id)))
                }
              />
              {g.name}
            </label>
          ))}
        </fieldset>
      )}
      <div className="profile-actions">
        <button type="submit" className="button" disabled={busy}>
          {save.isPending ? t('profile.notifications.saving') : t('profile.notifications.save')}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={restore}>
          {t('profile.notifications.reset')}
        </button>
      </div>
    </form>
  );
}
