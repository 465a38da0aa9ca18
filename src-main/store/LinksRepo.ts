/**
 * The source ↔ copy map (SPEC §2.3 "No loops"). Both sides are unique in the schema, so a second
 * copy of the same source part, or a second source claiming the same copy, is refused by SQLite
 * itself — not by a check that a race could slip past.
 */
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Platform } from '../../src-shared/domain/post';
import type { Clock } from '../util/clock';
import type { Db } from './Database';
import { assertInt, assertNonEmpty, isForeignKeyViolation, isUniqueViolation } from './sqlErrors';
import type { LinkRole, NewSyncLink, SyncLink } from './types';

interface LinkRow {
  id: number;
  pair_id: number;
  source_platform: Platform;
  source_id: string;
  copy_platform: Platform;
  copy_id: string;
  copy_cid: string | null;
  role: LinkRole;
  part_index: number;
  source_created_at: number | null;
  created_at: number;
}

const toLink = (r: LinkRow): SyncLink => ({
  id: r.id,
  pairId: r.pair_id,
  sourcePlatform: r.source_platform,
  sourceId: r.source_id,
  copyPlatform: r.copy_platform,
  copyId: r.copy_id,
  copyCid: r.copy_cid,
  role: r.role,
  partIndex: r.part_index,
  sourceCreatedAt: r.source_created_at,
  createdAt: r.created_at,
});

const ROLES: readonly string[] = ['root', 'part', 'continuation'];
const PLATFORMS: readonly string[] = ['x', 'bsky'];

function validate(l: NewSyncLink): void {
  if (!PLATFORMS.includes(l.sourcePlatform) || !PLATFORMS.includes(l.copyPlatform) || l.sourcePlatform === l.copyPlatform) {
    throw new AppError(ErrorCode.InvalidInput, `A link goes from one platform to the other; got ${l.sourcePlatform} → ${l.copyPlatform}.`, { field: 'platform' });
  }
  assertNonEmpty(l.sourceId, 'link sourceId');
  assertNonEmpty(l.copyId, 'link copyId');
  if (!ROLES.includes(l.role)) throw new AppError(ErrorCode.InvalidInput, `Link role must be root, part or continuation; got ${JSON.stringify(l.role)}.`, { field: 'role' });
  if (l.partIndex !== undefined) assertInt(l.partIndex, 'link partIndex', 0, 10_000);
}

export class LinksRepo {
  #clock: Clock;
  #s;

  constructor(db: Db, clock: Clock) {
    this.#clock = clock;
    const r = db.raw;
    this.#s = {
      insert: r.prepare<[Record<string, unknown>], LinkRow>(
        `INSERT INTO sync_links (pair_id, source_platform, source_id, copy_platform, copy_id, copy_cid, role, part_index, source_created_at, created_at)
         VALUES (@pairId, @sourcePlatform, @sourceId, @copyPlatform, @copyId, @copyCid, @role, @partIndex, @sourceCreatedAt, @now) RETURNING *`,
      ),
      bySource: r.prepare<[number, string, string], LinkRow>('SELECT * FROM sync_links WHERE pair_id = ? AND source_platform = ? AND source_id = ? ORDER BY part_index'),
      byCopy: r.prepare<[string, string], LinkRow>('SELECT * FROM sync_links WHERE copy_platform = ? AND copy_id = ?'),
      listByPair: r.prepare<[number, number, number], LinkRow>('SELECT * FROM sync_links WHERE pair_id = ? AND id > ? ORDER BY id LIMIT ?'),
    };
  }

  /** Inserts a link; a clash on either unique side is a Conflict naming which side. */
  insert(l: NewSyncLink): SyncLink {
    validate(l);
    try {
      return toLink(
        this.#s.insert.get({
          pairId: l.pairId,
          sourcePlatform: l.sourcePlatform,
          sourceId: l.sourceId,
          copyPlatform: l.copyPlatform,
          copyId: l.copyId,
          copyCid: l.copyCid ?? null,
          role: l.role,
          partIndex: l.partIndex ?? 0,
          sourceCreatedAt: l.sourceCreatedAt ?? null,
          now: this.#clock.now(),
        })!,
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw this.#conflict(l, e);
      if (isForeignKeyViolation(e)) throw new AppError(ErrorCode.NotFound, `Account pair ${l.pairId} does not exist.`, { pairId: l.pairId });
      throw e;
    }
  }

  #conflict(l: NewSyncLink, cause: unknown): AppError {
    const copyTaken = this.#s.byCopy.get(l.copyPlatform, l.copyId);
    const message = copyTaken
      ? `The ${l.copyPlatform} post ${l.copyId} is already recorded as the copy of ${copyTaken.source_platform} post ${copyTaken.source_id}; one copy cannot have two sources.`
      : `${l.sourcePlatform} post ${l.sourceId} (part ${l.partIndex ?? 0}) already has a copy in this pair; it will not be copied twice.`;
    return new AppError(ErrorCode.Conflict, message, { side: copyTaken ? 'copy' : 'source', sourceId: l.sourceId, copyId: l.copyId }, { cause });
  }

  /** Every copy of one source post in a pair, in part order. */
  bySource(pairId: number, platform: Platform, sourceId: string): SyncLink[] {
    return this.#s.bySource.all(pairId, platform, sourceId).map(toLink);
  }

  byCopy(platform: Platform, copyId: string): SyncLink | null {
    const r = this.#s.byCopy.get(platform, copyId);
    return r ? toLink(r) : null;
  }

  /** True when `id` on `platform` is a copy the engine made: it must never be synced back. */
  isCopy(platform: Platform, id: string): boolean {
    return this.#s.byCopy.get(platform, id) !== undefined;
  }

  /** Pages a pair's links in insertion order (export, diagnostics). */
  listByPair(pairId: number, opts: { afterId?: number; limit: number }): SyncLink[] {
    assertInt(opts.limit, 'limit', 1, 1000);
    return this.#s.listByPair.all(pairId, opts.afterId ?? 0, opts.limit).map(toLink);
  }
}
