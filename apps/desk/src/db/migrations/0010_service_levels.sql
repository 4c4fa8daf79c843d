-- Service levels (docs/service-levels.md): Zammad's calendars and SLAs, the EOSC support-unit
-- fields on groups, the due times the desk computes on tickets, and the worker's job table.

CREATE TABLE calendars (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  timezone text NOT NULL DEFAULT 'UTC',
  business_hours jsonb NOT NULL DEFAULT '{}',
  public_holidays jsonb NOT NULL DEFAULT '{}',
  "default" boolean NOT NULL DEFAULT false,
  ical_url text,
  last_log text,
  last_sync timestamptz(3),
  note text,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
-- At most one default (the domain keeps exactly one while any calendar exists).
CREATE UNIQUE INDEX calendars_default_idx ON calendars ((true)) WHERE "default";

CREATE TABLE slas (
  id serial PRIMARY KEY,
  calendar_id integer NOT NULL REFERENCES calendars (id),
  name text NOT NULL UNIQUE,
  first_response_time integer,
  response_time integer,
  update_time integer,
  solution_time integer,
  condition jsonb NOT NULL DEFAULT '{}',
  -- EOSC: `{"eosc_qos": {"level": "advanced", "priority_id": 4}}` marks the SLAs the desk keeps
  -- for the quality-of-support levels; admins' own SLAs have none.
  data jsonb,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Support units: a group that is one carries its quality-of-support level, its line of support,
-- its mailing list and a short guide for the people who assign tickets to it.
ALTER TABLE groups
  ADD COLUMN support_unit boolean NOT NULL DEFAULT false,
  ADD COLUMN qos_level text CHECK (qos_level IN ('base', 'medium', 'advanced')),
  ADD COLUMN support_line integer CHECK (support_line BETWEEN 1 AND 3),
  ADD COLUMN mailing_list text,
  ADD COLUMN assignment_guide text;

-- EOSC due times beside Zammad's escalation columns (migration 0001).
ALTER TABLE tickets
  ADD COLUMN escalation_warning_at timestamptz(3),
  ADD COLUMN review_at timestamptz(3);
CREATE INDEX tickets_escalation_warning_at_idx ON tickets (escalation_warning_at)
  WHERE escalation_warning_at IS NOT NULL;
CREATE INDEX tickets_review_at_idx ON tickets (review_at) WHERE review_at IS NOT NULL;

-- What the worker has told people about, once per due time: kind `escalation_warning`,
-- `escalation`, `reminder` (pending reminder) or `review`, and the due time it was about.
CREATE TABLE ticket_due_notices (
  ticket_id integer NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  kind text NOT NULL,
  due_at timestamptz(3) NOT NULL,
  noticed_at timestamptz(3) NOT NULL,
  PRIMARY KEY (ticket_id, kind)
);

-- The worker (src/jobs): recurring jobs are rows rescheduled after each run (one per kind);
-- one-off jobs are deleted after success, retried with back-off after a failure and parked
-- (`dead`) after max_attempts. A process claims a job by setting locked_at and its lock_token;
-- a lock older than the lease is a crashed process's, and the job is claimed again.
ALTER TABLE jobs
  ADD COLUMN recurring boolean NOT NULL DEFAULT false,
  ADD COLUMN interval_seconds integer,
  ADD COLUMN lock_token text,
  ADD COLUMN last_run_at timestamptz(3),
  ADD COLUMN last_duration_ms integer,
  ADD COLUMN last_result jsonb,
  ADD COLUMN runs integer NOT NULL DEFAULT 0,
  ADD COLUMN failures integer NOT NULL DEFAULT 0,
  ADD COLUMN max_attempts integer NOT NULL DEFAULT 10,
  ADD COLUMN dead boolean NOT NULL DEFAULT false;
DROP INDEX jobs_run_at_idx;
CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE NOT dead;
CREATE UNIQUE INDEX jobs_recurring_kind_idx ON jobs (kind) WHERE recurring;

INSERT INTO jobs (kind, recurring, interval_seconds, run_at) VALUES
  ('escalation', true, 60, now()),
  ('pending_reminder', true, 60, now()),
  ('pending_close', true, 60, now()),
  ('review', true, 3600, now());

-- EOSC review rule: open tickets untouched for five working days, for their unit's agents.
INSERT INTO overviews (name, link, prio, condition, "order", group_by, organization_shared, out_of_office, view)
SELECT 'Needs Review', 'all_needs_review', 1060,
  jsonb_build_object(
    'ticket.state_id', jsonb_build_object('operator', 'is', 'value', (
      SELECT COALESCE(jsonb_agg(s.id ORDER BY s.id), '[]'::jsonb)
        FROM ticket_states s JOIN ticket_state_types st ON st.id = s.state_type_id
       WHERE st.name IN ('new', 'open'))),
    'ticket.review_at', '{"operator": "before (relative)", "value": 0, "range": "minute"}'::jsonb),
  '{"by": "review_at", "direction": "ASC"}', 'group', false, false,
  '{"d": ["title", "customer", "group", "owner", "review_at"], "s": ["title", "customer", "group", "owner", "review_at"], "m": ["number", "title", "customer", "group", "owner", "review_at"], "view_mode_default": "s"}';
INSERT INTO overviews_roles (overview_id, role_id)
SELECT o.id, r.id FROM overviews o JOIN roles r ON r.name = 'Agent' WHERE o.link = 'all_needs_review';
