-- Triggers and webhooks (issue 14, docs/mail.md "Triggers and webhooks"): Zammad's `triggers` and
-- `webhooks` tables in Zammad's shapes, the delivery log of webhook calls (ours), and the standard
-- triggers Zammad ships, adapted to the EOSC web app's links.

CREATE TABLE webhooks (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  endpoint text NOT NULL,
  -- HMAC-SHA1 key of the `X-Hub-Signature` header; none: no signature.
  signature_token text,
  ssl_verify boolean NOT NULL DEFAULT true,
  http_method text NOT NULL DEFAULT 'post' CHECK (http_method IN ('post')),
  basic_auth_username text,
  basic_auth_password text,
  bearer_token text,
  customized_payload boolean NOT NULL DEFAULT false,
  -- A JSON template with `#{ticket.title}` placeholders (values JSON-escaped); used when customized.
  custom_payload text,
  pre_defined_webhook_type text,
  preferences jsonb NOT NULL DEFAULT '{}',
  note text,
  active boolean NOT NULL DEFAULT true,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE triggers (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  -- Zammad's selector (flat or expert form) plus the trigger-only attributes: `ticket.action`,
  -- `article.*` (the article of this change) and the operator `has changed`.
  condition jsonb NOT NULL DEFAULT '{}',
  -- `{"ticket.state_id": {"value": "4"}, "ticket.tags": {"operator": "add", "value": "x"},
  --   "notification.email": {...}, "notification.webhook": {"webhook_id": 1}}`.
  perform jsonb NOT NULL DEFAULT '{}',
  disable_notification boolean NOT NULL DEFAULT true,
  localization text,
  timezone text,
  activator text NOT NULL DEFAULT 'action' CHECK (activator IN ('action', 'time')),
  execution_condition_mode text NOT NULL DEFAULT 'selective'
    CHECK (execution_condition_mode IN ('selective', 'always')),
  note text,
  active boolean NOT NULL DEFAULT true,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Every time a trigger fired on a ticket: the loop protection counts them per ticket and minute
-- (domain/triggers/engine.ts); rows older than an hour are pruned as new ones come.
CREATE TABLE trigger_runs (
  id bigserial PRIMARY KEY,
  ticket_id integer NOT NULL,
  trigger_id integer NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX trigger_runs_ticket_idx ON trigger_runs (ticket_id, created_at);

-- Every attempt to call a webhook (ours: `GET /webhooks/:id/deliveries`).
CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  webhook_id integer NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  ticket_id integer REFERENCES tickets (id) ON DELETE SET NULL,
  trigger_id integer REFERENCES triggers (id) ON DELETE SET NULL,
  -- The `X-Zammad-Delivery` id: the same for every retry of one delivery.
  delivery_id uuid NOT NULL,
  attempt integer NOT NULL,
  status_code integer,
  error text,
  response_excerpt text,
  request_excerpt text,
  duration_ms integer,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, id DESC);

-- Zammad's standard triggers (db/seeds/triggers.rb), with links into the EOSC web app; the two
-- customer notifications are ours (Zammad's agents are told by its notification mails, customers
-- only by triggers). Their mail articles are internal: the customer gets the mail, and the
-- portal does not show an agent's reply twice. The auto-replies too are internal (Zammad shows
-- them): a portal user has just seen the confirmation on the page, and their conversation stays
-- theirs and the agents'. `#{config.…}` comes from the desk's PUBLIC_URL.
INSERT INTO triggers (name, condition, perform, active, execution_condition_mode, note) VALUES
(
  'auto reply (on new tickets)',
  '{"ticket.action": {"operator": "is", "value": "create"},
    "article.type_id": {"operator": "is", "value": ["1", "11"]},
    "article.sender_id": {"operator": "is", "value": ["2"]}}'::jsonb
    || jsonb_build_object('ticket.state_id', jsonb_build_object('operator', 'is not', 'value',
         (SELECT jsonb_agg(id::text ORDER BY id) FROM ticket_states WHERE name IN ('closed', 'merged')))),
  jsonb_build_object('notification.email', jsonb_build_object(
    'recipient', jsonb_build_array('article_last_sender'),
    'subject', 'Thanks for your inquiry (#{ticket.title})',
    'internal', true,
    'body', '<div>Your request <b>(#{config.ticket_hook}#{ticket.number})</b> has been received and will be reviewed by our support staff.</div>
<br/>
<div>To provide additional information, please reply to this email or click on the following link:
<a href="#{config.http_type}://#{config.fqdn}/tickets/#{ticket.id}">#{config.http_type}://#{config.fqdn}/tickets/#{ticket.id}</a>
</div>
<br/>
<div>Your #{config.product_name} Team</div>')),
  true, 'selective', NULL
),
(
  'auto reply (on follow-up of tickets)',
  '{"ticket.action": {"operator": "is", "value": "update"},
    "article.sender_id": {"operator": "is", "value": ["2"]},
    "article.type_id": {"operator": "is", "value": ["1", "11"]}}',
  jsonb_build_object('notification.email', jsonb_build_object(
    'recipient', jsonb_build_array('article_last_sender'),
    'subject', 'Thanks for your follow-up (#{ticket.title})',
    'internal', true,
    'body', '<div>Your follow-up for <b>(#{config.ticket_hook}#{ticket.number})</b> has been received and will be reviewed by our support staff.</div>
<br/>
<div>To provide additional information, please reply to this email or click on the following link:
<a href="#{config.http_type}://#{config.fqdn}/tickets/#{ticket.id}">#{config.http_type}://#{config.fqdn}/tickets/#{ticket.id}</a>
</div>
<br/>
<div>Your #{config.product_name} Team</div>')),
  false, 'selective', NULL
),
(
  'customer notification (on agent reply)',
  '{"ticket.action": {"operator": "is", "value": "update"},
    "article.sender_id": {"operator": "is", "value": ["1"]},
    "article.internal": {"operator": "is", "value": ["false"]},
    "article.type_id": {"operator": "is not", "value": ["1"]}}',
  jsonb_build_object('notification.email', jsonb_build_object(
    'recipient', jsonb_build_array('ticket_customer'),
    'subject', 'New answer to your request (#{ticket.title})',
    'internal', true,
    'preference_key', 'reply',
    'body', '<div>#{article.created_by.firstname} #{article.created_by.lastname} answered your request <b>(#{config.ticket_hook}#{ticket.number})</b>:</div>
<br/>
<div>#{article.body_as_html}</div>
<br/>
<div>To answer, please click on the following link:
<a href="#{config.http_type}://#{config.fqdn}/tickets/#{ticket.id}">#{config.http_type}://#{config.fqdn}/tickets/#{ticket.id}</a>
</div>
<br/>
<div>Your #{config.product_name} Team</div>')),
  true, 'selective', 'An agent''s public reply that is not an e-mail (e-mails reach the customer themselves).'
),
(
  'customer notification (on state change)',
  '{"ticket.action": {"operator": "is", "value": "update"}}'::jsonb
    || jsonb_build_object('ticket.state_id', jsonb_build_object('operator', 'is', 'value',
         (SELECT jsonb_agg(id::text ORDER BY id) FROM ticket_states
           WHERE name IN ('pending reminder', 'pending close', 'closed')))),
  jsonb_build_object('notification.email', jsonb_build_object(
    'recipient', jsonb_build_array('ticket_customer'),
    'subject', 'Your request is now #{ticket.state.name} (#{ticket.title})',
    'internal', true,
    'preference_key', 'state',
    'body', '<div>The state of your request <b>(#{config.ticket_hook}#{ticket.number})</b> has changed to <b>#{ticket.state.name}</b>.</div>
<br/>
<div>To see it, please click on the following link:
<a href="#{config.http_type}://#{config.fqdn}/tickets/#{ticket.id}">#{config.http_type}://#{config.fqdn}/tickets/#{ticket.id}</a>
</div>
<br/>
<div>Your #{config.product_name} Team</div>')),
  true, 'selective', 'Selective: fires when the state changes to pending or closed, not on every update of such a ticket.'
);
