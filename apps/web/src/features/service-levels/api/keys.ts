/** Query keys of the service-level administration (units, calendars, SLAs, the worker's jobs). */
export const serviceLevelKeys = {
  all: ['service-levels'] as const,
  units: () => [...serviceLevelKeys.all, 'units'] as const,
  calendars: () => [...serviceLevelKeys.all, 'calendars'] as const,
  timezones: () => [...serviceLevelKeys.all, 'timezones'] as const,
  slas: () => [...serviceLevelKeys.all, 'slas'] as const,
  jobs: () => [...serviceLevelKeys.all, 'jobs'] as const,
  services: () => [...serviceLevelKeys.all, 'services'] as const,
};
