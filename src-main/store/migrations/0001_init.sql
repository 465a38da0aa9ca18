-- 0001_init: the core schema (SPEC §2, §4). Never edit after it ships: add a new numbered file.
-- Every instant is epoch milliseconds (INTEGER). Every row is scoped by a profile, directly or
-- through its account / pair (SPEC §2.1), so several pairs never see each other's state.

CREATE TABLE profiles (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL
);

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  profile_id    INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  platform      TEXT    NOT NULL CHECK (platform IN ('x', 'bsky')),
  handle        TEXT    NOT NULL,
  -- X user rest_id or Bluesky DID: handles change, these do not.
  remote_id     TEXT    NOT NULL,
  service_url   TEXT,
  display_name  TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  UNIQUE (profile_id, platform, remote_id)
);

CREATE TABLE account_pairs (
  id                 INTEGER PRIMARY KEY,
  profile_id         INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  x_account_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  bsky_account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  x_to_bsky_enabled  INTEGER NOT NULL DEFAULT 1 CHECK (x_to_bsky_enabled IN (0, 1)),
  bsky_to_x_enabled  INTEGER NOT NULL DEFAULT 1 CHECK (bsky_to_x_enabled IN (0, 1)),
  created_at         INTEGER NOT NULL,
  UNIQUE (x_account_id, bsky_account_id)
);
CREATE INDEX account_pairs_profile ON account_pairs (profile_id);

-- The local index: every own post from both networks and from archives, stored once per account.
CREATE TABLE posts (
  id                     INTEGER PRIMARY KEY,
  account_id             INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  platform               TEXT    NOT NULL CHECK (platform IN ('x', 'bsky')),
  -- X rest_id (decimal string) or Bluesky at:// URI.
  remote_id              TEXT    NOT NULL,
  cid                    TEXT,
  author_id              TEXT    NOT NULL,
  author_handle          TEXT    NOT NULL,
  text                   TEXT    NOT NULL,
  created_at             INTEGER NOT NULL,
  kind                   TEXT    NOT NULL CHECK (kind IN ('post', 'reply', 'repost')),
  in_reply_to_id         TEXT,
  in_reply_to_author_id  TEXT,
  conversation_id        TEXT,
  quote_of_id            TEXT,
  quote_of_author_id     TEXT,
  quote_of_url           TEXT,
  repost_of_id           TEXT,
  lang                   TEXT,
  likes                  INTEGER NOT NULL DEFAULT 0,
  reposts                INTEGER NOT NULL DEFAULT 0,
  replies                INTEGER NOT NULL DEFAULT 0,
  quotes                 INTEGER NOT NULL DEFAULT 0,
  -- NULL = the network does not expose it (not the same as 0, SPEC §8).
  bookmarks              INTEGER,
  impressions            INTEGER,
  links_json             TEXT    NOT NULL DEFAULT '[]',
  hashtags_json          TEXT    NOT NULL DEFAULT '[]',
  mentions_json          TEXT    NOT NULL DEFAULT '[]',
  pinned                 INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
  source                 TEXT    NOT NULL CHECK (source IN ('live', 'archive')),
  -- 1 = a copy the sync engine created: never synced back (SPEC §2.3 "No loops").
  made_by_engine         INTEGER NOT NULL DEFAULT 0 CHECK (made_by_engine IN (0, 1)),
  fingerprint            TEXT    NOT NULL,
  raw_json               TEXT,
  deleted_at             INTEGER,
  first_seen_at          INTEGER NOT NULL,
  updated_at             INTEGER NOT NULL,
  UNIQUE (account_id, remote_id)
);
CREATE INDEX posts_account_created ON posts (account_id, created_at DESC, id DESC);
CREATE INDEX posts_account_fingerprint ON posts (account_id, fingerprint);
CREATE INDEX posts_account_kind_created ON posts (account_id, kind, created_at DESC);
CREATE INDEX posts_conversation ON posts (account_id, conversation_id);

