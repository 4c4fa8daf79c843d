-- Search (REFERENCE §3.1.3, §3.4, §3.5, §3.14): PostgreSQL full-text search with the 'simple'
-- configuration (no stemming, no stop words), so any language works. PostgreSQL 15 compatible.
--
-- Tickets: one row per ticket in ticket_search, kept by triggers, holding a tsvector over the
-- title and number (weight A) and its articles: subject (B), body (C), from/to/cc (D).
-- `vector` covers every article (agents), `vector_public` only non-internal ones (customers).
-- A side table keeps `SELECT * FROM tickets` (the API shape) free of the vectors.
-- Users and organizations: expression GIN indexes.

-- Characters that separate words before the parser runs, so `bob@example.org` indexes as
-- bob, example, org and `Name <mail>` is not taken for an XML tag. Keep in step with
-- src/domain/search/text.ts. Long texts are cut (a tsvector holds at most 1 MB).
CREATE FUNCTION desk_search_text(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT translate(left(coalesce(input, ''), 200000), '@./:_<>', '       ') $$;

CREATE FUNCTION desk_tsv(input text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT to_tsvector('simple'::regconfig, public.desk_search_text(input)) $$;

CREATE FUNCTION desk_article_tsv(subject text, body text, content_type text, sender text, recipient text, cc text)
  RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT setweight(public.desk_tsv(subject), 'B')
        || setweight(public.desk_tsv(CASE WHEN content_type ILIKE '%html%'
                                   THEN regexp_replace(left(coalesce(body, ''), 400000), '<[^>]*>', ' ', 'g')
                                   ELSE body END), 'C')
        || setweight(public.desk_tsv(coalesce(sender, '') || ' ' || coalesce(recipient, '') || ' ' || coalesce(cc, '')), 'D')
  $$;

CREATE FUNCTION desk_ticket_head_tsv(title text, number text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(public.desk_tsv(title) || public.desk_tsv(number), 'A') $$;

-- Concatenation that keeps the first vector when the result would pass the 1 MB limit.
CREATE FUNCTION desk_tsv_cat(a tsvector, b tsvector) RETURNS tsvector
  LANGUAGE plpgsql IMMUTABLE
  AS $$
  BEGIN
    RETURN a || b;
  EXCEPTION WHEN program_limit_exceeded THEN
    RETURN a;
  END
  $$;

CREATE AGGREGATE public.desk_tsv_agg(tsvector) (SFUNC = desk_tsv_cat, STYPE = tsvector, INITCOND = '');

CREATE TABLE ticket_search (
  ticket_id integer PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
  vector tsvector NOT NULL DEFAULT '',
  vector_public tsvector NOT NULL DEFAULT ''
);
CREATE INDEX ticket_search_vector_idx ON ticket_search USING gin (vector);
CREATE INDEX ticket_search_vector_public_idx ON ticket_search USING gin (vector_public);

-- Rebuilds the vectors of one ticket from its title, number and articles.
CREATE FUNCTION desk_ticket_search_refresh(tid integer) RETURNS void
  LANGUAGE plpgsql
  AS $$
  BEGIN
    INSERT INTO ticket_search (ticket_id, vector, vector_public)
    SELECT t.id,
           public.desk_tsv_cat(public.desk_ticket_head_tsv(t.title, t.number), coalesce(a.all_v, '')),
           public.desk_tsv_cat(public.desk_ticket_head_tsv(t.title, t.number), coalesce(a.public_v, ''))
      FROM tickets t
      LEFT JOIN LATERAL (
        SELECT public.desk_tsv_agg(x.v ORDER BY x.id) AS all_v,
               public.desk_tsv_agg(x.v ORDER BY x.id) FILTER (WHERE NOT x.internal) AS public_v
          FROM (SELECT ta.id, ta.internal,
                       public.desk_article_tsv(ta.subject, ta.body, ta.content_type, ta."from", ta."to", ta.cc) AS v
                  FROM ticket_articles ta WHERE ta.ticket_id = t.id) x
      ) a ON true
     WHERE t.id = tid
    ON CONFLICT (ticket_id) DO UPDATE SET vector = EXCLUDED.vector, vector_public = EXCLUDED.vector_public;
  END
  $$;

CREATE FUNCTION desk_ticket_search_on_ticket_insert() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    INSERT INTO ticket_search (ticket_id, vector, vector_public)
    SELECT n.id, public.desk_ticket_head_tsv(n.title, n.number), public.desk_ticket_head_tsv(n.title, n.number)
      FROM new_rows n
    ON CONFLICT (ticket_id) DO NOTHING;
    RETURN NULL;
  END
  $$;

CREATE FUNCTION desk_ticket_search_on_ticket_update() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    PERFORM public.desk_ticket_search_refresh(NEW.id);
    RETURN NULL;
  END
  $$;

-- Statement-level with a transition table: a bulk insert costs one INSERT into ticket_search.
CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION desk_ticket_search_on_ticket_insert();
CREATE TRIGGER ticket_search_update AFTER UPDATE OF title, number ON tickets
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.number IS DISTINCT FROM NEW.number)
  EXECUTE FUNCTION desk_ticket_search_on_ticket_update();

-- New articles are appended to their tickets' vectors, once per ticket and statement (a bulk
-- insert updates each ticket_search row once); edits and deletions rebuild the ticket.
CREATE FUNCTION desk_ticket_search_on_article_insert() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    UPDATE ticket_search s
       SET vector = public.desk_tsv_cat(s.vector, x.all_v),
           vector_public = CASE WHEN x.public_v IS NULL THEN s.vector_public
                                ELSE public.desk_tsv_cat(s.vector_public, x.public_v) END
      FROM (SELECT a.ticket_id,
                   public.desk_tsv_agg(a.v ORDER BY a.id) AS all_v,
                   public.desk_tsv_agg(a.v ORDER BY a.id) FILTER (WHERE NOT a.internal) AS public_v
              FROM (SELECT n.id, n.ticket_id, n.internal,
                           public.desk_article_tsv(n.subject, n.body, n.content_type, n."from", n."to", n.cc) AS v
                      FROM new_rows n) a
             GROUP BY a.ticket_id) x
     WHERE s.ticket_id = x.ticket_id;
    RETURN NULL;
  END
  $$;

CREATE FUNCTION desk_ticket_search_on_article_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF TG_OP = 'UPDATE' THEN
      PERFORM public.desk_ticket_search_refresh(NEW.ticket_id);
      IF OLD.ticket_id <> NEW.ticket_id THEN
        PERFORM public.desk_ticket_search_refresh(OLD.ticket_id);
      END IF;
    ELSE
      PERFORM public.desk_ticket_search_refresh(OLD.ticket_id);
    END IF;
    RETURN NULL;
  END
  $$;

CREATE TRIGGER ticket_search_article_insert AFTER INSERT ON ticket_articles
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION desk_ticket_search_on_article_insert();
CREATE TRIGGER ticket_search_article_update
  AFTER UPDATE OF subject, body, content_type, "from", "to", cc, internal, ticket_id ON ticket_articles
  FOR EACH ROW WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.body IS DISTINCT FROM NEW.body
    OR OLD.content_type IS DISTINCT FROM NEW.content_type OR OLD."from" IS DISTINCT FROM NEW."from"
    OR OLD."to" IS DISTINCT FROM NEW."to" OR OLD.cc IS DISTINCT FROM NEW.cc
    OR OLD.internal IS DISTINCT FROM NEW.internal OR OLD.ticket_id IS DISTINCT FROM NEW.ticket_id)
  EXECUTE FUNCTION desk_ticket_search_on_article_change();
