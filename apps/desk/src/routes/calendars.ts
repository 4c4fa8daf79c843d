import { Hono } from 'hono';
import { z } from 'zod';
import { CALENDARS, timezones } from '../domain/sla/calendars.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { bool, jsonObject, nullableText, text } from '../http/input.ts';
import { reply } from '../http/reply.ts';
import { resourceRoutes } from '../http/resource.ts';
import { now } from '../lib/clock.ts';

const CalendarInput = z.looseObject({
  name: text,
  timezone: text,
  business_hours: jsonObject('business_hours'),
  public_holidays: jsonObject('public_holidays', { blankIsEmpty: true }),
  default: bool,
  ical_url: nullableText,
  note: nullableText,
});

/** Zammad's `/calendars` and `/calendars/timezones` (`admin.calendar`). */
export function calendarsRoutes() {
  const app = new Hono<DeskEnv>();
  app.get('/calendars/timezones', requirePermission('admin.calendar'), (c) =>
    reply(c, { timezones: timezones(now()) }),
  );
  app.route(
    '/',
    resourceRoutes({
      ...CALENDARS,
      path: 'calendars',
      permissions: { read: 'admin.calendar', write: 'admin.calendar' },
      input: CalendarInput,
    }),
  );
  return app;
}
