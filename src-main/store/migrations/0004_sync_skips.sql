-- Decisions of the sync planner not to copy a post (reply to others, repost, opt-out marker, …),
-- so a skipped post is not re-planned on every run and the reason can be shown. Cleared for a
-- reason when the setting behind it changes (e.g. syncReplies turned on).
CREATE TABLE sync_skips (
  pair_id     INTEGER NOT NULL REFERENCES account_pairs(id) ON DELETE CASCADE,
  direction   TEXT    NOT NULL CHECK (direction IN ('x-to-bsky', 'bsky-to-x')),
  source_id   TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  decided_at  INTEGER NOT NULL,
  PRIMARY KEY (pair_id, direction, source_id)
);
CREATE INDEX sync_skips_reason ON sync_skips (pair_id, direction, reason);
