import type { User } from '@/lib/session';
import type { Article, TicketSummary } from '@/lib/tickets/types';

let sequence = 0;
const next = () => ++sequence;

export function buildUser(overrides: Partial<User> = {}): User {
  const id = overrides.id ?? next();
  return {
    id,
    login: `customer${id}@example.org`,
    firstname: 'Casey',
    lastname: 'Customer',
    email: `customer${id}@example.org`,
    name: 'Casey Customer',
    roles: ['Customer'],
    is_agent: false,
    is_admin: false,
    reports: null,
    ...overrides,
  };
}

export function buildAgent(overrides: Partial<User> = {}): User {
  return buildUser({
    login: 'agent@example.org',
    email: 'agent@example.org',
    firstname: 'Avery',
    lastname: 'Agent',
    name: 'Avery Agent',
    roles: ['Agent'],
    is_agent: true,
    ...overrides,
  });
}

export function buildTicket(overrides: Partial<TicketSummary> = {}): TicketSummary {
  const id = overrides.id ?? next();
  return {
    id,
    number: String(31000 + id),
    title: `Ticket ${id}`,
    state: 'open',
    state_id: 2,
    state_type: 'open',
    priority: '2 normal',
    priority_id: 2,
    group: 'Users',
    group_id: 1,
    customer: { id: 100, name: 'Casey Customer' },
    owner: null,
    organization: null,
    article_count: 1,
    created_at: '2026-11-20T09:30:00Z',
    updated_at: '2026-11-21T14:05:00Z',
    escalation_at: null,
    escalation_warning_at: null,
    escalation_target: null,
    unit: null,
    ...overrides,
  };
}

export function buildArticle(overrides: Partial<Article> = {}): Article {
  return {
    id: next(),
    from: 'Casey Customer <customer@example.org>',
    body: 'Hello, I need help.',
    content_type: 'text/plain',
    internal: false,
    sender: 'Customer',
    type: 'web',
    subject: null,
    to: null,
    cc: null,
    delivery: null,
    author: { id: 100, name: 'Casey Customer' },
    created_at: '2026-11-20T09:30:00Z',
    attachments: [],
    ...overrides,
  };
}
