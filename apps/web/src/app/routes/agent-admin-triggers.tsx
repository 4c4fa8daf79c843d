import type { QueryClient } from '@tanstack/react-query';
import type { LoaderFunctionArgs } from 'react-router';
import { requireAgent } from '@/app/session';
import { triggersQueryOptions } from '@/features/triggers/api/triggers';
import { webhooksQueryOptions } from '@/features/triggers/api/webhooks';
import { TriggersAdmin } from '@/features/triggers/components/triggers-admin';
import { WebhooksAdmin } from '@/features/triggers/components/webhooks-admin';

/*
 * Trigger and webhook administration. A 403 from the server (the admin lacks admin.trigger or
 * admin.webhook) becomes the Forbidden page.
 */

export const agentAdminTriggersLoader =
  (queryClient: QueryClient) =>
  async ({ request }: LoaderFunctionArgs) => {
    await requireAgent(queryClient, request);
    await queryClient.ensureQueryData(triggersQueryOptions());
    return null;
  };

export const agentAdminWebhooksLoader =
  (queryClient: QueryClient) =>
  async ({ request }: LoaderFunctionArgs) => {
    await requireAgent(queryClient, request);
    await queryClient.ensureQueryData(webhooksQueryOptions());
    return null;
  };

export const AgentAdminTriggersPage = TriggersAdmin;
export const AgentAdminWebhooksPage = WebhooksAdmin;
