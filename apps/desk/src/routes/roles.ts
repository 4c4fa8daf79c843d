import { z } from 'zod';
import { ROLES } from '../domain/roles.ts';
import { bool, ref } from '../http/input.ts';
import { resourceRoutes } from '../http/resource.ts';

const RoleInput = z.looseObject({
  permission_ids: ref,
  permissions: ref,
  group_ids: ref,
  groups: ref,
  active: bool,
  default_at_signup: bool,
});

/** Roles: readable by agents and customers (reduced), writable with admin.role; no DELETE route. */
export const rolesRoutes = () =>
  resourceRoutes({
    ...ROLES,
    path: 'roles',
    permissions: { read: ['ticket.agent', 'ticket.customer', 'admin.role'], write: 'admin.role' },
    actions: ['index', 'show', 'create', 'update'],
    input: RoleInput,
  });
