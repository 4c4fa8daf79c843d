-- Self-service accounts (Zammad's sign-up, e-mail verification and password reset).
-- One-time tokens, as Zammad's `tokens` table holds them for the actions `Signup` and
-- `PasswordReset`, but stored as SHA-256 digests: a database leak must not hand out
-- working links. Each token is single use and expires (see domain/accounts.ts).

CREATE TABLE user_tokens (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  action text NOT NULL CHECK (action IN ('Signup', 'PasswordReset')),
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz(3) NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX user_tokens_user_idx ON user_tokens (user_id, action, created_at);

-- Zammad's defaults: sign-up and lost password enabled; the password policy of Zammad 6.
INSERT INTO settings (name, value) VALUES
  ('user_create_account', 'true'),
  ('user_lost_password', 'true'),
  ('password_min_size', '10'),
  ('password_min_2_lower_2_upper_characters', '1'),
  ('password_need_digit', '1'),
  ('password_need_special_character', '0')
ON CONFLICT (name) DO NOTHING;
