-- A counter bumped by every change to who may do what (users, roles, groups, organizations and
-- their links). Desk processes cache the people acting on requests and drop that cache when the
-- counter moves, so a permission change takes effect on the next request in every process.

CREATE TABLE auth_version (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO auth_version (id, version) VALUES (1, 0);

CREATE FUNCTION desk_bump_auth_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE public.auth_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER users_auth_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION desk_bump_auth_version();
CREATE TRIGGER roles_auth_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roles
  FOR EACH STATEMENT EXECUTE FUNCTION desk_bump_auth_version();
CREATE TRIGGER roles_users_auth_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roles_users
  FOR EACH STATEMENT EXECUTE FUNCTION desk_bump_auth_version();
CREATE TRIGGER permissions_auth_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON permissions
  FOR EACH STATEMENT EXECUTE FUNCTION desk_bump_auth_version();
CREATE TRIGGER permissions_roles_auth_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON permissions_roles
  FOR EACH STATEMENT EXECUTE FUNCTION desk_bump_auth_version();
CREATE TRIGGER groups_auth_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON groups
  FOR EACH STATEMENT EXECUTE FUNCTION desk_bump_auth_version();
CREATE TRIGGER groups_users_auth_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON groups_users
  FOR EACH STATEMENT EXECUTE FUNCTION desk_bump_auth_version();
CREATE TRIGGER groups_roles_auth_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON groups_roles
  FOR EACH STATEMENT EXECUTE FUNCTION desk_bump_auth_version();
CREATE TRIGGER organizations_auth_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations
  FOR EACH STATEMENT EXECUTE FUNCTION desk_bump_auth_version();
CREATE TRIGGER organizations_users_auth_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations_users
  FOR EACH STATEMENT EXECUTE FUNCTION desk_bump_auth_version();
