import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { Status } from '@/components/status';
import { useNotificationSettings } from '../api/notification-settings';
import { AgentNotifications } from './agent-notifications';
import { CustomerNotifications } from './customer-notifications';
import '../strings';
import '../profile.css';

/** The signed-in person's profile; `#notifications` (linked from every notification mail). */
export function ProfilePage() {
  const { t } = useTranslation();
  const settings = useNotificationSettings();
  const location = useLocation();
  const section = useRef<HTMLElement>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  const ready = Boolean(settings.data);
  useEffect(() => {
    if (ready && location.hash === '#notifications') section.current?.scrollIntoView?.();
  }, [ready, location.hash]);

  const done = (text: string) => {
    setError('');
    setMessage(text);
  };
  const failed = (text: string) => {
    setMessage('');
    setError(text);
  };

  return (
    <div className="profile">
      <title>{t('profile.pageTitle')}</title>
      <h1>{t('profile.heading')}</h1>
      <section id="notifications" ref={section} aria-labelledby="profile-notifications">
        <h2 id="profile-notifications">{t('profile.notifications.heading')}</h2>
        <output aria-live="polite" className="profile__message">
          {message}
        </output>
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
        {!settings.data ? (
          <Status tone="loading">{t('profile.loading')}</Status>
        ) : settings.data.matrix ? (
          <AgentNotifications
            settings={{ ...settings.data, matrix: settings.data.matrix }}
            onDone={done}
            onError={failed}
          />
        ) : (
          <CustomerNotifications
            settings={{ ...settings.data, customer: settings.data.customer ?? { reply: true, state: true } }}
            onDone={done}
            onError={failed}
          />
        )}
      </section>
    </div>
  );
}
