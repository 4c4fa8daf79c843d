-- The agent inbox: overviews, text modules, shared drafts, and the indexes overview counts need.
-- Zammad seeds its standard overviews in every installation; so do we (below).

CREATE TABLE overviews (
  id serial PRIMARY KEY,
  name text NOT NULL,
  link text NOT NULL,
  prio integer NOT NULL DEFAULT 0,
  condition jsonb NOT NULL DEFAULT '{}',
  "order" jsonb NOT NULL DEFAULT '{"by": "created_at", "direction": "ASC"}',
  group_by text,
  group_direction text,
  organization_shared boolean NOT NULL DEFAULT false,
  out_of_office boolean NOT NULL DEFAULT false,
  view jsonb NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX overviews_link_idx ON overviews (link);

CREATE TABLE overviews_roles (
  overview_id integer NOT NULL REFERENCES overviews (id) ON DELETE CASCADE,
  role_id integer NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (overview_id, role_id)
);
CREATE INDEX overviews_roles_role_idx ON overviews_roles (role_id);

CREATE TABLE overviews_users (
  overview_id integer NOT NULL REFERENCES overviews (id) ON DELETE CASCADE,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (overview_id, user_id)
);

CREATE TABLE text_modules (
  id serial PRIMARY KEY,
  name text NOT NULL,
  keywords text NOT NULL DEFAULT '',
  content text NOT NULL DEFAULT '',
  note text,
  active boolean NOT NULL DEFAULT true,
  foreign_id integer,
  user_id integer REFERENCES users (id) ON DELETE SET NULL,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE groups_text_modules (
  text_module_id integer NOT NULL REFERENCES text_modules (id) ON DELETE CASCADE,
  group_id integer NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  PRIMARY KEY (text_module_id, group_id)
);
CREATE INDEX groups_text_modules_group_idx ON groups_text_modules (group_id);

-- One shared draft per ticket (the reply being written in the ticket zoom); last write wins.
CREATE TABLE ticket_shared_draft_zooms (
  id serial PRIMARY KEY,
  ticket_id integer NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  new_article jsonb NOT NULL DEFAULT '{}',
  ticket_attributes jsonb NOT NULL DEFAULT '{}',
  updated_by_id integer NOT NULL DEFAULT 1,
  created_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ticket_shared_draft_zooms_ticket_idx ON ticket_shared_draft_zooms (ticket_id);

-- Named drafts of new tickets, shared within a group.
CREATE TABLE ticket_shared_draft_starts (
  id serial PRIMARY KEY,
  group_id integer NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  name text NOT NULL,
  content jsonb NOT NULL DEFAULT '{}',
  updated_by_id integer NOT NULL DEFAULT 1,
  created_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX ticket_shared_draft_starts_group_idx ON ticket_shared_draft_starts (group_id);

-- Overview counts and pages: one COUNT and one LIMIT/OFFSET page per overview, each answerable
-- from an index on 100,000 tickets (owner + state for "my" overviews, state + group for the
-- shared ones, the order columns with id as tie-breaker for stable pages).
CREATE INDEX tickets_owner_state_idx ON tickets (owner_id, state_id);
CREATE INDEX tickets_state_group_idx ON tickets (state_id, group_id);
CREATE INDEX tickets_created_at_id_idx ON tickets (created_at, id);
CREATE INDEX tickets_pending_time_idx ON tickets (pending_time) WHERE pending_time IS NOT NULL;
CREATE INDEX tickets_escalation_at_idx ON tickets (escalation_at) WHERE escalation_at IS NOT NULL;
CREATE INDEX mentions_user_idx ON mentions (user_id, mentionable_type, mentionable_id);

-- Zammad's standard overviews (db/seeds/overviews.rb). State lists are resolved by state type,
-- as Ticket::State.by_category does: open = new, open, pending reminder, pending action;
-- work_on_all = new, open, pending reminder; viewable = open + closed.
CREATE FUNCTION pg_temp.desk_state_ids(types text[]) RETURNS jsonb LANGUAGE sql AS $$
  SELECT COALESCE(jsonb_agg(s.id ORDER BY s.id), '[]'::jsonb)
    FROM ticket_states s JOIN ticket_state_types st ON st.id = s.state_type_id
   WHERE st.name = ANY(types)
$$;

INSERT INTO overviews (name, link, prio, condition, "order", group_by, organization_shared, out_of_office, view) VALUES
  ('My Assigned Tickets', 'my_assigned', 1000,
    jsonb_build_object(
      'ticket.state_id', jsonb_build_object('operator', 'is',
        'value', pg_temp.desk_state_ids(ARRAY['new', 'open', 'pending reminder', 'pending action'])),
      'ticket.owner_id', '{"operator": "is", "pre_condition": "current_user.id"}'::jsonb),
    '{"by": "created_at", "direction": "ASC"}', NULL, false, false,
    '{"d": ["title", "customer", "group", "created_at"], "s": ["title", "customer", "group", "created_at"], "m": ["number", "title", "customer", "group", "created_at"], "view_mode_default": "s"}'),
  ('Unassigned & Open Tickets', 'all_unassigned', 1010,
    jsonb_build_object(
      'ticket.state_id', jsonb_build_object('operator', 'is',
        'value', pg_temp.desk_state_ids(ARRAY['new', 'open', 'pending reminder'])),
      'ticket.owner_id', '{"operator": "is", "pre_condition": "not_set"}'::jsonb),
    '{"by": "created_at", "direction": "ASC"}', NULL, false, false,
    '{"d": ["title", "customer", "group", "created_at"], "s": ["title", "customer", "group", "created_at"], "m": ["number", "title", "customer", "group", "created_at"], "view_mode_default": "s"}'),
  ('My Pending Reached Tickets', 'my_pending_reached', 1020,
    jsonb_build_object(
      'ticket.state_id', jsonb_build_object('operator', 'is',
        'value', pg_temp.desk_state_ids(ARRAY['pending reminder'])),
      'ticket.owner_id', '{"operator": "is", "pre_condition": "current_user.id"}'::jsonb,
      'ticket.pending_time', '{"operator": "before (relative)", "value": 0, "range": "minute"}'::jsonb),
    '{"by": "created_at", "direction": "ASC"}', NULL, false, false,
    '{"d": ["title", "customer", "group", "created_at"], "s": ["title", "customer", "group", "created_at"], "m": ["number", "title", "customer", "group", "created_at"], "view_mode_default": "s"}'),
  ('My Subscribed Tickets', 'my_subscribed_tickets', 1025,
    '{"ticket.mention_user_ids": {"operator": "is", "pre_condition": "current_user.id", "value": ""}}',
    '{"by": "created_at", "direction": "ASC"}', NULL, false, false,
    '{"d": ["title", "customer", "group", "created_at"], "s": ["title", "customer", "group", "created_at"], "m": ["number", "title", "customer", "group", "created_at"], "view_mode_default": "s"}'),
  -- EOSC: grouped by group, so the inbox shows "all open tickets, per group I can see" (the
  -- reply's index.groups carries one count per group).
  ('Open Tickets', 'all_open', 1030,
    jsonb_build_object(
      'ticket.state_id', jsonb_build_object('operator', 'is',
        'value', pg_temp.desk_state_ids(ARRAY['new', 'open', 'pending reminder']))),
    '{"by": "created_at", "direction": "ASC"}', 'group', false, false,
    '{"d": ["title", "customer", "group", "state", "owner", "created_at"], "s": ["title", "customer", "group", "state", "owner", "created_at"], "m": ["number", "title", "customer", "group", "state", "owner", "created_at"], "view_mode_default": "s"}'),
  ('Pending Reached Tickets', 'all_pending_reached', 1040,
    jsonb_build_object(
      'ticket.state_id', jsonb_build_object('operator', 'is',
        'value', pg_temp.desk_state_ids(ARRAY['pending reminder'])),
      'ticket.pending_time', '{"operator": "before (relative)", "value": 0, "range": "minute"}'::jsonb),
    '{"by": "created_at", "direction": "ASC"}', NULL, false, false,
    '{"d": ["title", "customer", "group", "owner", "created_at"], "s": ["title", "customer", "group", "owner", "created_at"], "m": ["number", "title", "customer", "group", "owner", "created_at"], "view_mode_default": "s"}'),
  ('Escalated Tickets', 'all_escalated', 1050,
    '{"ticket.escalation_at": {"operator": "till (relative)", "value": "10", "range": "minute"}}',
    '{"by": "escalation_at", "direction": "ASC"}', NULL, false, false,
    '{"d": ["title", "customer", "group", "owner", "escalation_at"], "s": ["title", "customer", "group", "owner", "escalation_at"], "m": ["number", "title", "customer", "group", "owner", "escalation_at"], "view_mode_default": "s"}'),
  ('My Replacement Tickets', 'my_replacement_tickets', 1080,
    jsonb_build_object(
      'ticket.state_id', jsonb_build_object('operator', 'is',
        'value', pg_temp.desk_state_ids(ARRAY['new', 'open', 'pending reminder', 'pending action'])),
      'ticket.out_of_office_replacement_id', '{"operator": "is", "pre_condition": "current_user.id"}'::jsonb),
    '{"by": "created_at", "direction": "DESC"}', NULL, false, true,
    '{"d": ["title", "customer", "group", "owner", "escalation_at"], "s": ["title", "customer", "group", "owner", "escalation_at"], "m": ["number", "title", "customer", "group", "owner", "escalation_at"], "view_mode_default": "s"}'),
  ('My Tickets', 'my_tickets', 1100,
    jsonb_build_object(
      'ticket.state_id', jsonb_build_object('operator', 'is',
        'value', pg_temp.desk_state_ids(ARRAY['new', 'open', 'pending reminder', 'pending action', 'closed'])),
      'ticket.customer_id', '{"operator": "is", "pre_condition": "current_user.id"}'::jsonb),
    '{"by": "created_at", "direction": "DESC"}', NULL, false, false,
    '{"d": ["title", "customer", "state", "created_at"], "s": ["number", "title", "state", "created_at"], "m": ["number", "title", "state", "created_at"], "view_mode_default": "s"}'),
  ('My Organization Tickets', 'my_organization_tickets', 1200,
    jsonb_build_object(
      'ticket.state_id', jsonb_build_object('operator', 'is',
        'value', pg_temp.desk_state_ids(ARRAY['new', 'open', 'pending reminder', 'pending action', 'closed'])),
      'ticket.organization_id', '{"operator": "is", "pre_condition": "current_user.organization_id"}'::jsonb),
    '{"by": "created_at", "direction": "DESC"}', NULL, true, false,
    '{"d": ["title", "customer", "state", "created_at"], "s": ["number", "title", "customer", "state", "created_at"], "m": ["number", "title", "customer", "state", "created_at"], "view_mode_default": "s"}');

INSERT INTO overviews_roles (overview_id, role_id)
SELECT o.id, r.id FROM overviews o JOIN roles r ON r.name = CASE
  WHEN o.link IN ('my_tickets', 'my_organization_tickets') THEN 'Customer' ELSE 'Agent' END;
