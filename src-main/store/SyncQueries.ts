/**
 * The read queries the sync engine needs across tables (posts × links × intents × skips).
 * Kept here with the other SQL (STYLE.md §13) rather than in the engine.
 */
import type { Platform } from '../../src-shared/domain/post';
import type { Db } from './Database';
import type { SyncDirection } from './types';

interface LinkJoinRow {
  part_index: number;
  role: 'root' | 'part' | 'continuation';
  copy_id: string;
  copy_cid: string | null;
  part_count: number | null;
}

const CHUNK = 500;

export class SyncQueries {
  #db: Db;
  #s;

  constructor(db: Db) {
    this.#db = db;
    const r = db.raw;
    this.#s = {
      // A source post is complete when it has as many links as its intents say it has parts.
      // Only posts seen live: archive history is the migration job's, never live sync's (SPEC §3).
      unsynced: r.prepare<[Record<string, unknown>], { remote_id: string }>(
        `SELECT p.remote_id FROM posts p
          WHERE p.account_id = @accountId AND p.made_by_engine = 0 AND p.deleted_at IS NULL AND p.source = 'live'
            AND NOT EXISTS (SELECT 1 FROM sync_skips s WHERE s.pair_id = @pairId AND s.direction = @direction AND s.source_id = p.remote_id)
            AND NOT EXISTS (SELECT 1 FROM publish_intents i WHERE i.pair_id = @pairId AND i.direction = @direction AND i.source_id = p.remote_id AND i.status = 'poison')
            AND (SELECT count(*) FROM sync_links l WHERE l.pair_id = @pairId AND l.source_platform = p.platform AND l.source_id = p.remote_id)
                < COALESCE((SELECT max(i.part_count) FROM publish_intents i WHERE i.pair_id = @pairId AND i.direction = @direction AND i.source_id = p.remote_id), 1)
          ORDER BY p.created_at DESC, p.id DESC LIMIT @limit`,
      ),
      links: r.prepare<[number, string, number, string, string], LinkJoinRow>(
        `SELECT l.part_index, l.role, l.copy_id, l.copy_cid,
                (SELECT max(i.part_count) FROM publish_intents i WHERE i.pair_id = ? AND i.direction = ? AND i.source_id = l.source_id) AS part_count
           FROM sync_links l WHERE l.pair_id = ? AND l.source_platform = ? AND l.source_id = ? ORDER BY l.part_index`,
      ),
      createdSince: r.prepare<[number, string, number], { n: number }>(
        `SELECT count(*) AS n FROM publish_intents WHERE pair_id = ? AND direction = ? AND status = 'done' AND updated_at >= ?`,
      ),
      skip: r.prepare<[number, string, string, string, number]>(
        'INSERT INTO sync_skips (pair_id, direction, source_id, reason, decided_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET reason = excluded.reason, decided_at = excluded.decided_at',
      ),
      clearSkips: r.prepare<[number, string]>('DELETE FROM sync_skips WHERE pair_id = ? AND reason = ?'),
      skipCounts: r.prepare<[number], { direction: SyncDirection; reason: string; n: number }>(
        'SELECT direction, reason, count(*) AS n FROM sync_skips WHERE pair_id = ? GROUP BY direction, reason',
      ),
      recentLinks: r.prepare<[number, string, number], { source_id: string; copy_id: string; copy_cid: string | null }>(
        'SELECT source_id, copy_id, copy_cid FROM sync_links WHERE pair_id = ? AND source_platform = ? AND source_created_at >= ? ORDER BY source_id, part_index',
      ),
      recentTexts: r.prepare<[number, number], { text: string; created_at: number }>(
        'SELECT text, created_at FROM posts WHERE account_id = ? AND created_at >= ? AND deleted_at IS NULL',
      ),
    };
  }

  /** Remote ids of the newest not-yet-complete own posts (newest first: new posts are never starved). */
  unsyncedIds(pairId: number, direction: SyncDirection, accountId: number, limit: number): string[] {
    return this.#s.unsynced.all({ pairId, direction, accountId, limit }).map((r) => r.remote_id);
  }

  linksWithParts(pairId: number, direction: SyncDirection, platform: Platform, sourceId: string) {
    return this.#s.links.all(pairId, direction, pairId, platform, sourceId).map((r) => ({
      partIndex: r.part_index,
      role: r.role,
      copyId: r.copy_id,
      copyCid: r.copy_cid,
      partCount: r.part_count,
    }));
  }

  /** Sources among `ids` with at least one link (thread parents and quoted posts). */
  linkedAmong(pairId: number, platform: Platform, ids: readonly string[]): Set<string> {
    return this.#inChunks(ids, (chunk) =>
      this.#db.raw
        .prepare(`SELECT DISTINCT source_id AS id FROM sync_links WHERE pair_id = ? AND source_platform = ? AND source_id IN (${chunk.map(() => '?').join(',')})`)
        .all(pairId, platform, ...chunk) as { id: string }[],
    );
  }

  /** Ids among `ids` that are copies the engine made on `platform`. */
  copiesAmong(platform: Platform, ids: readonly string[]): Set<string> {
    return this.#inChunks(ids, (chunk) =>
      this.#db.raw
        .prepare(`SELECT copy_id AS id FROM sync_links WHERE copy_platform = ? AND copy_id IN (${chunk.map(() => '?').join(',')})`)
        .all(platform, ...chunk) as { id: string }[],
    );
  }

  #inChunks(ids: readonly string[], q: (chunk: string[]) => { id: string }[]): Set<string> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += CHUNK) for (const r of q(ids.slice(i, i + CHUNK))) out.add(r.id);
    return out;
  }

  createdSince(pairId: number, direction: SyncDirection, since: number): number {
    return this.#s.createdSince.get(pairId, direction, since)?.n ?? 0;
  }

  recordSkips(pairId: number, direction: SyncDirection, skips: readonly { sourceId: string; reason: string }[], now: number): void {
    this.#db.transaction(() => {
      for (const s of skips) this.#s.skip.run(pairId, direction, s.sourceId, s.reason, now);
    });
  }

  clearSkips(pairId: number, reason: string): number {
    return this.#s.clearSkips.run(pairId, reason).changes;
  }

  skipCounts(pairId: number) {
    return this.#s.skipCounts.all(pairId);
  }

  /** Links whose source was created at or after `since` (the cross-delete window). */
  recentSourceLinks(pairId: number, platform: Platform, since: number): { sourceId: string; copyId: string; copyCid: string | null }[] {
    return this.#s.recentLinks.all(pairId, platform, since).map((r) => ({ sourceId: r.source_id, copyId: r.copy_id, copyCid: r.copy_cid }));
  }

  recentTexts(accountId: number, since: number): { text: string; createdAt: number }[] {
    return this.#s.recentTexts.all(accountId, since).map((r) => ({ text: r.text, createdAt: r.created_at }));
  }
}
