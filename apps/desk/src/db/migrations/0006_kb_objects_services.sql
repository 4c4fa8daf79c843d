-- Knowledge base (Zammad's KnowledgeBase models), object manager attributes (custom fields) and
-- the EOSC service catalogue. Kept within PostgreSQL 15 and PGlite.

CREATE TABLE knowledge_bases (
  id serial PRIMARY KEY,
  iconset text NOT NULL DEFAULT 'FontAwesome',
  color_highlight text NOT NULL DEFAULT '#38ae6a',
  color_header text NOT NULL DEFAULT '#f9fafb',
  color_header_link text NOT NULL DEFAULT 'hsl(206,8%,50%)',
  homepage_layout text NOT NULL DEFAULT 'grid',
  category_layout text NOT NULL DEFAULT 'grid',
  active boolean NOT NULL DEFAULT true,
  show_feed_icon boolean NOT NULL DEFAULT false,
  custom_address text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- `locale` is the system locale's code (Zammad keeps it in `locales`, referenced by system_locale_id).
CREATE TABLE knowledge_base_locales (
  id serial PRIMARY KEY,
  knowledge_base_id integer NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
  system_locale_id integer NOT NULL,
  locale text NOT NULL,
  name text NOT NULL,
  "primary" boolean NOT NULL DEFAULT false,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (knowledge_base_id, locale)
);

CREATE TABLE knowledge_base_translations (
  id serial PRIMARY KEY,
  knowledge_base_id integer NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
  kb_locale_id integer NOT NULL REFERENCES knowledge_base_locales (id) ON DELETE CASCADE,
  title text NOT NULL,
  footer_note text NOT NULL DEFAULT '',
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (knowledge_base_id, kb_locale_id)
);

CREATE TABLE knowledge_base_categories (
  id serial PRIMARY KEY,
  knowledge_base_id integer NOT NULL REFERENCES knowledge_bases (id),
  parent_id integer REFERENCES knowledge_base_categories (id),
  category_icon text NOT NULL DEFAULT 'f115',
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_base_categories_parent_idx ON knowledge_base_categories (knowledge_base_id, parent_id);

CREATE TABLE knowledge_base_category_translations (
  id serial PRIMARY KEY,
  category_id integer NOT NULL REFERENCES knowledge_base_categories (id) ON DELETE CASCADE,
  kb_locale_id integer NOT NULL REFERENCES knowledge_base_locales (id) ON DELETE CASCADE,
  title text NOT NULL,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, translate(title, '<>', '‹›'))) STORED,
  UNIQUE (category_id, kb_locale_id)
);
CREATE INDEX knowledge_base_category_translations_search_idx
  ON knowledge_base_category_translations USING gin (search_vector);

-- Visibility follows the timestamps: none = draft, internal_at = internal,
-- published_at = published, archived_at = archived (see domain/knowledge-base.ts).
CREATE TABLE knowledge_base_answers (
  id serial PRIMARY KEY,
  category_id integer NOT NULL REFERENCES knowledge_base_categories (id),
  position integer NOT NULL DEFAULT 0,
  promoted boolean NOT NULL DEFAULT false,
  internal_note text,
  internal_at timestamptz(3),
  internal_by_id integer REFERENCES users (id),
  published_at timestamptz(3),
  published_by_id integer REFERENCES users (id),
  archived_at timestamptz(3),
  archived_by_id integer REFERENCES users (id),
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_base_answers_category_idx ON knowledge_base_answers (category_id, position);

CREATE TABLE knowledge_base_answer_translation_contents (
  id serial PRIMARY KEY,
  body text NOT NULL DEFAULT ''
);

-- body_text is the plain text of the content body (kept by the domain code) so that the
-- full-text vector and ts_headline snippets come from one row; 'simple' suits every language.
-- '<' and '>' are swapped for look-alikes before parsing: the text-search parser would take
-- `<script>` in plain text for a tag and skip what follows.
CREATE TABLE knowledge_base_answer_translations (
  id serial PRIMARY KEY,
  answer_id integer NOT NULL REFERENCES knowledge_base_answers (id) ON DELETE CASCADE,
  kb_locale_id integer NOT NULL REFERENCES knowledge_base_locales (id) ON DELETE CASCADE,
  content_id integer NOT NULL REFERENCES knowledge_base_answer_translation_contents (id),
  title text NOT NULL,
  body_text text NOT NULL DEFAULT '',
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, translate(title, '<>', '‹›')), 'A') ||
    setweight(to_tsvector('simple'::regconfig, translate(body_text, '<>', '‹›')), 'B')
  ) STORED,
  UNIQUE (answer_id, kb_locale_id)
);
CREATE INDEX knowledge_base_answer_translations_search_idx
  ON knowledge_base_answer_translations USING gin (search_vector);

