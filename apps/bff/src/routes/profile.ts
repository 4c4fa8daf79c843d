import {
  type CustomerNotifications,
  DEFAULT_CUSTOMER_NOTIFICATIONS,
  defaultNotificationMatrix,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_CRITERIA,
  NOTIFICATION_EVENTS,
  type NotificationConfig,
  type NotificationMatrix,
  type User,
} from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BffEnv } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { signedIn } from '../middleware/session.ts';
import { ErrorSchema, endpoint, jsonBody, reply, ticketErrorResponses } from '../openapi.ts';

/*
 * The person's notification settings (issue 14), kept where Zammad keeps them: the upstream's
 * `preferences.notification_config`, read from `/users/me` and written with Zammad's own
 * `PUT /users/preferences`, so it works against a real Zammad too.
 */

const flags = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.boolean()])) as Record<K, z.ZodBoolean>).strict();

const MatrixRow = z
  .object({ criteria: flags(NOTIFICATION_CRITERIA), channel: flags(NOTIFICATION_CHANNELS) })
  .strict()
  .openapi('NotificationMatrixRow', {
    description:
      'criteria: my tickets (owned_by_me), not assigned (owned_by_nobody), subscribed, all tickets of my groups (no); channel: e-mail, online (the bell).',
  });

const Matrix = z
  .object(
    Object.fromEntries(NOTIFICATION_EVENTS.map((e) => [e, MatrixRow])) as Record<string, typeof MatrixRow>,
  )
  .strict()
  .openapi('NotificationMatrix', { description: 'Zammad’s notification matrix: one row per event.' });

const CustomerToggles = z
  .object({
    reply: z.boolean().openapi({ description: 'Mail me when an agent answers my request.' }),
    state: z.boolean().openapi({ description: "Mail me when my request's state changes." }),
  })
  .strict()
  .openapi('CustomerNotifications');

const Settings = z
  .object({
    kind: z.enum(['agent', 'customer']),
    matrix: Matrix.nullable().openapi({ description: 'Agents only.' }),
    group_ids: z.array(z.number().int()).openapi({
      description: 'Agents: groups "not assigned" and "all tickets" are limited to; empty: all.',
    }),
    groups: z
      .array(z.object({ id: z.number().int(), name: z.string() }))
      .openapi({ description: 'Agents: the groups they may limit to (those they can read).' }),
    customer: CustomerToggles.nullable().openapi({ description: 'Customers only.' }),
  })
  .openapi('NotificationSettings');

const SettingsUpdate = z
  .object({
    matrix: Matrix.optional(),
    group_ids: z.array(z.number().int().positive()).max(1000).optional(),
    customer: CustomerToggles.optional(),
  })
  .strict()
  .openapi('NotificationSettingsUpdate');

const getSettings = createRoute({
  ...endpoint('get', '/bff/profile/notifications', 'The signed-in person’s notification settings', signedIn),
  responses: { 200: reply('The settings', Settings), ...ticketErrorResponses },
});

const putSettings = createRoute({
  ...endpoint('put', '/bff/profile/notifications', signedIn),
  summary: 'Changes the notification settings (agents: matrix and groups; customers: the two toggles)',
  request: { body: jsonBody(SettingsUpdate) },
  responses: {
    200: reply('The settings as saved', Settings),
    422: reply('The helpdesk refused them', ErrorSchema),
    ...ticketErrorResponses,
  },
});

const resetSettings = createRoute({
  ...endpoint(
    'post',
    '/bff/profile/notifications/reset',
    'Puts the notification settings back to the defaults',
    signedIn,
  ),
  responses: { 200: reply('The settings after the reset', Settings), ...ticketErrorResponses },
});

type Me = User & { preferences?: { notification_config?: unknown } };

/** The stored config, read leniently (a real Zammad keeps what its versions wrote). */
function storedConfig(me: Me): NotificationConfig {
  const c = me.preferences?.notification_config;
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as NotificationConfig) : {};
}

