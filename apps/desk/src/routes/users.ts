import { z } from 'zod';
import { loadRow } from '../domain/records.ts';
import type { Row } from '../domain/shapes.ts';
import { canUpdateUser, USERS } from '../domain/users.ts';
import { bool, input, ref, ShapeQuery } from '../http/input.ts';
import { reply } from '../http/reply.ts';
import { itemBody, resourceRoutes } from '../http/resource.ts';

/** What the user rules read; other columns (and custom fields) pass as sent. */
const UserInput = z.looseObject({
  login: ref,
  email: ref,
  password: ref,
  role_ids: ref,
  roles: ref,
  group_ids: ref,
  groups: ref,
  organization_id: ref,
  organization: ref,
  organization_ids: ref,
  organizations: ref,
  active: bool,
  vip: bool,
  verified: bool,
  out_of_office: bool,
});

/**
 * Users: the policies are Zammad's (UserPolicy): anyone signed in reads what they may see,
 * agents and admin.user create, admin.user edits anyone and agents edit customers, admin.user
 * deletes. An anonymous `POST /users` is the sign-up (accounts.ts, mounted before this).
 */
export function userRoutes() {
  const app = resourceRoutes({
    ...USERS,
    path: 'users',
    permissions: { read: null, create: ['ticket.agent', 'admin.user'], update: null, delete: 'admin.user' },
    input: UserInput,
    paging: { default: 100, max: 1000 },
    unsortable: ['password'],
    canUpdate: canUpdateUser,
  });

  app.get('/users/me', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const row = await loadRow<Row>(db, 'users', 'User', actor.user.id);
    return reply(c, await itemBody(USERS, db, actor, row, (await input(c, ShapeQuery)).shape));
  });

  return app;
}
