import { z } from 'zod';
import { ORGANIZATIONS, seesAllOrganizations } from '../domain/organizations.ts';
import { bool, ref } from '../http/input.ts';
import { resourceRoutes } from '../http/resource.ts';

const OrganizationInput = z.looseObject({
  member_ids: ref,
  members: ref,
  secondary_member_ids: ref,
  secondary_members: ref,
  shared: bool,
  domain_assignment: bool,
  active: bool,
  vip: bool,
});

/** Organizations: anyone signed in reads what they may see; agents and admin.organization write. */
export const organizationsRoutes = () =>
  resourceRoutes({
    ...ORGANIZATIONS,
    path: 'organizations',
    permissions: { read: null, write: ['ticket.agent', 'admin.organization'] },
    input: OrganizationInput,
    // Zammad answers a customer without any organization with an empty object.
    showsNothingTo: (actor) => !seesAllOrganizations(actor) && actor.organizationIds.length === 0,
  });
