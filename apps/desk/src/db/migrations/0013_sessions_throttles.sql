-- Issue 13. Two pieces of state every desk and BFF process must see alike.
--
-- 1. Session epochs (an EOSC extension, `GET|DELETE /api/v1/users/{id}/sessions`): a counter per
--    user that ends every session issued before it moved. The BFF keeps its sealed cookie, records
--    the epoch in it at sign-in and compares on each request (cached a few seconds). It moves
--    when the password changes, when the account is deactivated (whatever route wrote the row:
--    the trigger below sees every write), and when the person or an admin ends all sessions.

CREATE TABLE user_session_epochs (
  user_id integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  epoch integer NOT NULL DEFAULT 0,
  revoked_at timestamptz(3)
);

CREATE FUNCTION desk_end_sessions_on_user_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.password IS DISTINCT FROM OLD.password OR (OLD.active AND NOT NEW.active) THEN
    INSERT INTO public.user_session_epochs (user_id, epoch, revoked_at) VALUES (NEW.id, 1, now())
    ON CONFLICT (user_id) DO UPDATE
      SET epoch = public.user_session_epochs.epoch + 1, revoked_at = now();
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER users_end_sessions AFTER UPDATE OF password, active ON users
  FOR EACH ROW EXECUTE FUNCTION desk_end_sessions_on_user_change();

-- 2. Attempt counters (failed Basic sign-ins per login), in the database so that every desk
--    process counts against one limit, with a fixed window per key.

CREATE TABLE auth_throttles (
  key text PRIMARY KEY,
  count integer NOT NULL,
  window_end timestamptz(3) NOT NULL
);
