/**
 * Each person's notification settings, stored as Zammad stores them in
 * `users.preferences.notification_config` (REFERENCE §3.4): agents' matrix (event → criteria →
 * channel) and the groups to limit to; customers' `customer: {reply, state}` toggles (ours).
 *
 * Zammad writes the default matrix onto every agent when they are created; an agent of this desk
 * without one (made before this existed, or straight in the database) is treated as holding the
 * defaults, which is what they would hold in Zammad.
 */
import {
  type CustomerNotifications,
  DEFAULT_CUSTOMER_NOTIFICATIONS,
  defaultNotificationMatrix,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_CRITERIA,
  NOTIFICATION_EVENTS,
  type NotificationConfig,
  type NotificationEvent,
  type NotificationMatrix,
  type NotificationRow,
} from '@eosc/zammad-api/notification-config';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { type Actor, hasGroupAccess, isAgent } from '../actor.ts';
import { InvalidError } from '../errors.ts';

const flags = <K extends string>(keys: readonly K[]) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, z.boolean()])) as Record<K, z.ZodBoolean>);

const RowSchema = z.strictObject({
  criteria: flags(NOTIFICATION_CRITERIA),
  channel: flags(NOTIFICATION_CHANNELS),
});

const ConfigSchema = z.strictObject({
  matrix: z.partialRecord(z.enum(NOTIFICATION_EVENTS), RowSchema).optional(),
  // Zammad's web app sends group ids as strings, and `['-']` for "all groups".
  group_ids: z
    .array(z.union([z.number().int().positive(), z.string().regex(/^(\d+|-)$/)]))
    .max(1000)
    .optional(),
  customer: flags(['reply', 'state'] as const).optional(),
});

/** The preferences `PUT /users/preferences` takes: each given key replaces the stored one. */
const PreferencesSchema = z.looseObject({
  notification_config: ConfigSchema.optional(),
  locale: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]{2})?$/i)
    .optional(),
});

/** Keys other than these are ignored (Zammad stores any; we keep the free hash to what we know). */
const WRITABLE = ['notification_config', 'locale'] as const;

function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'preferences';
  return `Invalid value for '${where}': ${issue.message}`;
}

/**
 * Parses `PUT /users/preferences` for this person: a bad shape, a matrix from someone who is not
 * an agent, or a group they cannot read is a 422.
 */
export function parsePreferences(actor: Actor, raw: unknown): Record<string, unknown> {
  const result = PreferencesSchema.safeParse(raw);
  if (!result.success) throw new InvalidError(issueText(result.error.issues[0] as z.core.$ZodIssue));
  const config = result.data.notification_config;
  if (config && (config.matrix !== undefined || config.group_ids !== undefined)) {
    if (!isAgent(actor)) throw new InvalidError('Only agents have a notification matrix.');
    for (const g of config.group_ids ?? []) {
      if (g === '-') continue;
      if (!hasGroupAccess(actor, Number(g), 'read'))
        throw new InvalidError(`Invalid value for 'notification_config.group_ids': no access to group ${g}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of WRITABLE) if (result.data[key] !== undefined) out[key] = result.data[key];
  return out;
}

/** Writes the given preference keys (each replaces the stored key, as Zammad does). */
export async function writePreferences(
  db: Db,
  userId: number,
  prefs: Record<string, unknown>,
): Promise<void> {
  if (Object.keys(prefs).length === 0) return;
  await db.query(
    'UPDATE users SET preferences = preferences || $2::jsonb, updated_at = now(), updated_by_id = $1 WHERE id = $1',
    [userId, JSON.stringify(prefs)],
  );
}

/**
 * `POST /users/preferences_notifications_reset` (Zammad's `reset_notifications_preferences!`):
 * the agent's matrix goes back to the defaults, the chosen groups stay; customers' toggles too.
 */
export async function resetNotificationPreferences(db: Db, actor: Actor): Promise<void> {
  const row = await one<{ preferences: Record<string, unknown> }>(
    db,
    'SELECT preferences FROM users WHERE id = $1 FOR UPDATE',
    [actor.user.id],
  );
  const current = configOf(row?.preferences);
  const next: NotificationConfig = { ...current };
  if (isAgent(actor)) next.matrix = defaultNotificationMatrix();
  if (current.customer !== undefined || !isAgent(actor))
    next.customer = { ...DEFAULT_CUSTOMER_NOTIFICATIONS };
  await writePreferences(db, actor.user.id, { notification_config: next });
}

/** The stored `notification_config`, or `{}`. */
export function configOf(preferences: unknown): NotificationConfig {
  const c = (preferences as { notification_config?: unknown } | null | undefined)?.notification_config;
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as NotificationConfig) : {};
}

/** An agent's matrix: the stored one, else Zammad's defaults (see the module comment). */
export function agentMatrix(preferences: unknown): Partial<NotificationMatrix> {
  return configOf(preferences).matrix ?? defaultNotificationMatrix();
}

/** Whether a customer wants mail on an agent's answer (`reply`) or a state change (`state`). */
export function customerWants(preferences: unknown, what: keyof CustomerNotifications): boolean {
  const c = configOf(preferences).customer;
  return typeof c?.[what] === 'boolean' ? c[what] : DEFAULT_CUSTOMER_NOTIFICATIONS[what];
}

/** What an agent's relation to a ticket is, for the matrix's criteria. */
export interface TicketRelation {
  ownedByMe: boolean;
  ownedByNobody: boolean;
  /** Subscribed to the ticket (a mention). */
  subscribed: boolean;
  groupId: number;
}

/**
 * Zammad's `NotificationFactory::Mailer.notification_settings`: the matrix row of the event
 * (escalation_warning counts as escalation) when one of its criteria holds, else undefined.
 * Outside the chosen groups, only one's own and subscribed tickets count.
 */
export function matrixRow(
  preferences: unknown,
  event: NotificationEvent | 'escalation_warning',
  rel: TicketRelation,
): NotificationRow | undefined {
  const key: NotificationEvent = event === 'escalation_warning' ? 'escalation' : event;
  const data = agentMatrix(preferences)[key];
  if (!data?.criteria || !data.channel) return undefined;
  const subscribed = !rel.ownedByMe && rel.subscribed;
  if (!rel.ownedByMe && !subscribed) {
    const groups = configOf(preferences).group_ids;
    if (Array.isArray(groups) && groups.length > 0 && !(groups.length === 1 && groups[0] === '-')) {
      if (!groups.some((g) => String(g) === String(rel.groupId))) return undefined;
    }
  }
  const c = data.criteria;
  if (
    (c.owned_by_me && rel.ownedByMe) ||
    (c.owned_by_nobody && rel.ownedByNobody) ||
    (c.subscribed && subscribed)
  )
    return data;
  return c.no ? data : undefined;
}
