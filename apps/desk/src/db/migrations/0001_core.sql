-- Core of a Zammad-compatible helpdesk. Kept within PostgreSQL 15 (Debian) and 18 (PGlite).
-- Column names follow Zammad's, so replies can be built from rows directly.

CREATE TABLE settings (
  name text PRIMARY KEY,
  value jsonb NOT NULL
);

CREATE TABLE permissions (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  note text,
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE organizations (
  id serial PRIMARY KEY,
  name text NOT NULL,
  shared boolean NOT NULL DEFAULT true,
  domain text NOT NULL DEFAULT '',
  domain_assignment boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  vip boolean NOT NULL DEFAULT false,
  note text,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organizations_name_idx ON organizations (lower(name));

CREATE TABLE users (
  id serial PRIMARY KEY,
  organization_id integer REFERENCES organizations (id),
  login text NOT NULL,
  firstname text NOT NULL DEFAULT '',
  lastname text NOT NULL DEFAULT '',
  email text NOT NULL DEFAULT '',
  image text,
  image_source text,
  web text NOT NULL DEFAULT '',
  password text,
  phone text NOT NULL DEFAULT '',
  fax text NOT NULL DEFAULT '',
  mobile text NOT NULL DEFAULT '',
  department text NOT NULL DEFAULT '',
  street text NOT NULL DEFAULT '',
  zip text NOT NULL DEFAULT '',
  city text NOT NULL DEFAULT '',
  country text NOT NULL DEFAULT '',
  address text NOT NULL DEFAULT '',
  vip boolean NOT NULL DEFAULT false,
  verified boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  note text NOT NULL DEFAULT '',
  last_login timestamptz(3),
  source text,
  login_failed integer NOT NULL DEFAULT 0,
  out_of_office boolean NOT NULL DEFAULT false,
  out_of_office_start_at date,
  out_of_office_end_at date,
  out_of_office_replacement_id integer,
  preferences jsonb NOT NULL DEFAULT '{}',
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_login_idx ON users (lower(login));
CREATE UNIQUE INDEX users_email_idx ON users (lower(email)) WHERE email <> '';
CREATE INDEX users_organization_idx ON users (organization_id);

-- secondary organizations
CREATE TABLE organizations_users (
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  organization_id integer NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, organization_id)
);

CREATE TABLE roles (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  preferences jsonb NOT NULL DEFAULT '{}',
  default_at_signup boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  note text,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE permissions_roles (
  role_id integer NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  permission_id integer NOT NULL REFERENCES permissions (id) ON DELETE CASCADE,
  PRIMARY KEY (role_id, permission_id)
);

CREATE TABLE roles_users (
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id integer NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, role_id)
);

CREATE TABLE groups (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  name_last text NOT NULL,
  parent_id integer REFERENCES groups (id),
  signature_id integer,
  email_address_id integer,
  assignment_timeout integer,
  follow_up_possible text NOT NULL DEFAULT 'yes',
  reopen_time_in_days integer,
  follow_up_assignment boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true,
  shared_drafts boolean NOT NULL DEFAULT true,
  note text,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- access: read | create | change | overview | full
CREATE TABLE groups_users (
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  group_id integer NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  access text NOT NULL,
  PRIMARY KEY (user_id, group_id, access)
);

CREATE TABLE groups_roles (
  role_id integer NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  group_id integer NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  access text NOT NULL,
  PRIMARY KEY (role_id, group_id, access)
);

CREATE TABLE ticket_state_types (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  note text,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE ticket_states (
  id serial PRIMARY KEY,
  state_type_id integer NOT NULL REFERENCES ticket_state_types (id),
  name text NOT NULL UNIQUE,
  next_state_id integer REFERENCES ticket_states (id),
  ignore_escalation boolean NOT NULL DEFAULT false,
  default_create boolean NOT NULL DEFAULT false,
  default_follow_up boolean NOT NULL DEFAULT false,
  note text,
  active boolean NOT NULL DEFAULT true,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE ticket_priorities (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  default_create boolean NOT NULL DEFAULT false,
  ui_icon text,
  ui_color text,
  note text,
  active boolean NOT NULL DEFAULT true,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE ticket_article_types (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  communication boolean NOT NULL,
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE ticket_article_senders (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE
);

CREATE SEQUENCE ticket_number_seq START 1;

CREATE TABLE tickets (
  id serial PRIMARY KEY,
  group_id integer NOT NULL REFERENCES groups (id),
  priority_id integer NOT NULL REFERENCES ticket_priorities (id),
  state_id integer NOT NULL REFERENCES ticket_states (id),
  organization_id integer REFERENCES organizations (id),
  number text NOT NULL UNIQUE,
  title text NOT NULL,
  owner_id integer NOT NULL REFERENCES users (id),
  customer_id integer NOT NULL REFERENCES users (id),
  note text,
  first_response_at timestamptz(3),
  first_response_escalation_at timestamptz(3),
  first_response_in_min integer,
  first_response_diff_in_min integer,
  close_at timestamptz(3),
  close_escalation_at timestamptz(3),
  close_in_min integer,
  close_diff_in_min integer,
  update_escalation_at timestamptz(3),
  update_in_min integer,
  update_diff_in_min integer,
  last_close_at timestamptz(3),
  last_contact_at timestamptz(3),
  last_contact_agent_at timestamptz(3),
  last_contact_customer_at timestamptz(3),
  last_owner_update_at timestamptz(3),
  create_article_type_id integer REFERENCES ticket_article_types (id),
  create_article_sender_id integer REFERENCES ticket_article_senders (id),
  article_count integer NOT NULL DEFAULT 0,
  escalation_at timestamptz(3),
  pending_time timestamptz(3),
  type text,
  time_unit numeric(10, 2),
  preferences jsonb NOT NULL DEFAULT '{}',
  updated_by_id integer NOT NULL DEFAULT 1,
  created_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX tickets_group_idx ON tickets (group_id);
CREATE INDEX tickets_customer_idx ON tickets (customer_id);
CREATE INDEX tickets_organization_idx ON tickets (organization_id);
CREATE INDEX tickets_owner_idx ON tickets (owner_id);
CREATE INDEX tickets_state_idx ON tickets (state_id);
CREATE INDEX tickets_updated_at_idx ON tickets (updated_at);

CREATE TABLE ticket_articles (
  id serial PRIMARY KEY,
  ticket_id integer NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  type_id integer NOT NULL REFERENCES ticket_article_types (id),
  sender_id integer NOT NULL REFERENCES ticket_article_senders (id),
  "from" text,
  "to" text,
  cc text,
  subject text,
  reply_to text,
  message_id text,
  message_id_md5 text,
  in_reply_to text,
  content_type text NOT NULL DEFAULT 'text/plain',
  "references" text,
  body text NOT NULL DEFAULT '',
  internal boolean NOT NULL DEFAULT false,
  preferences jsonb NOT NULL DEFAULT '{}',
  origin_by_id integer REFERENCES users (id),
  time_unit numeric(10, 2),
  updated_by_id integer NOT NULL DEFAULT 1,
  created_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX ticket_articles_ticket_idx ON ticket_articles (ticket_id, id);

-- Content-addressed file store; attachments point at it.
CREATE TABLE store_files (
  id serial PRIMARY KEY,
  sha text NOT NULL UNIQUE,
  data bytea NOT NULL
);

CREATE TABLE attachments (
  id serial PRIMARY KEY,
  object text NOT NULL,
  o_id integer NOT NULL,
  filename text NOT NULL,
  size integer NOT NULL,
  preferences jsonb NOT NULL DEFAULT '{}',
  store_file_id integer NOT NULL REFERENCES store_files (id),
  created_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX attachments_object_idx ON attachments (object, o_id);

CREATE TABLE tag_items (
  id serial PRIMARY KEY,
  name text NOT NULL,
  name_downcase text NOT NULL UNIQUE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE tags (
  id serial PRIMARY KEY,
  tag_item_id integer NOT NULL REFERENCES tag_items (id) ON DELETE CASCADE,
  object text NOT NULL,
  o_id integer NOT NULL,
  created_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (object, o_id, tag_item_id)
);
CREATE INDEX tags_item_idx ON tags (tag_item_id);

CREATE TABLE link_types (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE
);

CREATE TABLE links (
  id serial PRIMARY KEY,
  link_type_id integer NOT NULL REFERENCES link_types (id),
  link_object_source text NOT NULL,
  link_object_source_value integer NOT NULL,
  link_object_target text NOT NULL,
  link_object_target_value integer NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX links_source_idx ON links (link_object_source, link_object_source_value);
CREATE INDEX links_target_idx ON links (link_object_target, link_object_target_value);

CREATE TABLE online_notifications (
  id serial PRIMARY KEY,
  o_id integer NOT NULL,
  object text NOT NULL,
  type text NOT NULL,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  seen boolean NOT NULL DEFAULT false,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX online_notifications_user_idx ON online_notifications (user_id, id DESC);

CREATE TABLE mentions (
  id serial PRIMARY KEY,
  mentionable_type text NOT NULL,
  mentionable_id integer NOT NULL,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (mentionable_type, mentionable_id, user_id)
);

CREATE TABLE user_access_tokens (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  preferences jsonb NOT NULL DEFAULT '{}',
  last_used_at timestamptz(3),
  expires_at date,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE histories (
  id bigserial PRIMARY KEY,
  o_id integer NOT NULL,
  object text NOT NULL,
  type text NOT NULL,
  attribute text,
  value_from text,
  value_to text,
  id_from integer,
  id_to integer,
  related_object text,
  related_o_id integer,
  created_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX histories_object_idx ON histories (object, o_id);

-- Background work (notifications, SLA, webhooks, mail, sync): nothing lost when a process dies.
CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  run_at timestamptz(3) NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  locked_at timestamptz(3),
  last_error text,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX jobs_run_at_idx ON jobs (run_at) WHERE locked_at IS NULL;
