import type { OwnDesk } from './own-desk.ts';

/*
 * The data both report paths are compared on, written through the desk's API at chosen instants
 * of its clock (winter 2026/27; the demo's "EOSC working hours" are 08:00–16:00 UTC on weekdays):
 * tickets in five units and the non-unit group `Users`, four priorities, seven services, both
 * ticket types, web and phone; first responses in and out of time, internal notes (never
 * responses), closings, a ticket reopened and closed again and one reopened for good, a merge, a
 * pending ticket, a ticket open from before the period, unanswered tickets past and before their
 * due time. An extra SLA (`A EUDAT resolution`, first by name) gives EUDAT Support's tickets a
 * solution time, so `close_in_min` is filled for them (the QoS SLAs promise responses only).
 */

export const ADMIN = 'admin@example.org';
export const AGENT = 'agent@example.org';
export const LEAD = 'lead@example.org';
export const MANAGER = 'manager@example.org';
const CUSTOMER = 'customer@example.org';

/** The comparison period: 90 days from Monday 2027-01-04; the clock ends inside it (Saturday 04-03). */
export const PERIOD = { from: '2027-01-04', to: '2027-04-03' };

interface Spec {
  group: string;
  priority: string;
  service?: string;
  type?: 'incident' | 'service_request';
  channel: 'web' | 'phone';
}

type Step =
  | { at: string; create: string; spec: Spec }
  | { at: string; answer: string; by: string; note?: true }
  | { at: string; update: string; by: string; body: Record<string, unknown> }
  | { at: string; merge: string; into: string };

const EGI = 'EGI Support';
const EUDAT = 'EUDAT Support';
const FIRST = 'First-Line Support';
const OPENAIRE = 'OpenAIRE Support';
const PORTAL = 'EOSC Portal Support';

