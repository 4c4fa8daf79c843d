-- Issue 12, point 6: the reports stay fast at a million tickets (docs/reports.md, "How the
-- figures stay fast").
--
-- 1. report_daily: per UTC day and the ticket's CURRENT group, priority, service, type and
--    channel (the report filters), the counts the flow panels add up. Each ticket contributes
--    rows computed from its own row and its state history (report_ticket_rows, the definitions
--    of docs/reports.md); triggers on tickets and histories append the difference whenever a
--    ticket or its state history changes (a group change moves the ticket's whole history to
--    its new group: its old rows are subtracted, its new ones added). Rows are only ever
--    appended by the writes, so writers never wait on each other; the worker folds them
--    (report_daily_compact) into one row per day and key. Sums over the table are exact at
--    every moment, folded or not.

CREATE TABLE report_daily (
  day date NOT NULL,
  group_id integer NOT NULL,
  priority_id integer NOT NULL,
  service text,
  ticket_type text,
  channel integer,
  -- created that day (merged included), and of them the ones not merged
  created integer NOT NULL DEFAULT 0,
  created_kept integer NOT NULL DEFAULT 0,
  -- first closed (close_at) that day, merged included; of them the ones not merged, and of
  -- those the ones reopened later
  closed integer NOT NULL DEFAULT 0,
  closed_kept integer NOT NULL DEFAULT 0,
  reopened integer NOT NULL DEFAULT 0,
  -- open tickets: +1 at creation and at each reopening, -1 at each closing or merge
  open_delta integer NOT NULL DEFAULT 0,
  -- appended by a write since the last fold
  fresh boolean NOT NULL DEFAULT true
);
CREATE INDEX report_daily_day_idx ON report_daily (day);
CREATE INDEX report_daily_fresh_idx ON report_daily (day) WHERE fresh;

-- The same per calendar month (`month`: its first day), kept with report_daily: the backlog at
-- the start of a period adds up the months before it and the days of its first month only.
CREATE TABLE report_monthly (LIKE report_daily INCLUDING DEFAULTS);
ALTER TABLE report_monthly RENAME COLUMN day TO month;
CREATE INDEX report_monthly_month_idx ON report_monthly (month);
CREATE INDEX report_monthly_fresh_idx ON report_monthly (month) WHERE fresh;

-- One ticket's contribution per day. `skip` leaves history rows out and `extra` adds state rows
-- (jsonb [{id, at, from, to}]): the ticket's state history as it was just before a statement
-- changed those rows.
CREATE FUNCTION report_ticket_rows(t tickets, skip bigint[], extra jsonb)
  RETURNS TABLE (day date, created integer, created_kept integer, closed integer, closed_kept integer,
                 reopened integer, open_delta integer)
  LANGUAGE sql STABLE
  AS $$
  WITH k AS (
    SELECT coalesce(array_agg(s.id) FILTER (WHERE st.name IN ('closed', 'merged')), '{}') AS ended,
           coalesce(array_agg(s.id) FILTER (WHERE st.name = 'closed'), '{}') AS closed,
           coalesce(array_agg(s.id) FILTER (WHERE st.name = 'merged'), '{}') AS merged
      FROM ticket_states s JOIN ticket_state_types st ON st.id = s.state_type_id),
  h AS (
    SELECT h.id, h.created_at, h.id_from, h.id_to FROM histories h
     WHERE h.object = 'Ticket' AND h.o_id = t.id AND h.attribute = 'state'
       AND NOT (h.id = ANY (coalesce(skip, '{}')))
    UNION ALL
    SELECT (e ->> 'id')::bigint, (e ->> 'at')::timestamptz, (e ->> 'from')::int, (e ->> 'to')::int
      FROM jsonb_array_elements(coalesce(extra, '[]')) e),
  ch AS (
    SELECT h.created_at AS at, h.id_from, h.id_to, lead(h.created_at) OVER w AS until, row_number() OVER w AS n
      FROM h WINDOW w AS (ORDER BY h.created_at, h.id)),
  spans AS (
    SELECT ch.at AS start, ch.until FROM ch, k WHERE ch.id_to = ANY (k.ended)
    UNION ALL
    SELECT t.created_at, ch.at FROM ch, k WHERE ch.n = 1 AND ch.id_from = ANY (k.ended)
    UNION ALL
    SELECT coalesce(t.close_at, t.created_at), NULL FROM k
     WHERE t.state_id = ANY (k.ended) AND NOT EXISTS (SELECT 1 FROM ch)),
  m AS (SELECT NOT (t.state_id = ANY (k.merged)) AS kept FROM k),
  ev AS (
    SELECT t.created_at AS at, 1 AS created, m.kept::int AS created_kept, 0 AS closed, 0 AS closed_kept,
           0 AS reopened, 1 AS open_delta
      FROM m
    UNION ALL
    SELECT t.close_at, 0, 0, 1, m.kept::int,
           (m.kept AND EXISTS (SELECT 1 FROM ch, k WHERE ch.at >= t.close_at AND ch.id_from = ANY (k.closed)
                                 AND NOT (ch.id_to = ANY (k.ended))))::int, 0
      FROM m WHERE t.close_at IS NOT NULL
    UNION ALL
    SELECT spans.start, 0, 0, 0, 0, 0, -1 FROM spans
    UNION ALL
    SELECT spans.until, 0, 0, 0, 0, 0, 1 FROM spans WHERE spans.until IS NOT NULL)
  SELECT (ev.at AT TIME ZONE 'UTC')::date, sum(ev.created)::int, sum(ev.created_kept)::int, sum(ev.closed)::int,
         sum(ev.closed_kept)::int, sum(ev.reopened)::int, sum(ev.open_delta)::int
    FROM ev WHERE t.id IS NOT NULL GROUP BY 1
  $$;

-- Appends the difference between a ticket's contribution before (o, its history less `skip`
-- plus `extra`) and after (n, its history now) a change; either may be null (created, deleted).
CREATE FUNCTION report_daily_change(o tickets, skip bigint[], extra jsonb, n tickets) RETURNS void
  LANGUAGE sql
  AS $$
  WITH x AS (
    SELECT c.day, o.group_id, o.priority_id, to_jsonb(o) ->> 'eosc_service' AS service,
           to_jsonb(o) ->> 'eosc_ticket_type' AS ticket_type, o.create_article_type_id AS channel,
           -c.created AS created, -c.created_kept AS created_kept, -c.closed AS closed,
           -c.closed_kept AS closed_kept, -c.reopened AS reopened, -c.open_delta AS open_delta
      FROM report_ticket_rows(o, skip, extra) c
    UNION ALL
    SELECT c.day, n.group_id, n.priority_id, to_jsonb(n) ->> 'eosc_service', to_jsonb(n) ->> 'eosc_ticket_type',
           n.create_article_type_id, c.created, c.created_kept, c.closed, c.closed_kept, c.reopened, c.open_delta
      FROM report_ticket_rows(n, NULL, NULL) c),
  daily AS (
    INSERT INTO report_daily (day, group_id, priority_id, service, ticket_type, channel, created, created_kept,
                              closed, closed_kept, reopened, open_delta)
    SELECT x.day, x.group_id, x.priority_id, x.service, x.ticket_type, x.channel, sum(x.created), sum(x.created_kept),
           sum(x.closed), sum(x.closed_kept), sum(x.reopened), sum(x.open_delta)
      FROM x GROUP BY x.day, x.group_id, x.priority_id, x.service, x.ticket_type, x.channel
    HAVING sum(x.created) <> 0 OR sum(x.created_kept) <> 0 OR sum(x.closed) <> 0 OR sum(x.closed_kept) <> 0
        OR sum(x.reopened) <> 0 OR sum(x.open_delta) <> 0
    RETURNING 1)
  INSERT INTO report_monthly (month, group_id, priority_id, service, ticket_type, channel, created, created_kept,
                              closed, closed_kept, reopened, open_delta)
  SELECT date_trunc('month', x.day)::date, x.group_id, x.priority_id, x.service, x.ticket_type, x.channel,
         sum(x.created), sum(x.created_kept), sum(x.closed), sum(x.closed_kept), sum(x.reopened), sum(x.open_delta)
    FROM x GROUP BY 1, x.group_id, x.priority_id, x.service, x.ticket_type, x.channel
  HAVING sum(x.created) <> 0 OR sum(x.created_kept) <> 0 OR sum(x.closed) <> 0 OR sum(x.closed_kept) <> 0
      OR sum(x.reopened) <> 0 OR sum(x.open_delta) <> 0
  $$;