/** The stored matrix with every cell a boolean; none stored: Zammad's defaults. */
function matrixOf(config: NotificationConfig): NotificationMatrix {
  if (!config.matrix) return defaultNotificationMatrix();
  const out = defaultNotificationMatrix();
  for (const e of NOTIFICATION_EVENTS) {
    const row = config.matrix[e] as
      | { criteria?: Record<string, unknown>; channel?: Record<string, unknown> }
      | undefined;
    for (const k of NOTIFICATION_CRITERIA)
      out[e].criteria[k] = row?.criteria?.[k] === true || row?.criteria?.[k] === 'true';
    for (const k of NOTIFICATION_CHANNELS)
      out[e].channel[k] = row?.channel?.[k] === true || row?.channel?.[k] === 'true';
  }
  return out;
}

const numericIds = (ids: unknown): number[] =>
  Array.isArray(ids) ? ids.map((g) => Number(g)).filter((g) => Number.isSafeInteger(g) && g > 0) : [];

async function load(c: Context<BffEnv>) {
  const upstream = c.get('upstream');
  const me = (await upstream.GET('/users/me', { expect: 'User' })) as Me;
  const isAgent = c.get('session')?.is_agent === true;
  let groups: { id: number; name: string }[] = [];
  if (isAgent) {
    const access = (me.group_ids ?? {}) as Record<string, string[]>;
    const all = await upstream.GET('/groups', { params: { query: { per_page: 500 } }, expect: 'list' });
    groups = all
      .filter((g) => (access[String(g.id)]?.length ?? 0) > 0)
      .map((g) => ({ id: g.id, name: g.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  return { me, isAgent, groups, config: storedConfig(me) };
}

function shape(isAgent: boolean, config: NotificationConfig, groups: { id: number; name: string }[]) {
  const readable = new Set(groups.map((g) => g.id));
  const customer: CustomerNotifications = { ...DEFAULT_CUSTOMER_NOTIFICATIONS, ...(config.customer ?? {}) };
  return {
    kind: isAgent ? ('agent' as const) : ('customer' as const),
    matrix: isAgent ? matrixOf(config) : null,
    group_ids: isAgent ? numericIds(config.group_ids).filter((g) => readable.has(g)) : [],
    groups,
    customer: isAgent ? null : { reply: customer.reply === true, state: customer.state === true },
  };
}

export function profileRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(getSettings, async (c) => {
    const { isAgent, groups, config } = await load(c);
    return c.json(shape(isAgent, config, groups), 200);
  });

  app.openapi(putSettings, async (c) => {
    const body = c.req.valid('json');
    const { isAgent, groups, config } = await load(c);
    if (!isAgent && (body.matrix || body.group_ids))
      throw new BffError(400, 'invalid_input', 'Only agents have a notification matrix.');
    const readable = new Set(groups.map((g) => g.id));
    const unknown = body.group_ids?.find((g) => !readable.has(g));
    if (unknown !== undefined)
      throw new BffError(400, 'invalid_input', `group_ids: no access to group ${unknown}`);
    // The whole config is written (Zammad replaces the key); what is not changed stays.
    const next: NotificationConfig = { ...config };
    if (isAgent) {
      next.matrix = body.matrix ? (body.matrix as NotificationMatrix) : matrixOf(config);
      next.group_ids = body.group_ids ?? numericIds(config.group_ids).filter((g) => readable.has(g));
    } else if (body.customer) next.customer = body.customer;
    await c.get('upstream').PUT('/users/preferences', { body: { notification_config: next } });
    return c.json(shape(isAgent, next, groups), 200);
  });

  app.openapi(resetSettings, async (c) => {
    await c.get('upstream').POST('/users/preferences_notifications_reset');
    const { isAgent, groups, config } = await load(c);
    return c.json(shape(isAgent, config, groups), 200);
  });

  return app;
}