-- The one knowledge base every installation has, with English (primary) and German.
INSERT INTO knowledge_bases (id) VALUES (1);
SELECT setval('knowledge_bases_id_seq', 1);
INSERT INTO knowledge_base_locales (id, knowledge_base_id, system_locale_id, locale, name, "primary") VALUES
  (1, 1, 1, 'en-us', 'English (United States)', true),
  (2, 1, 2, 'de-de', 'Deutsch', false);
SELECT setval('knowledge_base_locales_id_seq', 2);
INSERT INTO knowledge_base_translations (knowledge_base_id, kb_locale_id, title, footer_note) VALUES
  (1, 1, 'Help Center', ''),
  (1, 2, 'Hilfe-Center', '');

-- Object manager: every attribute of Ticket, User, Organization and Group. Core attributes
-- (editable false) describe built-in columns; custom ones become columns when migrations run.
CREATE TABLE object_manager_attributes (
  id serial PRIMARY KEY,
  object text NOT NULL,
  name text NOT NULL,
  display text NOT NULL,
  data_type text NOT NULL,
  data_option jsonb NOT NULL DEFAULT '{}',
  data_option_new jsonb NOT NULL DEFAULT '{}',
  editable boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true,
  screens jsonb NOT NULL DEFAULT '{}',
  to_create boolean NOT NULL DEFAULT false,
  to_migrate boolean NOT NULL DEFAULT false,
  to_delete boolean NOT NULL DEFAULT false,
  to_config boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (object, name)
);