CREATE FUNCTION report_daily_on_ticket() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      PERFORM report_daily_change(NULL, NULL, NULL, NEW);
    ELSIF TG_OP = 'UPDATE' THEN
      PERFORM report_daily_change(OLD, NULL, NULL, NEW);
    ELSE
      PERFORM report_daily_change(OLD, NULL, NULL, NULL);
    END IF;
    RETURN NULL;
  END
  $$;

-- Statement-level: row triggers of a multi-row statement run after all its rows are written,
-- so "the history before this row" would be wrong; a statement's rows are taken together.
CREATE FUNCTION report_daily_on_history() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      PERFORM report_daily_change(t, c.skip, NULL, t)
         FROM (SELECT o_id, array_agg(id) AS skip FROM new_rows
                WHERE object = 'Ticket' AND attribute = 'state' GROUP BY o_id) c
         JOIN tickets t ON t.id = c.o_id;
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM report_daily_change(t, NULL, c.extra, t)
         FROM (SELECT o_id, jsonb_agg(jsonb_build_object('id', id, 'at', created_at, 'from', id_from, 'to', id_to)) AS extra
                 FROM old_rows WHERE object = 'Ticket' AND attribute = 'state' GROUP BY o_id) c
         JOIN tickets t ON t.id = c.o_id;
    ELSE
      PERFORM report_daily_change(t, s.skip, e.extra, t)
         FROM (SELECT o_id FROM new_rows WHERE object = 'Ticket' AND attribute = 'state'
               UNION SELECT o_id FROM old_rows WHERE object = 'Ticket' AND attribute = 'state') c
         JOIN tickets t ON t.id = c.o_id
         LEFT JOIN (SELECT o_id, array_agg(id) AS skip FROM new_rows GROUP BY o_id) s ON s.o_id = c.o_id
         LEFT JOIN (SELECT o_id, jsonb_agg(jsonb_build_object('id', id, 'at', created_at, 'from', id_from, 'to', id_to)) AS extra
                      FROM old_rows WHERE object = 'Ticket' AND attribute = 'state' GROUP BY o_id) e ON e.o_id = c.o_id;
    END IF;
    RETURN NULL;
  END
  $$;

