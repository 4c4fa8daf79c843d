-- Issue 16, path 2 (ticket redirection): how each catalogue service's provider joined the
-- helpdesk and its contacts; a ticket state for requests waiting on a provider; and the record
-- of each redirected ticket (where it went, delivery, acknowledgement, the first line's alarm).

ALTER TABLE eosc_services
  ADD COLUMN integration text NOT NULL DEFAULT 'direct'
    CHECK (integration IN ('direct', 'redirect', 'sync')),
  ADD COLUMN mailing_list text,
  ADD COLUMN community text NOT NULL DEFAULT '';

-- Of type `open`: the SLA clock keeps running while the provider has not answered (the user
-- still waits), and the ticket stays in every open-ticket overview.
INSERT INTO ticket_states (state_type_id, name, ignore_escalation, note)
SELECT st.id, 'waiting for provider', false,
       'Forwarded to the provider''s mailing list (ticket redirection); no answer yet.'
  FROM ticket_state_types st WHERE st.name = 'open'
ON CONFLICT (name) DO NOTHING;

CREATE TABLE ticket_redirects (
  ticket_id integer PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
  service_key text NOT NULL,
  provider text NOT NULL DEFAULT '',
  mailing_list text NOT NULL,
  -- forwarding (queued or being retried), forwarded (the list's server took it), failed (refused
  -- or given up), acknowledged (the list answered), taken_over (the first line ended it).
  status text NOT NULL DEFAULT 'forwarding'
    CHECK (status IN ('forwarding', 'forwarded', 'failed', 'acknowledged', 'taken_over')),
  article_id integer,
  forwards integer NOT NULL DEFAULT 1,
  forwarded_at timestamptz(3),
  -- The acknowledgement is due by then (the ticket's first-response due time when it was sent).
  ack_window_ms bigint NOT NULL,
  ack_due_at timestamptz(3) NOT NULL,
  alerted_at timestamptz(3),
  acknowledged_at timestamptz(3),
  ended_at timestamptz(3),
  ended_by_id integer,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX ticket_redirects_ack_due ON ticket_redirects (ack_due_at)
  WHERE status IN ('forwarding', 'forwarded') AND alerted_at IS NULL;
