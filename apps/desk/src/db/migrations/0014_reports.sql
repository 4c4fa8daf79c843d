-- Issue 12. Reporting for managers (docs/reports.md).
--
-- 1. Two roles. "Manager" holds Zammad's `report` permission: reports on every support unit.
--    "Unit Lead" holds `report.eosc_unit_lead` (an EOSC permission; holding it does not grant
--    `report`): reports on the units the person leads, listed in eosc_unit_leads. A lead is
--    usually also an Agent of those units, but the table, not group access, says what they lead:
--    an agent may work in many units and lead none.

INSERT INTO permissions (name, note) VALUES
  ('report.eosc_unit_lead', 'Reports on the support units one leads');

INSERT INTO roles (name, default_at_signup, note) VALUES
  ('Manager', false, 'Reports on every support unit.'),
  ('Unit Lead', false, 'Reports on the support units one leads.');

INSERT INTO permissions_roles (role_id, permission_id)
SELECT r.id, p.id FROM (VALUES
  ('Manager', 'report'), ('Manager', 'user_preferences'),
  ('Unit Lead', 'report.eosc_unit_lead'), ('Unit Lead', 'user_preferences')
) AS x(role, perm)
JOIN roles r ON r.name = x.role JOIN permissions p ON p.name = x.perm;

CREATE TABLE eosc_unit_leads (
  group_id integer NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX eosc_unit_leads_user_idx ON eosc_unit_leads (user_id);

-- 2. Indexes the report queries range over: close times, creation per unit (creation alone has
--    tickets_created_at_idx since 0005), articles by ticket and time (answers in a period).

CREATE INDEX tickets_group_created_idx ON tickets (group_id, created_at);
CREATE INDEX tickets_close_at_idx ON tickets (close_at) WHERE close_at IS NOT NULL;
CREATE INDEX ticket_articles_ticket_created_idx ON ticket_articles (ticket_id, created_at);