CREATE TRIGGER report_daily_ticket_insert AFTER INSERT ON tickets
  FOR EACH ROW EXECUTE FUNCTION report_daily_on_ticket();
CREATE TRIGGER report_daily_ticket_delete AFTER DELETE ON tickets
  FOR EACH ROW EXECUTE FUNCTION report_daily_on_ticket();
-- Only changes of what a contribution depends on (object-manager columns may come and go, so
-- they are compared through to_jsonb).
CREATE TRIGGER report_daily_ticket_update AFTER UPDATE ON tickets
  FOR EACH ROW WHEN (
    OLD.group_id IS DISTINCT FROM NEW.group_id OR OLD.priority_id IS DISTINCT FROM NEW.priority_id
    OR OLD.state_id IS DISTINCT FROM NEW.state_id OR OLD.close_at IS DISTINCT FROM NEW.close_at
    OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.id IS DISTINCT FROM NEW.id
    OR OLD.create_article_type_id IS DISTINCT FROM NEW.create_article_type_id
    OR to_jsonb(OLD) -> 'eosc_service' IS DISTINCT FROM to_jsonb(NEW) -> 'eosc_service'
    OR to_jsonb(OLD) -> 'eosc_ticket_type' IS DISTINCT FROM to_jsonb(NEW) -> 'eosc_ticket_type')
  EXECUTE FUNCTION report_daily_on_ticket();
CREATE TRIGGER report_daily_history_insert AFTER INSERT ON histories
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_daily_on_history();
CREATE TRIGGER report_daily_history_update AFTER UPDATE ON histories
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_daily_on_history();
CREATE TRIGGER report_daily_history_delete AFTER DELETE ON histories
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_daily_on_history();

