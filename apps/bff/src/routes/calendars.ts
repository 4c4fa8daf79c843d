import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { requirePermission } from '../lib/permissions.ts';
import { requireSession } from '../middleware/session.ts';
import { endpoint, IdParam, jsonBody, recordErrorResponses, reply } from '../openapi.ts';

/*
 * Business calendars (Zammad's): a time zone, business hours per weekday and public holidays.
 * SLAs count working time in them. `admin.calendar`, checked here and by the helpdesk.
 */

const errors = recordErrorResponses('No such calendar');
const mw = [requireSession, requirePermission('admin.calendar')];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const HHMM = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'a time as HH:MM');
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

const DaySchema = z
  .object({
    active: z.boolean(),
    timeframes: z
      .array(z.tuple([HHMM, HHMM]))
      .max(10)
      .refine((frames) => frames.every(([from, to]) => minutes(from) < minutes(to)), {
        message: 'Each time frame ends after it starts.',
      })
      .refine(
        (frames) => {
          const sorted = [...frames].sort((a, b) => minutes(a[0]) - minutes(b[0]));
          return sorted.every((f, i) => i === 0 || minutes(f[0]) >= minutes(sorted[i - 1]?.[1] ?? '00:00'));
        },
        { message: 'Time frames of one day must not overlap.' },
      ),
  })
  .refine((d) => !d.active || d.timeframes.length > 0, {
    message: 'A working day needs at least one time frame.',
  })
  .openapi('BusinessDay');

const BusinessHoursSchema = z
  .object(
    Object.fromEntries(WEEKDAYS.map((d) => [d, DaySchema])) as Record<
      (typeof WEEKDAYS)[number],
      typeof DaySchema
    >,
  )
  .openapi('BusinessHours', { description: '`"23:59"` as an end means the end of the day.' });

const HolidaySchema = z
  .object({ active: z.boolean(), summary: z.string().trim().max(250) })
  .openapi('PublicHoliday');

const HolidaysSchema = z
  .record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'), HolidaySchema)
  .openapi('PublicHolidays', { description: 'By date; an inactive holiday is a working day.' });

const CalendarSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    timezone: z.string(),
    business_hours: BusinessHoursSchema,
    public_holidays: HolidaysSchema,
    default: z.boolean(),
    note: z.string().nullable(),
  })
  .openapi('AdminCalendar');

const CalendarInput = z
  .object({
    name: z.string().trim().min(1, 'Give the calendar a name.').max(250),
    timezone: z.string().regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$|^UTC$/, 'an IANA time zone'),
    business_hours: BusinessHoursSchema,
    public_holidays: HolidaysSchema.default({}),
    default: z.boolean().optional(),
    note: z.string().trim().max(5000).nullable().optional(),
  })
  .openapi('AdminCalendarInput');

const TimezoneSchema = z
  .object({ name: z.string(), offset: z.number().openapi({ description: 'Hours from UTC now.' }) })
  .openapi('CalendarTimezone');

const list = createRoute({
  ...endpoint('get', '/bff/agent/admin/calendars', 'Business calendars (admin.calendar)', mw),
  responses: { 200: reply('Calendars', z.object({ items: z.array(CalendarSchema) })), ...errors },
});

const timezones = createRoute({
  ...endpoint('get', '/bff/agent/admin/calendars/timezones', mw),
  summary: 'Time zones a calendar may use, with their offsets now (admin.calendar)',
  responses: { 200: reply('Time zones', z.object({ items: z.array(TimezoneSchema) })), ...errors },
});

const create = createRoute({
  ...endpoint('post', '/bff/agent/admin/calendars', 'Create a calendar (admin.calendar)', mw),
  request: { body: jsonBody(CalendarInput) },
  responses: { 201: reply('Created', CalendarSchema), ...errors },
});

const update = createRoute({
  ...endpoint('put', '/bff/agent/admin/calendars/{id}', 'Change a calendar (admin.calendar)', mw),
  request: { params: IdParam, body: jsonBody(CalendarInput) },
  responses: { 200: reply('Changed', CalendarSchema), ...errors },
});

const remove = createRoute({
  ...endpoint('delete', '/bff/agent/admin/calendars/{id}', mw),
  summary: 'Delete a calendar (admin.calendar; the helpdesk refuses while an SLA uses it)',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors },
});

/** Business hours as the page edits them: every weekday present, unknown keys dropped. */
function hoursOf(raw: Schemas['Calendar']['business_hours']): z.infer<typeof BusinessHoursSchema> {
  const day = (d: string) => {
    const v = (raw as Record<string, { active?: boolean; timeframes?: string[][] } | undefined>)[d];
    const frames = (v?.timeframes ?? []).flatMap(([from, to]) =>
      from && to
        ? [[from.padStart(5, '0'), to === '24:00' ? '23:59' : to.padStart(5, '0')] as [string, string]]
        : [],
    );
    return { active: v?.active === true, timeframes: frames };
  };
  return Object.fromEntries(WEEKDAYS.map((d) => [d, day(d)])) as z.infer<typeof BusinessHoursSchema>;
}

function shape(c: Schemas['Calendar']): z.infer<typeof CalendarSchema> {
  const holidays: z.infer<typeof HolidaysSchema> = {};
  for (const [date, h] of Object.entries(c.public_holidays ?? {})) {
    if (!h) continue;
    // A feed's holiday the admin removed is a working day, like an inactive one.
    holidays[date] = { active: h.active !== false && h.removed !== true, summary: h.summary ?? '' };
  }
  return {
    id: c.id,
    name: c.name,
    timezone: c.timezone,
    business_hours: hoursOf(c.business_hours),
    public_holidays: holidays,
    default: c.default,
    note: c.note ?? null,
  };
}

export function calendarRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(list, async (c) => {
    const all = await c
      .get('upstream')
      .GET('/calendars', { params: { query: { per_page: 500 } }, expect: 'list' });
    return c.json({ items: all.map(shape).sort((a, b) => a.name.localeCompare(b.name)) }, 200);
  });

  app.openapi(timezones, async (c) => {
    const { timezones: zones } = await c.get('upstream').GET('/calendars/timezones');
    const items = Object.entries(zones)
      .map(([name, offset]) => ({ name, offset }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return c.json({ items }, 200);
  });

  app.openapi(create, async (c) => {
    const created = await c
      .get('upstream')
      .POST('/calendars', { body: c.req.valid('json'), expect: 'Calendar' });
    return c.json(shape(created), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const changed = await c.get('upstream').PUT('/calendars/{id}', {
      params: { path: { id } },
      body: c.req.valid('json'),
      expect: 'Calendar',
    });
    return c.json(shape(changed), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    await c.get('upstream').DELETE('/calendars/{id}', { params: { path: { id } } });
    return c.body(null, 204);
  });

  return app;
}
