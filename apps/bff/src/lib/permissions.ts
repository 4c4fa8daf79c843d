import type { Schemas } from '@eosc/zammad-api';
import type { Context } from 'hono';
import type { BffEnv } from '../context.ts';

/** A role in full, or reduced (as a customer sees it: no permissions). */
export type AnyRole = Partial<Schemas['Role']> & Pick<Schemas['Role'], 'id' | 'name'>;

/** Does a permission list grant `wanted` (a parent such as `admin` grants `admin.overview`)? */
export function grants(perms: readonly string[], wanted: string): boolean {
  return perms.some((p) => p === wanted || wanted.startsWith(`${p}.`));
}

/** What the signed-in person's active roles grant, read from the helpdesk's roles. */
export async function personPermissions(c: Context<BffEnv>) {
  const mine = new Set(c.get('session')?.roles ?? []);
  const roles: AnyRole[] = await c
    .get('upstream')
    .GET('/roles', { params: { query: { expand: 'true' } }, expect: 'list' });
  const perms = roles
    .filter((r) => r.active !== false && mine.has(r.name))
    .flatMap((r) => r.permissions ?? []);
  return {
    overviewAdmin: grants(perms, 'admin.overview'),
    kbEditor: grants(perms, 'knowledge_base.editor'),
  };
}
