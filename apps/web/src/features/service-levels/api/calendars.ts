import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';
import { serviceLevelKeys } from './keys';

export type Calendar = MethodResponse<Bff, 'get', '/bff/agent/admin/calendars'>['items'][number];
export type CalendarInput = JsonBody<BffPaths['/bff/agent/admin/calendars']['post']>;
export type BusinessHours = Calendar['business_hours'];
export type Weekday = keyof BusinessHours;
export type Holidays = Calendar['public_holidays'];
export type Timezone = MethodResponse<Bff, 'get', '/bff/agent/admin/calendars/timezones'>['items'][number];

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function calendarsQueryOptions() {
  return queryOptions({
    queryKey: serviceLevelKeys.calendars(),
    queryFn: async ({ signal }) => unwrap(await bff.GET('/bff/agent/admin/calendars', { signal })).items,
  });
}

export function useCalendars() {
  return useQuery(calendarsQueryOptions());
}

export function timezonesQueryOptions() {
  return queryOptions({
    queryKey: serviceLevelKeys.timezones(),
    queryFn: async ({ signal }) =>
      unwrap(await bff.GET('/bff/agent/admin/calendars/timezones', { signal })).items,
    staleTime: 3_600_000,
  });
}

export function useTimezones() {
  return useQuery(timezonesQueryOptions());
}

/** A calendar change moves due times: the SLAs' view of it is stale too. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: serviceLevelKeys.all });
}

export function useSaveCalendar() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ id, input }: { id: number | null; input: CalendarInput }) =>
      id === null
        ? unwrap(await bff.POST('/bff/agent/admin/calendars', { body: input }))
        : unwrap(await bff.PUT('/bff/agent/admin/calendars/{id}', { params: { path: { id } }, body: input })),
    onSettled: invalidate,
  });
}

export function useDeleteCalendar() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (id: number) =>
      // 204 without a body: the client's middleware throws on a refusal, there is nothing to unwrap.
      void (await bff.DELETE('/bff/agent/admin/calendars/{id}', { params: { path: { id } } })),
    onSettled: invalidate,
  });
}

/** Monday to Friday, 09:00–17:00: what a new calendar starts with. */
export function defaultHours(): BusinessHours {
  const day = (active: boolean) => ({
    active,
    timeframes: active ? [['09:00', '17:00'] as [string, string]] : [],
  });
  return {
    mon: day(true),
    tue: day(true),
    wed: day(true),
    thu: day(true),
    fri: day(true),
    sat: day(false),
    sun: day(false),
  };
}