INSERT INTO object_manager_attributes (object, name, display, data_type, data_option, editable, screens, position) VALUES
  ('Ticket', 'number', '#', 'input', '{"type":"text","readonly":1,"null":true,"maxlength":60,"width":"68px"}', false, '{"create_top":{},"edit":{}}', 5),
  ('Ticket', 'title', 'Title', 'input', '{"type":"text","maxlength":200,"null":false,"translate":false}', false, '{"create_top":{"-all-":{"null":false}},"edit":{}}', 8),
  ('Ticket', 'customer_id', 'Customer', 'user_autocompletion', '{"relation":"User","autocapitalize":false,"multiple":false,"guess":true,"null":false,"limit":200,"placeholder":"Enter Person or Organization/Company","minLengt":2,"translate":false,"permission":["ticket.agent"]}', false, '{"create_top":{"-all-":{"null":false}},"edit":{}}', 10),
  ('Ticket', 'organization_id', 'Organization', 'autocompletion_ajax_customer_organization', '{"relation":"Organization","autocapitalize":false,"multiple":false,"null":true,"translate":false,"permission":["ticket.agent","ticket.customer"]}', false, '{"create_top":{"-all-":{"null":false}},"edit":{}}', 12),
  ('Ticket', 'type', 'Type', 'select', '{"default":"","options":{"Incident":"Incident","Problem":"Problem","Request for Change":"Request for Change"},"nulloption":true,"multiple":false,"null":true,"translate":true}', false, '{"create_middle":{},"edit":{}}', 20),
  ('Ticket', 'group_id', 'Group', 'tree_select', '{"default":"","relation":"Group","relation_condition":{"access":"full"},"nulloption":true,"multiple":false,"null":false,"translate":false,"only_shown_if_selectable":true,"permission":["ticket.agent","ticket.customer"]}', false, '{"create_middle":{"-all-":{"null":false,"item_class":"column"}},"edit":{"ticket.agent":{"null":false}}}', 25),
  ('Ticket', 'owner_id', 'Owner', 'select', '{"default":"","relation":"User","relation_condition":{"roles":"Agent"},"nulloption":true,"multiple":false,"null":true,"translate":false,"permission":["ticket.agent"]}', false, '{"create_middle":{"-all-":{"null":true,"item_class":"column"}},"edit":{"-all-":{"null":true}}}', 30),
  ('Ticket', 'state_id', 'State', 'select', '{"relation":"TicketState","nulloption":true,"multiple":false,"null":false,"default":2,"translate":true,"filter":[2,1,3,4,6,7]}', false, '{"create_middle":{"ticket.agent":{"null":false,"item_class":"column"},"ticket.customer":{"item_class":"column","nulloption":false,"null":true,"filter":[1,4]}},"edit":{"ticket.agent":{"nulloption":false,"null":false,"filter":[2,3,4,7]},"ticket.customer":{"nulloption":false,"null":true,"filter":[2,4]}}}', 40),
  ('Ticket', 'pending_time', 'Pending till', 'datetime', '{"future":true,"past":false,"diff":null,"null":true,"translate":true,"permission":["ticket.agent"]}', false, '{"create_middle":{"-all-":{"null":false,"item_class":"column"}},"edit":{"-all-":{"null":false}}}', 41),
  ('Ticket', 'priority_id', 'Priority', 'select', '{"relation":"TicketPriority","nulloption":false,"multiple":false,"null":false,"default":2,"translate":true}', false, '{"create_middle":{"ticket.agent":{"null":false,"item_class":"column"}},"edit":{"ticket.agent":{"null":false}}}', 80),
  ('Ticket', 'tags', 'Tags', 'tag', '{"type":"text","null":true,"translate":false}', false, '{"create_bottom":{"ticket.agent":{"null":true}},"edit":{}}', 900),
  ('User', 'login', 'Login', 'input', '{"type":"text","maxlength":100,"null":true,"autocapitalize":false,"item_class":"formGroup--halfSize"}', false, '{"signup":{},"invite_agent":{},"invite_customer":{},"edit":{},"view":{"-all-":{"shown":false}}}', 100),
  ('User', 'firstname', 'First name', 'input', '{"type":"text","maxlength":150,"null":true,"item_class":"formGroup--halfSize"}', false, '{"signup":{"-all-":{"null":true}},"invite_agent":{"-all-":{"null":true}},"invite_customer":{"-all-":{"null":true}},"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 200),
  ('User', 'lastname', 'Last name', 'input', '{"type":"text","maxlength":150,"null":true,"item_class":"formGroup--halfSize"}', false, '{"signup":{"-all-":{"null":true}},"invite_agent":{"-all-":{"null":true}},"invite_customer":{"-all-":{"null":true}},"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 300),
  ('User', 'email', 'Email', 'input', '{"type":"email","maxlength":150,"null":true,"item_class":"formGroup--halfSize"}', false, '{"signup":{"-all-":{"null":false}},"invite_agent":{"-all-":{"null":false}},"invite_customer":{"-all-":{"null":false}},"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 400),
  ('User', 'web', 'Web', 'input', '{"type":"url","maxlength":250,"null":true,"item_class":"formGroup--halfSize"}', false, '{"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 500),
  ('User', 'phone', 'Phone', 'input', '{"type":"tel","maxlength":100,"null":true,"item_class":"formGroup--halfSize"}', false, '{"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 600),
  ('User', 'mobile', 'Mobile', 'input', '{"type":"tel","maxlength":100,"null":true,"item_class":"formGroup--halfSize"}', false, '{"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 700),
  ('User', 'fax', 'Fax', 'input', '{"type":"tel","maxlength":100,"null":true,"item_class":"formGroup--halfSize"}', false, '{"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 800),
  ('User', 'organization_id', 'Organization', 'autocompletion_ajax', '{"multiple":false,"nulloption":true,"null":true,"relation":"Organization","item_class":"formGroup--halfSize"}', false, '{"invite_customer":{"-all-":{"null":true}},"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 900),
  ('User', 'department', 'Department', 'input', '{"type":"text","maxlength":200,"null":true,"item_class":"formGroup--halfSize"}', false, '{"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 1000),
  ('User', 'address', 'Address', 'textarea', '{"type":"text","maxlength":500,"rows":4,"null":true,"item_class":"formGroup--halfSize"}', false, '{"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 1100),
  ('User', 'vip', 'VIP', 'boolean', '{"null":true,"default":false,"item_class":"formGroup--halfSize","options":{"false":"no","true":"yes"},"translate":true,"permission":["admin.user","ticket.agent"]}', false, '{"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":false}}}', 1490),
  ('User', 'note', 'Note', 'richtext', '{"type":"text","maxlength":5000,"no_images":true,"null":true,"note":"Notes are visible to agents only, never to customers."}', false, '{"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 1500),
  ('User', 'role_ids', 'Permissions', 'user_permission', '{"null":false,"item_class":"checkbox","permission":["admin.user"]}', false, '{"signup":{},"invite_agent":{"-all-":{"null":false,"default":[2]}},"invite_customer":{},"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":false}}}', 1600),
  ('User', 'active', 'Active', 'active', '{"null":true,"default":true,"permission":["admin.user","ticket.agent"]}', false, '{"signup":{},"invite_agent":{},"invite_customer":{},"edit":{"-all-":{"null":false}},"create":{"-all-":{"null":false}},"view":{"-all-":{"shown":false}}}', 1800),
  ('Organization', 'name', 'Name', 'input', '{"type":"text","maxlength":150,"null":false,"item_class":"formGroup--halfSize"}', false, '{"edit":{"-all-":{"null":false}},"create":{"-all-":{"null":false}},"view":{"-all-":{"shown":true}}}', 200),
  ('Organization', 'shared', 'Shared organization', 'boolean', '{"null":true,"default":true,"note":"Customers in the organization can view each other''s items.","item_class":"formGroup--halfSize","options":{"true":"yes","false":"no"},"translate":true,"permission":["admin.organization"]}', false, '{"edit":{"-all-":{"null":false}},"view":{"-all-":{"shown":true}}}', 1400),
  ('Organization', 'domain_assignment', 'Domain based assignment', 'boolean', '{"null":true,"default":false,"note":"Assign users based on user domain.","item_class":"formGroup--halfSize","options":{"true":"yes","false":"no"},"translate":true,"permission":["admin.organization"]}', false, '{"edit":{"-all-":{"null":false}},"view":{"-all-":{"shown":true}}}', 1410),
  ('Organization', 'domain', 'Domain', 'input', '{"type":"text","maxlength":150,"null":true,"item_class":"formGroup--halfSize"}', false, '{"edit":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 1420),
  ('Organization', 'vip', 'VIP', 'boolean', '{"null":true,"default":false,"item_class":"formGroup--halfSize","options":{"false":"no","true":"yes"},"translate":true,"permission":["admin.organization"]}', false, '{"edit":{"-all-":{"null":true}},"create":{"-all-":{"null":true}},"view":{"-all-":{"shown":false}}}', 1450),
  ('Organization', 'note', 'Note', 'richtext', '{"type":"text","maxlength":5000,"no_images":true,"null":true,"note":"Notes are visible to agents only, never to customers."}', false, '{"edit":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 1500),
  ('Organization', 'active', 'Active', 'active', '{"null":true,"default":true,"permission":["admin.organization"]}', false, '{"edit":{"-all-":{"null":false}},"view":{"-all-":{"shown":false}}}', 1800),
  ('Group', 'name', 'Name', 'input', '{"type":"text","maxlength":150,"null":false}', false, '{"create":{"-all-":{"null":false}},"edit":{"-all-":{"null":false}},"view":{"-all-":{"shown":true}}}', 200),
  ('Group', 'assignment_timeout', 'Assignment timeout', 'integer', '{"maxlength":150,"null":true,"note":"Assignment timeout in minutes if assigned agent is not working on it. Ticket will be shown as unassigend.","min":0,"max":999999}', false, '{"create":{"-all-":{"null":true}},"edit":{"-all-":{"null":true}}}', 300),
  ('Group', 'follow_up_possible', 'Follow-up possible', 'select', '{"default":"yes","options":{"yes":"yes","new_ticket":"do not reopen ticket but create new ticket","new_ticket_after_certain_time":"do not reopen ticket after certain time but create new ticket"},"null":false,"note":"In case of a follow-up on a closed ticket, what should happen?","translate":true}', false, '{"create":{"-all-":{"null":true}},"edit":{"-all-":{"null":true}}}', 400),
  ('Group', 'reopen_time_in_days', 'Reopening time in days', 'integer', '{"default":"","min":1,"max":3650,"null":true,"note":"Allow reopening of tickets within a certain time."}', false, '{"create":{"-all-":{"null":true}},"edit":{"-all-":{"null":true}}}', 410),
  ('Group', 'follow_up_assignment', 'Assign follow-ups', 'select', '{"default":"true","options":{"true":"yes","false":"no"},"null":false,"note":"Assign follow-up to latest agent again.","translate":true}', false, '{"create":{"-all-":{"null":true}},"edit":{"-all-":{"null":true}}}', 500),
  ('Group', 'note', 'Note', 'richtext', '{"type":"text","maxlength":250,"null":true,"note":"Notes are visible to agents only, never to customers."}', false, '{"create":{"-all-":{"null":true}},"edit":{"-all-":{"null":true}},"view":{"-all-":{"shown":true}}}', 1500),
  ('Group', 'active', 'Active', 'active', '{"null":true,"default":true}', false, '{"create":{"-all-":{"null":true}},"edit":{"-all-":{"null":false}},"view":{"-all-":{"shown":false}}}', 1800);
-- The deprecated ticket `type` is listed but inactive, as in Zammad.
UPDATE object_manager_attributes SET active = false WHERE object = 'Ticket' AND name = 'type';

-- EOSC service catalogue: each service routes its tickets to a support group.
CREATE TABLE eosc_services (
  id serial PRIMARY KEY,
  key text NOT NULL UNIQUE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  provider text NOT NULL DEFAULT '',
  group_id integer REFERENCES groups (id),
  active boolean NOT NULL DEFAULT true,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX eosc_services_name_idx ON eosc_services (lower(name));