const STEPS: Step[] = [
  // Open from before the period, first closed inside it.
  {
    at: '2026-12-21T09:00:00Z',
    create: 't11',
    spec: {
      group: OPENAIRE,
      priority: '3 high',
      service: 'openaire-explore',
      type: 'service_request',
      channel: 'phone',
    },
  },
  { at: '2026-12-21T10:00:00Z', answer: 't11', by: ADMIN },
  { at: '2026-12-22T09:00:00Z', update: 't11', by: ADMIN, body: { owner: ADMIN } },
  // Answered in time, closed, reopened, closed again (counted once, at its first closing).
  {
    at: '2027-01-04T09:00:00Z',
    create: 't1',
    spec: { group: EGI, priority: '3 high', service: 'egi-check-in', type: 'incident', channel: 'web' },
  },
  { at: '2027-01-04T09:20:00Z', answer: 't1', by: LEAD },
  { at: '2027-01-04T09:30:00Z', update: 't1', by: LEAD, body: { owner: LEAD } },
  { at: '2027-01-05T10:00:00Z', update: 't1', by: LEAD, body: { state: 'closed' } },
  // Internal note first (not a response), a late answer, closed with a resolution time.
  {
    at: '2027-01-05T08:30:00Z',
    create: 't2',
    spec: {
      group: EUDAT,
      priority: '2 normal',
      service: 'b2share',
      type: 'service_request',
      channel: 'phone',
    },
  },
  { at: '2027-01-05T09:00:00Z', answer: 't2', by: ADMIN, note: true },
  { at: '2027-01-06T15:00:00Z', answer: 't2', by: ADMIN },
  { at: '2027-01-06T15:10:00Z', update: 't2', by: ADMIN, body: { owner: ADMIN } },
  { at: '2027-01-07T10:00:00Z', update: 't2', by: ADMIN, body: { state: 'closed' } },
  { at: '2027-01-08T09:00:00Z', update: 't1', by: LEAD, body: { state: 'open' } },
  { at: '2027-01-11T12:00:00Z', update: 't1', by: LEAD, body: { state: 'closed' } },
  // Answered at once, pending a while, then closed.
  {
    at: '2027-01-12T10:00:00Z',
    create: 't3',
    spec: { group: EUDAT, priority: '4 top priority', service: 'b2drop', type: 'incident', channel: 'web' },
  },
  { at: '2027-01-12T10:20:00Z', answer: 't3', by: LEAD },
  {
    at: '2027-01-12T11:00:00Z',
    update: 't3',
    by: LEAD,
    body: { owner: LEAD, state: 'pending reminder', pending_time: '2027-01-19T09:00:00Z' },
  },
  // t4 is merged into t5 (created, then gone from the backlog; left out of the other panels).
  {
    at: '2027-01-13T11:00:00Z',
    create: 't5',
    spec: {
      group: FIRST,
      priority: '2 normal',
      service: 'eosc-marketplace',
      type: 'service_request',
      channel: 'web',
    },
  },
  {
    at: '2027-01-13T12:00:00Z',
    create: 't4',
    spec: {
      group: FIRST,
      priority: '2 normal',
      service: 'eosc-marketplace',
      type: 'incident',
      channel: 'web',
    },
  },
  { at: '2027-01-13T12:30:00Z', answer: 't4', by: AGENT },
  { at: '2027-01-13T13:00:00Z', merge: 't4', into: 't5' },
  { at: '2027-01-14T09:00:00Z', answer: 't5', by: AGENT },
  { at: '2027-01-14T09:05:00Z', update: 't5', by: AGENT, body: { owner: AGENT } },
  { at: '2027-01-15T10:00:00Z', update: 't11', by: ADMIN, body: { state: 'closed' } },
  { at: '2027-01-20T09:00:00Z', update: 't3', by: LEAD, body: { state: 'closed' } },
  { at: '2027-02-01T10:00:00Z', update: 't5', by: AGENT, body: { state: 'closed' } },
  // Never answered: breached long ago, still open.
  {
    at: '2027-02-02T09:00:00Z',
    create: 't6',
    spec: { group: OPENAIRE, priority: '1 low', service: 'zenodo', type: 'incident', channel: 'phone' },
  },
  { at: '2027-02-02T09:30:00Z', answer: 't6', by: ADMIN, note: true },
  // Answered, closed by an agent the same week.
  {
    at: '2027-02-15T09:00:00Z',
    create: 't7',
    spec: { group: EGI, priority: '3 high', service: 'egi-cloud-compute', type: 'incident', channel: 'web' },
  },
  { at: '2027-02-15T09:30:00Z', answer: 't7', by: LEAD },
  { at: '2027-02-16T09:00:00Z', update: 't7', by: LEAD, body: { owner: LEAD, state: 'closed' } },
  // Answered, closed, reopened for good.
  {
    at: '2027-03-01T10:00:00Z',
    create: 't8',
    spec: { group: EUDAT, priority: '2 normal', service: 'b2share', type: 'service_request', channel: 'web' },
  },
  { at: '2027-03-02T10:00:00Z', answer: 't8', by: LEAD },
  { at: '2027-03-03T10:00:00Z', update: 't8', by: LEAD, body: { owner: LEAD, state: 'closed' } },
  { at: '2027-03-10T10:00:00Z', update: 't8', by: LEAD, body: { state: 'open' } },
  // A group that is no unit (no SLA, no QoS level), answered by an agent.
  {
    at: '2027-03-15T10:00:00Z',
    create: 't9',
    spec: { group: 'Users', priority: '2 normal', channel: 'web' },
  },
  { at: '2027-03-16T10:00:00Z', answer: 't9', by: AGENT },
  { at: '2027-03-16T10:05:00Z', update: 't9', by: AGENT, body: { owner: AGENT } },
  // Portal: answered late, closed, in the period's last weeks.
  {
    at: '2027-03-22T08:00:00Z',
    create: 't12',
    spec: {
      group: PORTAL,
      priority: '2 normal',
      service: 'eosc-marketplace',
      type: 'incident',
      channel: 'phone',
    },
  },
  { at: '2027-03-26T15:00:00Z', answer: 't12', by: ADMIN },
  { at: '2027-03-29T09:00:00Z', update: 't12', by: ADMIN, body: { owner: ADMIN, state: 'closed' } },
  // Near the end: unanswered, one past due by the end, one still running.
  {
    at: '2027-04-01T09:00:00Z',
    create: 't10',
    spec: {
      group: EGI,
      priority: '4 top priority',
      service: 'egi-datahub',
      type: 'incident',
      channel: 'web',
    },
  },
  {
    at: '2027-04-03T10:00:00Z',
    create: 't13',
    spec: { group: EUDAT, priority: '3 high', service: 'b2share', type: 'incident', channel: 'web' },
  },
];

