/**
 * Two read queries the migration planner needs that the shared SyncQueries does not offer. They
 * live with the job (the store folder belongs to another engineer); both are read-only.
 */
import type { Db } from '../../store/Database';
import { MIGRATION_ORIGIN } from './types';

const CHUNK = 500;

export class MigrationQueries {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * Source posts with an intent the migration made for this pair. Their links are the
   * migration's own, so they must not read as "already synced live" when a run resumes.
   */
  migratedSourceIds(pairIds: readonly number[]): Set<string> {
    const out = new Set<string>();
    const stmt = this.#db.raw.prepare<[number, string], { id: string }>(
      "SELECT DISTINCT source_id AS id FROM publish_intents WHERE pair_id = ? AND direction = 'x-to-bsky' AND json_extract(payload_json, '$.origin') = ?",
    );
    for (const pairId of pairIds) for (const r of stmt.all(pairId, MIGRATION_ORIGIN)) out.add(r.id);
    return out;
  }

  /**
   * Posts of the account that the archive itself lists as deleted (deleted-tweets.js entries carry
   * `deleted_at` in the stored raw entry). A post deleted on X after the archive was made has no
   * such field: SPEC §3 says a later deletion never hides it from migration.
   */
  deletedInArchive(accountId: number): Set<string> {
    const rows = this.#db.raw
      .prepare<[number], { id: string }>(
        "SELECT remote_id AS id FROM posts WHERE account_id = ? AND deleted_at IS NOT NULL AND raw_json IS NOT NULL AND json_extract(raw_json, '$.deleted_at') IS NOT NULL",
      )
      .all(accountId);
    return new Set(rows.map((r) => r.id));
  }

  /** Sources among `ids` with at least one X → Bluesky link in any of the pairs. */
  linkedAmong(pairIds: readonly number[], ids: readonly string[]): Set<string> {
    const out = new Set<string>();
    for (const pairId of pairIds) {
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        const rows = this.#db.raw
          .prepare(`SELECT DISTINCT source_id AS id FROM sync_links WHERE pair_id = ? AND source_platform = 'x' AND source_id IN (${chunk.map(() => '?').join(',')})`)
          .all(pairId, ...chunk) as { id: string }[];
        for (const r of rows) out.add(r.id);
      }
    }
    return out;
  }
}
