-- Issue 16, path 3 (direct usage): a community works in this helpdesk with its own support
-- units, services and knowledge-base categories, a branded portal under /c/<slug>, and its own
-- community admins. A unit, service or category belongs to at most one community; none means
-- EOSC-wide.

CREATE TABLE communities (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$'),
  display_name text NOT NULL DEFAULT '',
  -- An http(s) address or an uploaded image as a data: URL (domain/communities.ts checks both).
  logo_url text,
  primary_color text NOT NULL DEFAULT '#1f4e79' CHECK (primary_color ~ '^#[0-9a-fA-F]{6}$'),
  accent_color text NOT NULL DEFAULT '#b03a2e' CHECK (accent_color ~ '^#[0-9a-fA-F]{6}$'),
  note text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  created_by_id integer,
  updated_by_id integer,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Who administers a community (with the `community.admin` permission, through a role).
CREATE TABLE community_admins (
  community_id integer NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_admins_user_idx ON community_admins (user_id);

ALTER TABLE groups ADD COLUMN community_id integer REFERENCES communities (id) ON DELETE SET NULL;
ALTER TABLE eosc_services ADD COLUMN community_id integer REFERENCES communities (id) ON DELETE SET NULL;
ALTER TABLE knowledge_base_categories
  ADD COLUMN community_id integer REFERENCES communities (id) ON DELETE SET NULL;

INSERT INTO permissions (name, note) VALUES
  ('admin.community', 'Manage communities'),
  ('community.admin', 'Manage the units, services and knowledge base of the communities one administers');

INSERT INTO roles (name, default_at_signup, note) VALUES
  ('Community Admin', false, 'Manages the units, services and knowledge base of their community.');

INSERT INTO permissions_roles (role_id, permission_id)
SELECT r.id, p.id FROM (VALUES
  ('Community Admin', 'community.admin'), ('Community Admin', 'user_preferences')
) AS x(role, perm)
JOIN roles r ON r.name = x.role JOIN permissions p ON p.name = x.perm;
