import type { QueryClient } from '@tanstack/react-query';
import type { LoaderFunctionArgs } from 'react-router';
import { requireAgent } from '@/app/session';
import { type MailStatus, mailQueryOptions } from '@/features/mail/api/mail';
import { MailAdmin } from '@/features/mail/components/mail-admin';

/** The e-mail channel for admins (`admin.channel_email`; a 403 becomes the Forbidden page). */
export const agentAdminMailLoader =
  (queryClient: QueryClient) =>
  async ({ request }: LoaderFunctionArgs) => {
    await requireAgent(queryClient, request);
    const url = new URL(request.url);
    const statuses: MailStatus[] = ['pending', 'processed', 'ignored', 'failed'];
    const status = statuses.find((s) => s === url.searchParams.get('status'));
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    await queryClient.ensureQueryData(mailQueryOptions(status, page));
    return null;
  };

export const AgentAdminMailPage = MailAdmin;
