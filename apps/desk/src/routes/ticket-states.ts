import { Hono } from 'hono';
import { z } from 'zod';
import { TICKET_PRIORITIES, TICKET_STATES } from '../domain/ticket-lookups.ts';
import type { DeskEnv } from '../http/env.ts';
import { bool, ref } from '../http/input.ts';
import { resourceRoutes } from '../http/resource.ts';

const LookupInput = z.looseObject({
  state_type: ref,
  state_type_id: ref,
  next_state: ref,
  next_state_id: ref,
  default_create: bool,
  default_follow_up: bool,
  ignore_escalation: bool,
  active: bool,
});

/** Agents, customers and report readers (their filters name them) read; the table's admin permission writes. */
const permissions = (admin: string) => ({
  read: ['ticket.agent', 'ticket.customer', 'report', admin],
  write: admin,
});

/** `/ticket_states` and `/ticket_priorities`. */
export function ticketStatesRoutes() {
  const app = new Hono<DeskEnv>();
  app.route(
    '/',
    resourceRoutes({
      ...TICKET_STATES,
      path: 'ticket_states',
      permissions: permissions('admin.ticket_state'),
      input: LookupInput,
    }),
  );
  app.route(
    '/',
    resourceRoutes({
      ...TICKET_PRIORITIES,
      path: 'ticket_priorities',
      permissions: permissions('admin.ticket_priority'),
      input: LookupInput,
    }),
  );
  return app;
}
