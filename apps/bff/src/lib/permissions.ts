import type { Schemas, ZammadClient } from '@eosc/zammad-api';
import type { Context, MiddlewareHandler } from 'hono';
import type { BffEnv } from '../context.ts';
import { BffError } from './errors.ts';

/** A role in full, or reduced (as a customer sees it: no permissions). */
export type AnyRole = Partial<Schemas['Role']> & Pick<Schemas['Role'], 'id' | 'name'>;

/** Does a permission list grant `wanted` (a parent such as `admin` grants `admin.overview`)? */
export function grants(perms: readonly string[], wanted: string): boolean {
  return perms.some((p) => p === wanted || wanted.startsWith(`${p}.`));
}

/** The permissions held by the active roles named `roleNames`, read from the helpdesk's roles. */
export async function rolePermissions(
  upstream: ZammadClient,
  roleNames: readonly string[],
): Promise<string[]> {
  const mine = new Set(roleNames);
  const roles: AnyRole[] = await upstream.GET('/roles', {
    params: { query: { expand: 'true' } },
    expect: 'list',
  });
  return roles.filter((r) => r.active !== false && mine.has(r.name)).flatMap((r) => r.permissions ?? []);
}

/** The permissions the signed-in person's active roles hold. */
function heldPermissions(c: Context<BffEnv>): Promise<string[]> {
  return rolePermissions(c.get('upstream'), c.get('session')?.roles ?? []);
}

/** What the signed-in person may administer (the agent area shows links for these only). */
export async function personPermissions(c: Context<BffEnv>) {
  const perms = await heldPermissions(c);
  return {
    overviewAdmin: grants(perms, 'admin.overview'),
    kbEditor: grants(perms, 'knowledge_base.editor'),
    groupAdmin: grants(perms, 'admin.group'),
    calendarAdmin: grants(perms, 'admin.calendar'),
    slaAdmin: grants(perms, 'admin.sla'),
    schedulerAdmin: grants(perms, 'admin.scheduler'),
    mailAdmin: grants(perms, 'admin.channel_email'),
    triggerAdmin: grants(perms, 'admin.trigger'),
    webhookAdmin: grants(perms, 'admin.webhook'),
    serviceAdmin: grants(perms, 'admin.object'),
    communityAdmin: grants(perms, 'admin.community'),
  };
}

/**
 * Route middleware: the person's roles must grant `permission`, checked by the BFF itself before
 * any upstream call (the upstream checks again: every call acts for the person). A customer or
 * an agent without it gets 403 here, so an admin page never half-loads for them.
 */
export function requirePermission(permission: string): MiddlewareHandler<BffEnv> {
  return async (c, next) => {
    if (!grants(await heldPermissions(c), permission))
      throw new BffError(403, 'forbidden', `This needs the permission ${permission}.`);
    await next();
  };
}
