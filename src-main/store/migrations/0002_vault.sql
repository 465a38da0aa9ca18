-- 0002_vault: credential vault, users/sessions, login rate limit, app lock, audit log, step-up tokens.
-- Owned by src-main/vault/**. Self-contained (no references to 0001 tables) so the vault can be
-- tested on its own; the runner applies this inside its single migration transaction.

-- Key/value metadata: backend, key check value, scrypt salt/N/r/p, wrapped keys, rotation escrow.
CREATE TABLE vault_meta (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- One encrypted secret per (id, kind). AES-256-GCM; "id\0kind" is the associated data, so a
-- ciphertext copied to another row fails authentication.
CREATE TABLE credentials (
  id         TEXT NOT NULL,
  kind       TEXT NOT NULL,
  iv         BLOB NOT NULL CHECK (length(iv) = 12),
  tag        BLOB NOT NULL CHECK (length(tag) = 16),
  ciphertext BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (id, kind)
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  is_admin      INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

-- Session tokens are stored as SHA-256 hashes only; the token itself exists only in the cookie.
CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash   TEXT NOT NULL UNIQUE,
  address      TEXT,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed sign-in / unlock attempts, keyed by the name that was typed (lower-cased) and the address.
CREATE TABLE login_attempts (
  id       INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  address  TEXT NOT NULL,
  at       INTEGER NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts(username, address, at);

-- The optional desktop app-lock passphrase (one row).
CREATE TABLE app_lock (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  passphrase_hash TEXT NOT NULL,
  idle_ms         INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);

CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  at           INTEGER NOT NULL,
  user_id      INTEGER,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  target       TEXT,
  success      INTEGER NOT NULL CHECK (success IN (0, 1)),
  details_json TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_user ON audit_log(user_id, at);

-- Old entries move here (same columns + archived_at) so the live table stays small.
CREATE TABLE audit_archive (
  id           INTEGER PRIMARY KEY,
  at           INTEGER NOT NULL,
  user_id      INTEGER,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  target       TEXT,
  success      INTEGER NOT NULL,
  details_json TEXT,
  archived_at  INTEGER NOT NULL
);
CREATE INDEX audit_archive_at ON audit_archive(at);

-- Step-up tokens: random, stored hashed, bound to user + action + target, single use, short-lived.
CREATE TABLE step_up_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER,
  action     TEXT NOT NULL,
  target     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);
