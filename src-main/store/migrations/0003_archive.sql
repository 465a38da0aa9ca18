-- 0003_archive: one row per X archive import (SPEC §3). Owned by src-main/archive/**.
-- Posts themselves go into `posts`/`media` (0001) like synced posts; this table records where an
-- import came from, whose archive it was (the Conflict check on re-import), and how it reconciled.
CREATE TABLE archive_imports (
  id                  INTEGER PRIMARY KEY,
  account_id          INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  source_path         TEXT    NOT NULL,
  source_kind         TEXT    NOT NULL CHECK (source_kind IN ('zip', 'folder')),
  -- X user id from the archive's account.js.
  archive_account_id  TEXT    NOT NULL,
  username            TEXT    NOT NULL,
  -- manifest.js generationDate (epoch ms), NULL for archives without a manifest.
  generated_at        INTEGER,
  started_at          INTEGER NOT NULL,
  finished_at         INTEGER,
  status              TEXT    NOT NULL CHECK (status IN ('running', 'ok', 'differences', 'failed', 'cancelled')),
  counts_json         TEXT    NOT NULL DEFAULT '{}',
  report_json         TEXT
);
CREATE INDEX archive_imports_account ON archive_imports (account_id, started_at DESC);
