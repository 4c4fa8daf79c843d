import type { QueryClient } from '@tanstack/react-query';
import type { LoaderFunctionArgs } from 'react-router';
import { requireAgent } from '@/app/session';
import { calendarsQueryOptions, timezonesQueryOptions } from '@/features/service-levels/api/calendars';
import { jobsQueryOptions } from '@/features/service-levels/api/jobs';
import { adminServicesQueryOptions } from '@/features/service-levels/api/services';
import { slasQueryOptions } from '@/features/service-levels/api/slas';
import { unitsQueryOptions } from '@/features/service-levels/api/units';
import { CalendarsAdmin } from '@/features/service-levels/components/calendars-admin';
import { JobsAdmin } from '@/features/service-levels/components/jobs-admin';
import { ServicesAdmin } from '@/features/service-levels/components/services-admin';
import { SlasAdmin } from '@/features/service-levels/components/slas-admin';
import { UnitsAdmin } from '@/features/service-levels/components/units-admin';

/*
 * The service-level administration: support units, calendars, SLAs, the worker's jobs. A 403
 * from the server (the admin lacks admin.group, admin.calendar, admin.sla or admin.scheduler)
 * becomes the Forbidden page.
 */

type Fetch = (queryClient: QueryClient) => Promise<unknown>;

function loader(queryClient: QueryClient, ...fetches: Fetch[]) {
  return async ({ request }: LoaderFunctionArgs) => {
    await requireAgent(queryClient, request);
    await Promise.all(fetches.map((f) => f(queryClient)));
    return null;
  };
}

export const agentAdminUnitsLoader = (qc: QueryClient) =>
  loader(qc, (q) => q.ensureQueryData(unitsQueryOptions()));

export const agentAdminCalendarsLoader = (qc: QueryClient) =>
  loader(
    qc,
    (q) => q.ensureQueryData(calendarsQueryOptions()),
    (q) => q.ensureQueryData(timezonesQueryOptions()),
  );

export const agentAdminSlasLoader = (qc: QueryClient) =>
  loader(qc, (q) => q.ensureQueryData(slasQueryOptions()));

export const agentAdminJobsLoader = (qc: QueryClient) =>
  loader(qc, (q) => q.ensureQueryData(jobsQueryOptions()));

export const agentAdminServicesLoader = (qc: QueryClient) =>
  loader(qc, (q) => q.ensureQueryData(adminServicesQueryOptions()));

export const AgentAdminUnitsPage = UnitsAdmin;
export const AgentAdminServicesPage = ServicesAdmin;
export const AgentAdminCalendarsPage = CalendarsAdmin;
export const AgentAdminSlasPage = SlasAdmin;
export const AgentAdminJobsPage = JobsAdmin;
