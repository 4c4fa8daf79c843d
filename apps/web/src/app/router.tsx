import type { QueryClient } from '@tanstack/react-query';
import type { RouteObject } from 'react-router';
import { Status } from '@/components/status';
import { AppShell } from './app-shell';
import { RootError, RouteError } from './route-error';
import {
  CommunityHelpPage,
  CommunityHomePage,
  CommunityNewTicketPage,
  CommunityShell,
  communityLoader,
  communityNewTicketLoader,
} from './routes/community';
import { HelpAnswerPage, helpAnswerLoader } from './routes/help-answer';
import { HelpCategoryPage, helpCategoryLoader } from './routes/help-category';
import { HelpHomePage, helpHomeLoader } from './routes/help-home';
import { HelpSearchPage, helpSearchLoader } from './routes/help-search';
import { HelpError, HelpShell, helpShellLoader } from './routes/help-shell';
import { LoginPage, loginLoader } from './routes/login';
import { NewTicketPage } from './routes/new-ticket';
import { NotFoundPage } from './routes/not-found';
import { PasswordResetPage, PasswordResetRequestPage } from './routes/password-reset';
import { PortalPage, portalLoader } from './routes/portal';
import { SignupPage, SignupVerifyPage, signedOutOnlyLoader } from './routes/signup';
import { TicketPage, ticketLoader } from './routes/ticket';
import { requireUser } from './session';

