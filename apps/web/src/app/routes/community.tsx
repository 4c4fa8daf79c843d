import type { QueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, type LoaderFunctionArgs, NavLink, Outlet, useNavigate, useParams } from 'react-router';
import { LanguageSwitch } from '@/components/language-switch';
import { PageFrame } from '@/components/page-frame';
import { Status } from '@/components/status';
import { communityQueryOptions, useCommunity } from '@/features/communities/api/get-community';
import { brandStyle } from '@/features/communities/brand';
import { CommunityBanner } from '@/features/communities/components/community-banner';
import '@/features/communities/strings';
import { CategoryCards } from '@/features/kb/components/category-cards';
import { KbBaseContext } from '@/features/kb/paths';
import { currentKbLocale } from '@/features/kb/route-params';
import { NewTicketForm } from '@/features/tickets/components/new-ticket-form';
import { useLanguage } from '@/lib/i18n';
import { sessionQueryOptions, useSession } from '@/lib/session';
import { requireUser } from '../session';

/*
 * A community's own portal and help center (issue 16, path 3): /c/<slug> under its name, logo
 * and colours. Public, like the EOSC help center; asking needs a sign-in, and the form offers
 * only the community's services (the BFF refuses others).
 */

const slugOf = (params: { slug?: string }) => params.slug ?? '';

export function communityLoader(queryClient: QueryClient) {
  return async ({ params }: LoaderFunctionArgs) => {
    await Promise.all([
      queryClient.ensureQueryData(sessionQueryOptions()),
      queryClient.ensureQueryData(communityQueryOptions(slugOf(params), currentKbLocale())),
    ]);
    return null;
  };
}

export function communityNewTicketLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    await requireUser(queryClient, request);
    return null;
  };
}

function usePortal() {
  const { kbLocale } = useLanguage();
  return useCommunity(slugOf(useParams()), kbLocale);
}

export function CommunityShell() {
  const { t } = useTranslation();
  const user = useSession();
  const community = usePortal();
  const base = `/c/${community.slug}`;
  return (
    <div className="community-page" style={brandStyle(community.primary_color, community.accent_color)}>
      <PageFrame
        home={base}
        nav={
          <nav aria-label="Main" className="nav">
            <NavLink to={base} end>
              {t('community.home')}
            </NavLink>
            <NavLink to={`${base}/help`}>{t('community.help')}</NavLink>
            <NavLink to={`${base}/tickets/new`}>{t('community.newTicket')}</NavLink>
            <Link to="/help">{t('community.eoscWide')}</Link>
          </nav>
        }
        account={
          <>
            <LanguageSwitch />
            {!user && (
              <Link className="button button--secondary" to="/login">
                {t('common.signIn')}
              </Link>
            )}
          </>
        }
      >
        <CommunityBanner community={community} />
        <KbBaseContext.Provider value={`${base}/help`}>
          <Suspense fallback={<Status tone="loading">{t('common.loading')}</Status>}>
            <Outlet />
          </Suspense>
        </KbBaseContext.Provider>
      </PageFrame>
    </div>
  );
}

function Topics() {
  const { t } = useTranslation();
  const { kbLocale } = useLanguage();
  const community = usePortal();
  return (
    <section aria-labelledby="community-topics">
      <h2 id="community-topics">{t('community.categories')}</h2>
      {community.kb_categories.length > 0 ? (
        <CategoryCards items={community.kb_categories} locale={kbLocale} />
      ) : (
        <p>{t('community.noCategories')}</p>
      )}
    </section>
  );
}

export function CommunityHomePage() {
  const { t } = useTranslation();
  const community = usePortal();
  return (
    <>
      <title>{t('community.docTitle', { name: community.name })}</title>
      <h1>{community.name}</h1>
      <p className="lead">{t('community.lead', { name: community.name })}</p>
      <p>
        <Link className="button button--community" to={`/c/${community.slug}/tickets/new`}>
          {t('community.ask')}
        </Link>
      </p>
      <section aria-labelledby="community-services">
        <h2 id="community-services">{t('community.services')}</h2>
        {community.services.length > 0 ? (
          <ul className="community-services">
            {community.services.map((s) => (
              <li key={s.key}>
                <strong>{s.name}</strong>
                {s.description && ` — ${s.description}`}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('community.noServices')}</p>
        )}
      </section>
      <Topics />
    </>
  );
}

export function CommunityHelpPage() {
  const { t } = useTranslation();
  const community = usePortal();
  return (
    <>
      <title>{t('community.docTitle', { name: t('community.helpTitle', { name: community.name }) })}</title>
      <h1>{t('community.helpTitle', { name: community.name })}</h1>
      <Topics />
      <p>
        <Link className="button button--community" to={`/c/${community.slug}/tickets/new`}>
          {t('community.ask')}
        </Link>
      </p>
    </>
  );
}

export function CommunityNewTicketPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const community = usePortal();
  return (
    <>
      <title>{t('community.docTitle', { name: t('community.newTicket') })}</title>
      <h1>{t('community.newTicket')}</h1>
      <p className="lead">{t('community.askLead', { name: community.name })}</p>
      <NewTicketForm
        community={{ slug: community.slug, services: community.services }}
        onCreated={(ticket) => void navigate(`/tickets/${ticket.id}`)}
      />
    </>
  );
}