CREATE TRIGGER ticket_search_article_delete AFTER DELETE ON ticket_articles
  FOR EACH ROW EXECUTE FUNCTION desk_ticket_search_on_article_change();

-- Backfill.
SELECT public.desk_ticket_search_refresh(id) FROM tickets;

-- Prefix searches on identifiers (`number:310*`, `customer.email:bob*`) in any collation.
CREATE INDEX tickets_number_pattern_idx ON tickets (number text_pattern_ops);
CREATE INDEX tickets_created_at_idx ON tickets (created_at);
CREATE INDEX users_login_pattern_idx ON users (lower(login) text_pattern_ops);
CREATE INDEX users_email_pattern_idx ON users (lower(email) text_pattern_ops);

CREATE FUNCTION desk_user_tsv(firstname text, lastname text, login text, email text, phone text, mobile text)
  RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT setweight(public.desk_tsv(firstname), 'A') || setweight(public.desk_tsv(lastname), 'B')
        || setweight(public.desk_tsv(email), 'C')
        || setweight(public.desk_tsv(coalesce(login, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(mobile, '')), 'D')
  $$;
CREATE INDEX users_search_idx ON users
  USING gin (public.desk_user_tsv(firstname, lastname, login, email, phone, mobile));

CREATE FUNCTION desk_organization_tsv(name text, domain text, note text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(public.desk_tsv(name), 'A') || setweight(public.desk_tsv(domain), 'B') || setweight(public.desk_tsv(note), 'C') $$;
CREATE INDEX organizations_search_idx ON organizations USING gin (public.desk_organization_tsv(name, domain, note));