/** The route tree; a function of the QueryClient so tests can run it in a memory router. */
export function createRoutes(queryClient: QueryClient): RouteObject[] {
  return [
    {
      id: 'root',
      errorElement: <RootError />,
      hydrateFallbackElement: <Status tone="loading">Loading…</Status>,
      children: [
        { path: 'login', loader: loginLoader(queryClient), Component: LoginPage },
        // Self-service accounts: public, like the sign-in page.
        { path: 'signup', loader: signedOutOnlyLoader(queryClient), Component: SignupPage },
        { path: 'signup/verify/:token', Component: SignupVerifyPage },
        {
          path: 'password-reset',
          loader: signedOutOnlyLoader(queryClient),
          Component: PasswordResetRequestPage,
        },
        { path: 'password-reset/:token', Component: PasswordResetPage },
        {
          // The help center is public: no sign-in needed.
          path: 'help',
          loader: helpShellLoader(queryClient),
          Component: HelpShell,
          children: [
            {
              errorElement: <HelpError />,
              children: [
                { index: true, loader: helpHomeLoader(queryClient), Component: HelpHomePage },
                { path: 'search', loader: helpSearchLoader(queryClient), Component: HelpSearchPage },
                {
                  path: ':locale/categories/:id',
                  loader: helpCategoryLoader(queryClient),
                  Component: HelpCategoryPage,
                },
                {
                  path: ':locale/answers/:id',
                  loader: helpAnswerLoader(queryClient),
                  Component: HelpAnswerPage,
                },
                { path: '*', Component: HelpError },
              ],
            },
          ],
        },
        {
          // A community's own portal and help center (issue 16): public, under its branding.
          path: 'c/:slug',
          loader: communityLoader(queryClient),
          Component: CommunityShell,
          errorElement: <HelpError />,
          children: [
            { index: true, Component: CommunityHomePage },
            { path: 'help', Component: CommunityHelpPage },
            // The help center's pages inside the community's frame (links stay under /c/<slug>/help).
            {
              path: 'help/:locale/categories/:id',
              loader: helpCategoryLoader(queryClient),
              Component: HelpCategoryPage,
            },
            {
              path: 'help/:locale/answers/:id',
              loader: helpAnswerLoader(queryClient),
              Component: HelpAnswerPage,
            },
            {
              path: 'tickets/new',
              loader: communityNewTicketLoader(queryClient),
              Component: CommunityNewTicketPage,
            },
          ],
        },
        {
          id: 'signed-in',
          loader: async ({ request }) => {
            await requireUser(queryClient, request);
            return null;
          },
          Component: AppShell,
          children: [
            {
              // Pathless, so a failing page shows its error inside the shell.
              errorElement: <RouteError />,
              children: [
                { index: true, loader: portalLoader(queryClient), Component: PortalPage },
                { path: 'tickets/new', Component: NewTicketPage },
                { path: 'tickets/:id', loader: ticketLoader(queryClient), Component: TicketPage },
                {
                  path: 'profile',
                  lazy: async () => {
                    const m = await import('./routes/profile');
                    return { loader: m.profileLoader(queryClient), Component: m.ProfilePage };
                  },
                },
                // Agent pages are separate chunks: the customer portal never downloads them.
                {
                  path: 'agent',
                  lazy: async () => {
                    const { AgentInboxPage, agentInboxLoader } = await import('./routes/agent-inbox');
                    return { loader: agentInboxLoader(queryClient), Component: AgentInboxPage };
                  },
                },
                {
                  path: 'agent/admin/overviews',
                  lazy: async () => {
                    const m = await import('./routes/agent-admin-overviews');
                    return {
                      loader: m.agentAdminOverviewsLoader(queryClient),
                      Component: m.AgentAdminOverviewsPage,
                    };
                  },
                },
                {
                  path: 'agent/admin/units',
                  lazy: async () => {
                    const m = await import('./routes/agent-admin-service-levels');
                    return {
                      loader: m.agentAdminUnitsLoader(queryClient),
                      Component: m.AgentAdminUnitsPage,
                    };
                  },
                },
                {
                  path: 'agent/admin/services',
                  lazy: async () => {
                    const m = await import('./routes/agent-admin-service-levels');
                    return {
                      loader: m.agentAdminServicesLoader(queryClient),
                      Component: m.AgentAdminServicesPage,
                    };
                  },
                },
                {
                  path: 'agent/admin/communities',
                  lazy: async () => {
                    const m = await import('./routes/agent-admin-communities');
                    return {
                      loader: m.agentAdminCommunitiesLoader(queryClient),
                      Component: m.AgentAdminCommunitiesPage,
                    };
                  },
                },
                {
                  path: 'agent/admin/calendars',
                  lazy: async () => {
                    const m = await import('./routes/agent-admin-service-levels');
                    return {
                      loader: m.agentAdminCalendarsLoader(queryClient),
                      Component: m.AgentAdminCalendarsPage,
                    };
                  },
                },
                {
                  path: 'agent/admin/slas',
                  lazy: async () => {
                    const m = await import('./routes/agent-admin-service-levels');
                    return {
                      loader: m.agentAdminSlasLoader(queryClient),
                      Component: m.AgentAdminSlasPage,
                    };
                  },
                },
                {
                  path: 'agent/admin/triggers',
                  lazy: async () => {
                    const m = await import('./routes/agent-admin-triggers');
                    return {
                      loader: m.agentAdminTriggersLoader(queryClient),
                      Component: m.AgentAdminTriggersPage,
                    };
                  },
                },
                {
                  path: 'agent/admin/webhooks',
                  lazy: async () => {
                    const m = await import('./routes/agent-admin-triggers');
                    return {
                      loader: m.agentAdminWebhooksLoader(queryClient),
                      Component: m.AgentAdminWebhooksPage,
                    };
                  },
                },
                {
                  path: 'agent/admin/jobs',
                  lazy: async () => {
                    const m = await import('./routes/agent-admin-service-levels');
                    return {
                      loader: m.agentAdminJobsLoader(queryClient),
                      Component: m.AgentAdminJobsPage,
                    };
                  },
                },
                {
                  path: 'agent/admin/mail',
                  lazy: async () => {
                    const m = await import('./routes/agent-admin-mail');
                    return { loader: m.agentAdminMailLoader(queryClient), Component: m.AgentAdminMailPage };
                  },
                },
                {
                  path: 'agent/kb',
                  lazy: async () => {
                    const m = await import('./routes/agent-kb');
                    return { loader: m.agentKbLoader(queryClient), Component: m.AgentKbPage };
                  },
                },
                {
                  path: 'agent/kb/answers/:id',
                  lazy: async () => {
                    const m = await import('./routes/agent-kb');
                    return { loader: m.agentKbAnswerLoader(queryClient), Component: m.AgentKbAnswerPage };
                  },
                },
                {
                  path: 'agent/tickets/:id',
                  lazy: async () => {
                    const { AgentTicketPage, agentTicketLoader } = await import('./routes/agent-ticket');
                    return { loader: agentTicketLoader(queryClient), Component: AgentTicketPage };
                  },
                },
                // Reports are their own chunk too: neither the portal nor the inbox loads them.
                {
                  path: 'reports',
                  lazy: async () => {
                    const m = await import('./routes/reports');
                    return {
                      loader: m.reportsLoader(queryClient),
                      shouldRevalidate: m.reportsShouldRevalidate,
                      Component: m.ReportsPage,
                    };
                  },
                },
                {
                  path: 'reports/monthly',
                  lazy: async () => {
                    const m = await import('./routes/reports');
                    return { loader: m.reportsLoader(queryClient), Component: m.MonthlyReportPage };
                  },
                },
                { path: '*', Component: NotFoundPage },
              ],
            },
          ],
        },
      ],
    },
  ];
}
