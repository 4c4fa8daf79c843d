import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type NotificationSettings, useSaveNotificationSettings } from '../api/notification-settings';

type Toggles = { reply: boolean; state: boolean };
type Props = {
  settings: NotificationSettings & { customer: Toggles };
  onDone: (message: string) => void;
  onError: (message: string) => void;
};

/** A customer's two switches: mail on an agent's answer, mail on a state change. */
export function CustomerNotifications({ settings, onDone, onError }: Props) {
  const { t } = useTranslation();
  const save = useSaveNotificationSettings();
  const [toggles, setToggles] = useState<Toggles>(settings.customer);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate(
      { customer: toggles },
      {
        onSuccess: (saved) => {
          if (saved.customer) setToggles(saved.customer);
          onDone(t('profile.notifications.saved'));
        },
        onError: (err) => onError(err.message),
      },
    );
  };

  return (
    <form className="profile-form" onSubmit={submit}>
      <p>{t('profile.notifications.customerIntro')}</p>
      {(['reply', 'state'] as const).map((key) => (
        <label key={key} className="profile-switch">
          <input
            type="checkbox"
            role="switch"
            aria-checked={toggles[key]}
            checked={toggles[key]}
            onChange={(e) => setToggles((v) => ({ ...v, [key]: e.target.checked }))}
          />
          {t(`profile.notifications.${key}`)}
        </label>
      ))}
      <div className="profile-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? t('profile.notifications.saving') : t('profile.notifications.save')}
        </button>
      </div>
    </form>
  );
}
