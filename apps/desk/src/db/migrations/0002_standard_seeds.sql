-- Zammad's standard seeds: present in every installation, demo or not.

INSERT INTO permissions (name, note) VALUES
  ('admin', 'Admin interface'),
  ('admin.user', 'Manage users'), ('admin.group', 'Manage groups'), ('admin.role', 'Manage roles'),
  ('admin.organization', 'Manage organizations'), ('admin.overview', 'Manage overviews'),
  ('admin.text_module', 'Manage text modules'), ('admin.macro', 'Manage macros'),
  ('admin.template', 'Manage templates'), ('admin.tag', 'Manage tags'), ('admin.calendar', 'Manage calendars'),
  ('admin.sla', 'Manage SLAs'), ('admin.trigger', 'Manage triggers'), ('admin.webhook', 'Manage webhooks'),
  ('admin.scheduler', 'Manage schedulers'), ('admin.object', 'Manage object attributes'),
  ('admin.ticket_state', 'Manage ticket states'), ('admin.ticket_priority', 'Manage ticket priorities'),
  ('admin.time_accounting', 'Manage time accounting'), ('admin.knowledge_base', 'Manage knowledge base'),
  ('admin.channel_email', 'Manage email channels'), ('admin.data_privacy', 'Manage data privacy'),
  ('admin.api', 'Manage API'),
  ('ticket.agent', 'Access to ticket agent interface'), ('ticket.customer', 'Access to ticket customer interface'),
  ('chat.agent', 'Chat agent'), ('cti.agent', 'CTI agent'),
  ('knowledge_base.reader', 'Read knowledge base'), ('knowledge_base.editor', 'Edit knowledge base'),
  ('report', 'Reporting'),
  ('user_preferences', 'User preferences'),
  ('user_preferences.password', 'Change password'), ('user_preferences.language', 'Change language'),
  ('user_preferences.avatar', 'Change avatar'), ('user_preferences.appearance', 'Change appearance'),
  ('user_preferences.two_factor_authentication', 'Two-factor authentication'),
  ('user_preferences.linked_accounts', 'Linked accounts'), ('user_preferences.access_token', 'Access tokens'),
  ('user_preferences.notifications', 'Notifications');

INSERT INTO users (id, login, firstname, lastname, email, active, created_by_id, updated_by_id)
VALUES (1, '-', '-', '', '', false, 1, 1);
SELECT setval('users_id_seq', 1);

INSERT INTO roles (id, name, default_at_signup, note) VALUES
  (1, 'Admin', false, 'To configure your system.'),
  (2, 'Agent', false, 'To work on tickets.'),
  (3, 'Customer', true, 'People who create tickets ask for help.');
SELECT setval('roles_id_seq', 3);

INSERT INTO permissions_roles (role_id, permission_id)
SELECT r.role_id, p.id FROM (VALUES
  (1, 'admin'), (1, 'user_preferences'), (1, 'report'), (1, 'knowledge_base.editor'),
  (2, 'ticket.agent'), (2, 'chat.agent'), (2, 'cti.agent'), (2, 'knowledge_base.reader'), (2, 'user_preferences'),
  (3, 'ticket.customer'), (3, 'user_preferences.password'), (3, 'user_preferences.language'),
  (3, 'user_preferences.avatar'), (3, 'user_preferences.appearance'),
  (3, 'user_preferences.two_factor_authentication'), (3, 'user_preferences.linked_accounts')
) AS r(role_id, name) JOIN permissions p ON p.name = r.name;

INSERT INTO groups (id, name, name_last, note) VALUES (1, 'Users', 'Users', 'Standard Group/Pool for Tickets.');
SELECT setval('groups_id_seq', 1);

INSERT INTO ticket_state_types (id, name) VALUES
  (1, 'new'), (2, 'open'), (3, 'pending reminder'), (4, 'pending action'), (5, 'closed'), (6, 'merged');
SELECT setval('ticket_state_types_id_seq', 6);

INSERT INTO ticket_states (id, state_type_id, name, ignore_escalation, default_create, default_follow_up) VALUES
  (1, 1, 'new', false, true, false),
  (2, 2, 'open', false, false, true),
  (3, 3, 'pending reminder', true, false, false),
  (4, 5, 'closed', true, false, false),
  (5, 6, 'merged', true, false, false),
  (6, 4, 'pending close', true, false, false);
UPDATE ticket_states SET next_state_id = 4 WHERE id = 6;
SELECT setval('ticket_states_id_seq', 6);

INSERT INTO ticket_priorities (id, name, default_create, ui_icon, ui_color) VALUES
  (1, '1 low', false, 'low-priority', 'low-priority'),
  (2, '2 normal', true, NULL, NULL),
  (3, '3 high', false, 'important', 'high-priority');
SELECT setval('ticket_priorities_id_seq', 3);

INSERT INTO ticket_article_types (id, name, communication) VALUES
  (1, 'email', true), (2, 'sms', true), (3, 'chat', true), (4, 'fax', true), (5, 'phone', true),
  (6, 'twitter status', true), (7, 'twitter direct-message', true), (8, 'facebook feed post', true),
  (9, 'facebook feed comment', true), (10, 'note', false), (11, 'web', true),
  (12, 'telegram personal-message', true), (13, 'facebook direct-message', true), (14, 'whatsapp message', true);
SELECT setval('ticket_article_types_id_seq', 14);

INSERT INTO ticket_article_senders (id, name) VALUES (1, 'Agent'), (2, 'Customer'), (3, 'System');
SELECT setval('ticket_article_senders_id_seq', 3);

INSERT INTO link_types (id, name) VALUES (1, 'normal'), (2, 'parent'), (3, 'child');
SELECT setval('link_types_id_seq', 3);

INSERT INTO settings (name, value) VALUES
  ('api_password_access', 'true'),
  ('api_token_access', 'true'),
  ('tag_new', 'true'),
  ('maintenance_mode', 'false'),
  ('customer_ticket_create_group_ids', '[]'),
  ('ui_ticket_zoom_article_delete_timeframe', '600');
