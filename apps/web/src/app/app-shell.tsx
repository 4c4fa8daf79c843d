import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigation } from 'react-router';
import { LanguageSwitch } from '@/components/language-switch';
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

  // Move focus to the new page's content after client-side navigation, as a page load would.
  const mainRef = useRef<HTMLElement>(null);
  const lastPath = useRef(location.pathname);
  useEffect(() => {
    if (lastPath.current === location.pathname) return;
    lastPath.current = location.pathname;
    mainRef.current?.focus();
  }, [location.pathname]);

  const busy = navigation.state !== 'idle';
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="banner">
        <div className="banner__inner">
          <Link to="/" className="brand">
            {t('shell.brand')}
          </Link>
          <nav aria-label={t('shell.main')} className="nav">
            <NavLink to="/" end>
              {t('shell.myTickets')}
            </NavLink>
            {user?.is_agent && <NavLink to="/agent">{t('shell.agentInbox')}</NavLink>}
            <NavLink to="/help">{t('shell.help')}</NavLink>
          </nav>
          <div className="account">
            <LanguageSwitch />
            <NotificationBell
              ticketHref={(id) => (user?.is_agent ? `/agent/tickets/${id}` : `/tickets/${id}`)}
            />
            {user && <span className="account__name">{user.name || user.login}</span>}
            <SignOutButton onSignedOut={() => endSession('signed-out')} />
          </div>
        </div>
        <div className={busy ? 'progress progress--active' : 'progress'} aria-hidden="true" />
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="page" aria-busy={busy || undefined}>
        <Suspense fallback={<Status tone="loading">{t('shell.loading')}</Status>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