-- Full-text index over posts.text (external content: the text is stored once, in posts).
CREATE VIRTUAL TABLE posts_fts USING fts5 (
  text,
  content = 'posts',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER posts_fts_ai AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER posts_fts_ad AFTER DELETE ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER posts_fts_au AFTER UPDATE OF text ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO posts_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TABLE media (
  id           INTEGER PRIMARY KEY,
  post_id      INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  position     INTEGER NOT NULL CHECK (position >= 0),
  kind         TEXT    NOT NULL CHECK (kind IN ('photo', 'gif', 'video')),
  url          TEXT,
  local_path   TEXT,
  alt          TEXT,
  width        INTEGER,
  height       INTEGER,
  mime_type    TEXT,
  remote_id    TEXT,
  duration_ms  INTEGER,
  UNIQUE (post_id, position)
);

-- Source ↔ copy map. Unique on both sides: a source part has one copy, a copy has one source.
CREATE TABLE sync_links (
  id                 INTEGER PRIMARY KEY,
  pair_id            INTEGER NOT NULL REFERENCES account_pairs(id) ON DELETE CASCADE,
  source_platform    TEXT    NOT NULL CHECK (source_platform IN ('x', 'bsky')),
  source_id          TEXT    NOT NULL,
  copy_platform      TEXT    NOT NULL CHECK (copy_platform IN ('x', 'bsky')),
  copy_id            TEXT    NOT NULL,
  copy_cid           TEXT,
  role               TEXT    NOT NULL CHECK (role IN ('root', 'part', 'continuation')),
  part_index         INTEGER NOT NULL DEFAULT 0 CHECK (part_index >= 0),
  source_created_at  INTEGER,
  created_at         INTEGER NOT NULL,
  CHECK (source_platform <> copy_platform),
  UNIQUE (pair_id, source_platform, source_id, part_index),
  UNIQUE (copy_platform, copy_id)
);

-- The outbox: an intent is recorded before the remote call (SPEC §2.3 "No duplicates").
CREATE TABLE publish_intents (
  id               INTEGER PRIMARY KEY,
  pair_id          INTEGER NOT NULL REFERENCES account_pairs(id) ON DELETE CASCADE,
  direction        TEXT    NOT NULL CHECK (direction IN ('x-to-bsky', 'bsky-to-x')),
  source_id        TEXT    NOT NULL,
  part_index       INTEGER NOT NULL DEFAULT 0 CHECK (part_index >= 0),
  part_count       INTEGER NOT NULL DEFAULT 1 CHECK (part_count >= 1),
  -- Deterministic Bluesky record key (TID) so a retry cannot create a second record; NULL for X.
  target_key       TEXT,
  payload_json     TEXT    NOT NULL,
  status           TEXT    NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'sent', 'unknown', 'done', 'failed', 'poison')),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts     INTEGER NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
  next_attempt_at  INTEGER NOT NULL,
  last_error       TEXT,
  remote_id        TEXT,
  remote_cid       TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  CHECK (part_index < part_count),
  UNIQUE (pair_id, direction, source_id, part_index)
);
CREATE INDEX publish_intents_due ON publish_intents (status, next_attempt_at);
CREATE INDEX publish_intents_open ON publish_intents (pair_id, direction, status);

CREATE TABLE sync_cursors (
  account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name        TEXT    NOT NULL,
  value       TEXT    NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (account_id, name)
);

-- One row per run.
CREATE TABLE sync_stats (
  id           INTEGER PRIMARY KEY,
  pair_id      INTEGER NOT NULL REFERENCES account_pairs(id) ON DELETE CASCADE,
  direction    TEXT    NOT NULL CHECK (direction IN ('x-to-bsky', 'bsky-to-x')),
  started_at   INTEGER NOT NULL,
  finished_at  INTEGER,
  status       TEXT    NOT NULL DEFAULT 'running'
               CHECK (status IN ('running', 'ok', 'partial', 'failed', 'cancelled', 'interrupted')),
  fetched      INTEGER NOT NULL DEFAULT 0,
  created      INTEGER NOT NULL DEFAULT 0,
  skipped      INTEGER NOT NULL DEFAULT 0,
  failed       INTEGER NOT NULL DEFAULT 0,
  error        TEXT,
  duration_ms  INTEGER
);
CREATE INDEX sync_stats_pair_started ON sync_stats (pair_id, started_at DESC);

CREATE TABLE hourly_stats (
  pair_id    INTEGER NOT NULL REFERENCES account_pairs(id) ON DELETE CASCADE,
  -- Epoch ms of the start of the UTC hour.
  hour       INTEGER NOT NULL,
  direction  TEXT    NOT NULL CHECK (direction IN ('x-to-bsky', 'bsky-to-x')),
  created    INTEGER NOT NULL DEFAULT 0,
  failed     INTEGER NOT NULL DEFAULT 0,
  skipped    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (pair_id, hour, direction)
);

CREATE TABLE api_usage (
  service        TEXT    NOT NULL CHECK (service IN ('x', 'bsky')),
  -- '' when the call was not made for a particular account (e.g. a login attempt).
  account        TEXT    NOT NULL DEFAULT '',
  op             TEXT    NOT NULL,
  -- Epoch ms of the start of the UTC hour the calls fall in.
  window_start   INTEGER NOT NULL,
  calls          INTEGER NOT NULL DEFAULT 0,
  errors         INTEGER NOT NULL DEFAULT 0,
  last_status    TEXT,
  last_reset_at  INTEGER,
  PRIMARY KEY (service, account, op, window_start)
);

CREATE TABLE user_settings (
  profile_id  INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  key         TEXT    NOT NULL,
  value_json  TEXT    NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (profile_id, key)
);