/** Where the clock stands when the figures are asked for. */
export const FINAL_CLOCK = '2027-04-03T10:30:00Z';

export interface Fixture {
  tickets: Record<string, { id: number; number: string }>;
  groups: Record<string, number>;
  priorities: Record<string, number>;
}

function ok<T extends { status: number; body: unknown }>(res: T, what: string, status = [200, 201]): T {
  if (!status.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

export async function buildFixture(desk: OwnDesk): Promise<Fixture> {
  const groups = Object.fromEntries(
    (
      ok(await desk.call('GET', '/groups', undefined, ADMIN), 'groups').body as { id: number; name: string }[]
    ).map((g) => [g.name, g.id]),
  );
  const priorities = Object.fromEntries(
    (
      ok(await desk.call('GET', '/ticket_priorities', undefined, ADMIN), 'priorities').body as {
        id: number;
        name: string;
      }[]
    ).map((p) => [p.name, p.id]),
  );
  const calendars = ok(await desk.call('GET', '/calendars', undefined, ADMIN), 'calendars').body as {
    id: number;
  }[];
  await desk.at('2026-12-20T09:00:00Z');
  ok(
    await desk.call(
      'POST',
      '/slas',
      {
        name: 'A EUDAT resolution',
        calendar_id: calendars[0]?.id,
        first_response_time: 120,
        solution_time: 960,
        condition: { 'ticket.group_id': { operator: 'is', value: [String(groups[EUDAT])] } },
      },
      ADMIN,
    ),
    'sla',
  );
  const tickets: Fixture['tickets'] = {};
  const id = (key: string) => (tickets[key] as { id: number }).id;
  // Each ticket's steps are listed in order; the clock only moves forward.
  const timeline = [...STEPS].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const step of timeline) {
    await desk.at(step.at);
    if ('create' in step) {
      const s = step.spec;
      const res = ok(
        await desk.call(
          'POST',
          '/tickets',
          {
            title: `Report check ${step.create}`,
            group: s.group,
            priority: s.priority,
            customer: CUSTOMER,
            ...(s.service ? { eosc_service: s.service } : {}),
            ...(s.type ? { eosc_ticket_type: s.type } : {}),
            article: { body: 'Something is broken.', type: s.channel, sender: 'Customer', internal: false },
          },
          ADMIN,
        ),
        `create ${step.create}`,
      );
      tickets[step.create] = { id: res.body.id, number: res.body.number };
    } else if ('answer' in step) {
      ok(
        await desk.call(
          'POST',
          '/ticket_articles',
          {
            ticket_id: id(step.answer),
            body: step.note ? 'Checking internally.' : 'We are on it.',
            type: step.note ? 'note' : 'phone',
            internal: step.note === true,
          },
          step.by,
        ),
        `answer ${step.answer}`,
      );
    } else if ('update' in step) {
      ok(await desk.call('PUT', `/tickets/${id(step.update)}`, step.body, step.by), `update ${step.update}`);
    } else {
      const target = tickets[step.into] as { number: string };
      const res = ok(
        await desk.call('PUT', `/ticket_merge/${id(step.merge)}/${target.number}`, undefined, ADMIN),
        'merge',
      );
      if (res.body.result !== 'success') throw new Error(`merge: ${JSON.stringify(res.body)}`);
    }
  }
  await desk.at(FINAL_CLOCK);
  return { tickets, groups, priorities };
}
