import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigation } from 'react-router';
import { LanguageSwitch } from '@/components/language-switch';
import { PageFrame } from '@/components/page-frame';
import { Status } from '@/components/status';
import { SignOutButton } from '@/features/auth/components/sign-out-button';
import { NotificationBell } from '@/features/notifications/components/notification-bell';
import { useNotificationEvents } from '@/features/notifications/hooks/use-notification-events';
import { useTicketEvents } from '@/features/tickets/hooks/use-ticket-events';
import { useSession } from '@/lib/session';
import { onSessionExpired } from '@/lib/session-events';
import './app-strings';
import { useEndSession } from './session';

/** The frame of every signed-in page: banner, navigation, sign-out and the main landmark. */
export function AppShell() {
  const user = useSession();
  const { t } = useTranslation();
  const endSession = useEndSession();
  const navigation = useNavigation();
  const location = useLocation();
  const here = location.pathname + location.search;

  useEffect(() => onSessionExpired(() => void endSession('expired', here)), [endSession, here]);

  // Customers' pages and bell follow changes live (one shared stream); the agent inbox runs its
  // own live refresh on the same stream.
  const customer = Boolean(user && !user.is_agent);
  useTicketEvents(customer);
  useNotificationEvents(customer);

  const busy = navigation.state !== 'idle';
  return (
    <PageFrame
      home="/"
      nav={
        <nav aria-label={t('shell.main')} className="nav">
          <NavLink to="/" end>
            {t('shell.myTickets')}
          </NavLink>
          {user?.is_agent && <NavLink to="/agent">{t('shell.agentInbox')}</NavLink>}
          {user?.reports && <NavLink to="/reports">{t('shell.reports')}</NavLink>}
          <NavLink to="/help">{t('shell.help')}</NavLink>
        </nav>
      }
      account={
        <>
          <LanguageSwitch />
          <NotificationBell
            ticketHref={(id) => (user?.is_agent ? `/agent/tickets/${id}` : `/tickets/${id}`)}
          />
          {user && (
            <Link
              to="/profile#notifications"
              className="account__name"
              aria-label={t('shell.profile', { name: user.name || user.login })}
            >
              {user.name || user.login}
            </Link>
          )}
          <SignOutButton onSignedOut={() => endSession('signed-out')} />
        </>
      }
      progress={<div className={busy ? 'progress progress--active' : 'progress'} aria-hidden="true" />}
      busy={busy}
    >
      <Suspense fallback={<Status tone="loading">{t('shell.loading')}</Status>}>
        <Outlet />
      </Suspense>
    </PageFrame>
  );
}