-- Everything again from tickets and histories in one pass (set-based: the same definitions as
-- report_ticket_rows over all tickets at once). Used here and by bulk loads that switch the
-- triggers off.
CREATE FUNCTION report_daily_rebuild() RETURNS void
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
    TRUNCATE report_daily, report_monthly;
    EXECUTE format($q$
      INSERT INTO report_daily (day, group_id, priority_id, service, ticket_type, channel, created, created_kept,
                                closed, closed_kept, reopened, open_delta, fresh)
      WITH k AS (
        SELECT coalesce(array_agg(s.id) FILTER (WHERE st.name IN ('closed', 'merged')), '{}') AS ended,
               coalesce(array_agg(s.id) FILTER (WHERE st.name = 'closed'), '{}') AS closed,
               coalesce(array_agg(s.id) FILTER (WHERE st.name = 'merged'), '{}') AS merged
          FROM ticket_states s JOIN ticket_state_types st ON st.id = s.state_type_id),
      ch AS (
        SELECT h.o_id AS ticket_id, h.created_at AS at, h.id_from, h.id_to,
               lead(h.created_at) OVER w AS until, row_number() OVER w AS n
          FROM histories h
         WHERE h.object = 'Ticket' AND h.attribute = 'state'
        WINDOW w AS (PARTITION BY h.o_id ORDER BY h.created_at, h.id)),
      spans AS (
        SELECT ch.ticket_id, ch.at AS start, ch.until FROM ch, k WHERE ch.id_to = ANY (k.ended)
        UNION ALL
        SELECT t.id, t.created_at, ch.at FROM ch JOIN tickets t ON t.id = ch.ticket_id, k
         WHERE ch.n = 1 AND ch.id_from = ANY (k.ended)
        UNION ALL
        SELECT t.id, coalesce(t.close_at, t.created_at), NULL FROM tickets t, k
         WHERE t.state_id = ANY (k.ended)
           AND NOT EXISTS (SELECT 1 FROM histories h WHERE h.object = 'Ticket' AND h.o_id = t.id
                              AND h.attribute = 'state')),
      reopened AS (
        SELECT DISTINCT ch.ticket_id FROM ch JOIN tickets t ON t.id = ch.ticket_id, k
         WHERE ch.at >= t.close_at AND ch.id_from = ANY (k.closed) AND NOT (ch.id_to = ANY (k.ended))),
      ev AS (
        SELECT t.id, t.created_at AS at, 1 AS created, (NOT (t.state_id = ANY (k.merged)))::int AS created_kept,
               0 AS closed, 0 AS closed_kept, 0 AS reopened, 1 AS open_delta
          FROM tickets t, k
        UNION ALL
        SELECT t.id, t.close_at, 0, 0, 1, (NOT (t.state_id = ANY (k.merged)))::int,
               (NOT (t.state_id = ANY (k.merged)) AND r.ticket_id IS NOT NULL)::int, 0
          FROM tickets t CROSS JOIN k LEFT JOIN reopened r ON r.ticket_id = t.id
         WHERE t.close_at IS NOT NULL
        UNION ALL
        SELECT spans.ticket_id, spans.start, 0, 0, 0, 0, 0, -1 FROM spans
        UNION ALL
        SELECT spans.ticket_id, spans.until, 0, 0, 0, 0, 0, 1 FROM spans WHERE spans.until IS NOT NULL)
      SELECT (ev.at AT TIME ZONE 'UTC')::date, t.group_id, t.priority_id, %s, %s, t.create_article_type_id,
             sum(ev.created), sum(ev.created_kept), sum(ev.closed), sum(ev.closed_kept), sum(ev.reopened),
             sum(ev.open_delta), false
        FROM ev JOIN tickets t ON t.id = ev.id
       GROUP BY 1, 2, 3, 4, 5, 6
      HAVING sum(ev.created) <> 0 OR sum(ev.created_kept) <> 0 OR sum(ev.closed) <> 0
          OR sum(ev.closed_kept) <> 0 OR sum(ev.reopened) <> 0 OR sum(ev.open_delta) <> 0
       ORDER BY 1
    $q$, service_sql, type_sql);
    INSERT INTO report_monthly (month, group_id, priority_id, service, ticket_type, channel, created, created_kept,
                                closed, closed_kept, reopened, open_delta, fresh)
    SELECT date_trunc('month', day)::date, group_id, priority_id, service, ticket_type, channel, sum(created),
           sum(created_kept), sum(closed), sum(closed_kept), sum(reopened), sum(open_delta), false
      FROM report_daily GROUP BY 1, group_id, priority_id, service, ticket_type, channel ORDER BY 1;
  END
  $$;

