-- Issue 14: the e-mail channel (Zammad's `channels` and `email_addresses`) and the inbound mail
-- store. Every mail the desk receives is written here before the sending server is told "250
-- OK", so a mail is never lost: it is then turned into a ticket or an article, or marked
-- `ignored` (a loop) or `failed` (it could not be parsed or stored), with its raw bytes kept for
-- admins to download and process again.

CREATE TABLE channels (
  id serial PRIMARY KEY,
  area text NOT NULL,
  group_id integer REFERENCES groups (id) ON DELETE SET NULL,
  options jsonb NOT NULL DEFAULT '{}',
  preferences jsonb NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  last_log_in text,
  last_log_out text,
  status_in text,
  status_out text,
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE email_addresses (
  id serial PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL,
  channel_id integer REFERENCES channels (id) ON DELETE SET NULL,
  active boolean NOT NULL DEFAULT true,
  note text,
  preferences jsonb NOT NULL DEFAULT '{}',
  created_by_id integer NOT NULL DEFAULT 1,
  updated_by_id integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX email_addresses_email ON email_addresses (lower(email));

-- The desk's own inbound transport (its SMTP listener on MAIL_PORT) and the notification sender.
INSERT INTO channels (id, area, group_id, options, active, status_in, status_out) VALUES
  (1, 'Email::Account', 1,
   '{"inbound": {"adapter": "smtp_listener", "options": {}}, "outbound": {"adapter": "smtp", "options": {}}}',
   true, 'ok', 'ok'),
  (2, 'Email::Notification', NULL, '{"outbound": {"adapter": "smtp", "options": {}}}', true, NULL, 'ok');
SELECT setval('channels_id_seq', 2);

-- The first line's address; each support unit gets its own (seeded with the demo data, or added
-- by admins through /email_addresses and the group's email_address_id).
INSERT INTO email_addresses (id, name, email, channel_id) VALUES
  (1, 'EOSC Helpdesk', 'support@helpdesk.example.org', 1);
SELECT setval('email_addresses_id_seq', 1);
UPDATE groups SET email_address_id = 1 WHERE id = 1 AND email_address_id IS NULL;

CREATE TABLE inbound_mails (
  id bigserial PRIMARY KEY,
  channel_id integer REFERENCES channels (id) ON DELETE SET NULL,
  -- pending (stored, not yet processed), processed, ignored (loop, own address), failed.
  status text NOT NULL DEFAULT 'pending',
  envelope_from text,
  envelope_to text[] NOT NULL DEFAULT '{}',
  remote_address text,
  message_id text,
  from_address text,
  subject text,
  size integer NOT NULL,
  raw bytea NOT NULL,
  -- What the processor decided: the ticket and article it made, the reason it ignored the mail,
  -- the error it failed with; flags it recognised (auto_response, bounce, rate_limited).
  ticket_id integer,
  article_id integer,
  reason text,
  error text,
  flags jsonb NOT NULL DEFAULT '{}',
  attempts integer NOT NULL DEFAULT 0,
  received_at timestamptz(3) NOT NULL DEFAULT now(),
  processed_at timestamptz(3)
);
CREATE INDEX inbound_mails_pending ON inbound_mails (id) WHERE status = 'pending';
CREATE INDEX inbound_mails_status ON inbound_mails (status, id DESC);
-- The per-sender rate limit counts a sender's recent mails.
CREATE INDEX inbound_mails_sender ON inbound_mails (lower(from_address), received_at);
-- Threading by In-Reply-To / References looks articles up by Message-ID.
CREATE INDEX IF NOT EXISTS ticket_articles_message_id_md5 ON ticket_articles (message_id_md5)
  WHERE message_id_md5 IS NOT NULL;
