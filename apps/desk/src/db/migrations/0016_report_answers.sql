-- Issue 12, point 6: the workload panel's `answered` stays fast at a million tickets
-- (docs/reports.md, "How the figures stay fast").
--
-- report_answers: one row per ticket, agent and UTC day on which the agent wrote at least one
-- answer to the ticket (a public article of a communication type, not `note`, with the Agent
-- sender), with how many (`articles`), and the ticket's CURRENT group, priority, service, type,
-- channel and whether it is not merged (`kept`): the report filters, so the panel reads the
-- period's rows of this table only, never the articles or the tickets.
--
-- Kept by triggers: an article written, deleted or changed (made internal, moved to another
-- ticket by a merge) adds or takes away one answer; a ticket whose filtered fields or merged
-- state change rewrites its own rows. An answer's row is written with the ticket's row locked
-- (the lock the article's ticket update takes anyway), so a concurrent change of the ticket
-- cannot leave it with the old fields.

CREATE TABLE report_answers (
  ticket_id integer NOT NULL,
  user_id integer NOT NULL,
  day date NOT NULL,
  articles integer NOT NULL,
  group_id integer NOT NULL,
  priority_id integer NOT NULL,
  service text,
  ticket_type text,
  channel integer,
  kept boolean NOT NULL,
  PRIMARY KEY (ticket_id, user_id, day)
);

-- Whether an article is an answer (docs/reports.md, "workload").
CREATE FUNCTION report_is_answer(sender_id integer, type_id integer, internal boolean) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
  SELECT NOT $3
     AND EXISTS (SELECT 1 FROM ticket_article_senders se WHERE se.id = $1 AND se.name = 'Agent')
     AND EXISTS (SELECT 1 FROM ticket_article_types ty WHERE ty.id = $2 AND ty.name <> 'note')
  $$;

-- Whether a ticket state is not a merged one.
CREATE FUNCTION report_is_kept(state_id integer) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
  SELECT NOT EXISTS (SELECT 1 FROM ticket_states s JOIN ticket_state_types st ON st.id = s.state_type_id
                      WHERE s.id = $1 AND st.name = 'merged')
  $$;

-- Adds (delta 1) or takes away (delta -1) one answer of an article.
CREATE FUNCTION report_answers_change(a ticket_articles, delta integer) RETURNS void
  LANGUAGE plpgsql
  AS $$
  DECLARE
    t tickets;
  BEGIN
    IF NOT report_is_answer(a.sender_id, a.type_id, a.internal) THEN
      RETURN;
    END IF;
    IF delta > 0 THEN
      SELECT * INTO t FROM tickets WHERE id = a.ticket_id FOR NO KEY UPDATE;
      IF NOT FOUND THEN
        RETURN;
      END IF;
      INSERT INTO report_answers AS r (ticket_id, user_id, day, articles, group_id, priority_id, service, ticket_type,
                                       channel, kept)
      VALUES (a.ticket_id, a.created_by_id, (a.created_at AT TIME ZONE 'UTC')::date, delta, t.group_id, t.priority_id,
              to_jsonb(t) ->> 'eosc_service', to_jsonb(t) ->> 'eosc_ticket_type', t.create_article_type_id,
              report_is_kept(t.state_id))
      ON CONFLICT (ticket_id, user_id, day) DO UPDATE SET articles = r.articles + delta;
    ELSE
      UPDATE report_answers r SET articles = r.articles + delta
       WHERE r.ticket_id = a.ticket_id AND r.user_id = a.created_by_id
         AND r.day = (a.created_at AT TIME ZONE 'UTC')::date;
      DELETE FROM report_answers r
       WHERE r.ticket_id = a.ticket_id AND r.user_id = a.created_by_id
         AND r.day = (a.created_at AT TIME ZONE 'UTC')::date AND r.articles <= 0;
    END IF;
  END
  $$;

CREATE FUNCTION report_answers_on_article() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      PERFORM report_answers_change(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      PERFORM report_answers_change(NEW, 1);
    END IF;
    RETURN NULL;
  END
  $$;

-- The ticket's rows follow its current fields.
CREATE FUNCTION report_answers_on_ticket() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    UPDATE report_answers r
       SET group_id = NEW.group_id, priority_id = NEW.priority_id, service = to_jsonb(NEW) ->> 'eosc_service',
           ticket_type = to_jsonb(NEW) ->> 'eosc_ticket_type', channel = NEW.create_article_type_id,
           kept = report_is_kept(NEW.state_id)
     WHERE r.ticket_id = NEW.id;
    RETURN NULL;
  END
  $$;

CREATE TRIGGER report_answers_article_insert AFTER INSERT ON ticket_articles
  FOR EACH ROW EXECUTE FUNCTION report_answers_on_article();
CREATE TRIGGER report_answers_article_delete AFTER DELETE ON ticket_articles
  FOR EACH ROW EXECUTE FUNCTION report_answers_on_article();
-- Only changes of what an answer's row depends on (not the body, preferences, delivery status).
CREATE TRIGGER report_answers_article_update AFTER UPDATE ON ticket_articles
  FOR EACH ROW WHEN (
    OLD.ticket_id IS DISTINCT FROM NEW.ticket_id OR OLD.created_by_id IS DISTINCT FROM NEW.created_by_id
    OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.internal IS DISTINCT FROM NEW.internal
    OR OLD.sender_id IS DISTINCT FROM NEW.sender_id OR OLD.type_id IS DISTINCT FROM NEW.type_id)
  EXECUTE FUNCTION report_answers_on_article();
CREATE TRIGGER report_answers_ticket_update AFTER UPDATE ON tickets
  FOR EACH ROW WHEN (
    OLD.group_id IS DISTINCT FROM NEW.group_id OR OLD.priority_id IS DISTINCT FROM NEW.priority_id
    OR OLD.state_id IS DISTINCT FROM NEW.state_id
    OR OLD.create_article_type_id IS DISTINCT FROM NEW.create_article_type_id
    OR to_jsonb(OLD) -> 'eosc_service' IS DISTINCT FROM to_jsonb(NEW) -> 'eosc_service'
    OR to_jsonb(OLD) -> 'eosc_ticket_type' IS DISTINCT FROM to_jsonb(NEW) -> 'eosc_ticket_type')
  EXECUTE FUNCTION report_answers_on_ticket();
-- A deleted ticket's articles go with it (ON DELETE CASCADE), and their answers with them.

-- Everything again from the articles and tickets in one pass, in day order (the period's rows
-- of a report then lie together). Used here and by bulk loads that switch the triggers off.
CREATE FUNCTION report_answers_rebuild() RETURNS void
  LANGUAGE plpgsql
  AS $$
  DECLARE
    service_sql text := 'NULL::text';
    type_sql text := 'NULL::text';
  BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'tickets' AND column_name = 'eosc_service') THEN
      service_sql := 't.eosc_service::text';
    END IF;
    IF EXISTS (SELECT 1 FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'tickets' AND column_name = 'eosc_ticket_type') THEN
      type_sql := 't.eosc_ticket_type::text';
    END IF;
    TRUNCATE report_answers;
    EXECUTE format($q$
      INSERT INTO report_answers (ticket_id, user_id, day, articles, group_id, priority_id, service, ticket_type,
                                  channel, kept)
      WITH merged AS (
        SELECT s.id FROM ticket_states s JOIN ticket_state_types st ON st.id = s.state_type_id
         WHERE st.name = 'merged'),
      x AS (
        SELECT a.ticket_id, a.created_by_id AS user_id, (a.created_at AT TIME ZONE 'UTC')::date AS day,
               count(*)::int AS articles
          FROM ticket_articles a
          JOIN ticket_article_senders se ON se.id = a.sender_id AND se.name = 'Agent'
          JOIN ticket_article_types ty ON ty.id = a.type_id AND ty.name <> 'note'
         WHERE NOT a.internal
         GROUP BY 1, 2, 3)
      SELECT x.ticket_id, x.user_id, x.day, x.articles, t.group_id, t.priority_id, %s, %s, t.create_article_type_id,
             t.state_id NOT IN (SELECT id FROM merged)
        FROM x JOIN tickets t ON t.id = x.ticket_id
       ORDER BY x.day, x.ticket_id, x.user_id
    $q$, service_sql, type_sql);
  END
  $$;

SELECT report_answers_rebuild();

-- The period's rows of the panel.
CREATE INDEX report_answers_day_idx ON report_answers (day);