-- Folds the rows appended since the last fold into one row per day and key (the worker's
-- report_rollup job). One fold at a time; appends by concurrent writers are not in its snapshot
-- and stay for the next one.
CREATE FUNCTION report_daily_compact() RETURNS integer
  LANGUAGE plpgsql
  AS $$
  DECLARE
    folded integer;
  BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('report_daily_compact')) THEN
      RETURN 0;
    END IF;
    WITH days AS (SELECT DISTINCT day FROM report_daily WHERE fresh),
    gone AS (DELETE FROM report_daily r USING days WHERE r.day = days.day RETURNING r.*),
    ins AS (
      INSERT INTO report_daily (day, group_id, priority_id, service, ticket_type, channel, created, created_kept,
                                closed, closed_kept, reopened, open_delta, fresh)
      SELECT day, group_id, priority_id, service, ticket_type, channel, sum(created), sum(created_kept), sum(closed),
             sum(closed_kept), sum(reopened), sum(open_delta), false
        FROM gone GROUP BY day, group_id, priority_id, service, ticket_type, channel
      HAVING sum(created) <> 0 OR sum(created_kept) <> 0 OR sum(closed) <> 0 OR sum(closed_kept) <> 0
          OR sum(reopened) <> 0 OR sum(open_delta) <> 0
      RETURNING 1)
    SELECT count(*) INTO folded FROM gone;
    WITH months AS (SELECT DISTINCT month FROM report_monthly WHERE fresh),
    gone AS (DELETE FROM report_monthly r USING months WHERE r.month = months.month RETURNING r.*)
    INSERT INTO report_monthly (month, group_id, priority_id, service, ticket_type, channel, created, created_kept,
                                closed, closed_kept, reopened, open_delta, fresh)
    SELECT month, group_id, priority_id, service, ticket_type, channel, sum(created), sum(created_kept), sum(closed),
           sum(closed_kept), sum(reopened), sum(open_delta), false
      FROM gone GROUP BY month, group_id, priority_id, service, ticket_type, channel
    HAVING sum(created) <> 0 OR sum(created_kept) <> 0 OR sum(closed) <> 0 OR sum(closed_kept) <> 0
        OR sum(reopened) <> 0 OR sum(open_delta) <> 0;
    RETURN folded;
  END
  $$;

SELECT report_daily_rebuild();

-- 2. Indexes for the panels computed from the tickets themselves (percentiles, SLA status,
--    workload, age of the open tickets): the period's tickets by creation or closing with the
--    columns those panels read, and the period's articles (answers) by time.

CREATE INDEX tickets_report_created_idx ON tickets (created_at)
  INCLUDE (group_id, priority_id, state_id, owner_id, close_at, first_response_in_min, first_response_at,
           first_response_diff_in_min, first_response_escalation_at, create_article_type_id);
CREATE INDEX tickets_report_close_idx ON tickets (close_at)
  INCLUDE (group_id, priority_id, state_id, owner_id, close_in_min, create_article_type_id)
  WHERE close_at IS NOT NULL;
CREATE INDEX ticket_articles_created_idx ON ticket_articles (created_at)
  INCLUDE (ticket_id, created_by_id, sender_id, type_id, internal);
-- A ticket's state history in order, without the rest of its history (the backlog's age, the
-- rollup's triggers).
CREATE INDEX histories_ticket_state_idx ON histories (o_id, created_at, id) INCLUDE (id_from, id_to)
  WHERE object = 'Ticket' AND attribute = 'state';
