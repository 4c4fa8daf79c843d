import { z } from 'zod';
import { GROUPS } from '../domain/groups.ts';
import { bool, nullableText, ref, text } from '../http/input.ts';
import { resourceRoutes } from '../http/resource.ts';

/** What the group rules read; other columns (and custom fields) pass as sent. */
const GroupInput = z.looseObject({
  name: text,
  name_last: text,
  parent_id: ref,
  parent: ref,
  user_ids: ref,
  active: bool,
  follow_up_assignment: bool,
  shared_drafts: bool,
  // EOSC support units (domain/sla/units.ts checks the values).
  support_unit: bool,
  qos_level: nullableText,
  support_line: ref,
  mailing_list: nullableText,
  assignment_guide: nullableText,
  // EOSC: the unit's leads (domain/groups.ts checks the ids).
  eosc_lead_ids: ref,
});

/** Groups: agents and customers read (customers a reduced, scoped list), `admin.group` writes. */
export const groupsRoutes = () =>
  resourceRoutes({
    ...GROUPS,
    path: 'groups',
    permissions: { read: ['ticket.agent', 'ticket.customer', 'admin.group'], write: 'admin.group' },
    input: GroupInput,
  });
