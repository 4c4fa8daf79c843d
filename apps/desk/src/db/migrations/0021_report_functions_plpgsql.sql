-- Issue 15: a ticket create cost PostgreSQL 6 ms in the report trigger alone. The two report
-- functions of 0015 were SQL functions, and PostgreSQL plans the body of a SQL function that it
-- cannot inline again on every call (a trigger calls them once per ticket written): most of
-- those 6 ms were planning. As PL/pgSQL functions with the same statements, each session plans
-- them once and reuses the plan. Same arguments, same results (report-rollup.test.ts recounts
-- every figure from the tickets after random writes).

CREATE OR REPLACE FUNCTION report_ticket_rows(t tickets, skip bigint[], extra jsonb)
  RETURNS TABLE (day date, created integer, created_kept integer, closed integer, closed_kept integer,
                 reopened integer, open_delta integer)
  LANGUAGE plpgsql STABLE
  AS $$
  #variable_conflict use_column
  BEGIN
  RETURN QUERY
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
    FROM ev WHERE t.id IS NOT NULL GROUP BY 1;
  END
  $$;

CREATE OR REPLACE FUNCTION report_daily_change(o tickets, skip bigint[], extra jsonb, n tickets) RETURNS void
  LANGUAGE plpgsql
  AS $$
  #variable_conflict use_column
  BEGIN
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
      OR sum(x.reopened) <> 0 OR sum(x.open_delta) <> 0;
  END
  $$;
