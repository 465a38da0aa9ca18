/**
 * The local index of own posts (SPEC §4). Writes merge by (account, remote id): counts and text
 * follow the newest fetch, `first_seen_at` and `deleted_at` are kept, and an archive import never
 * overwrites what a live fetch stored (archives lack alt text and carry stale counts) — it only fills
 * gaps such as the local media files. The FTS index follows through triggers (0001_init.sql).
 */
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Platform, Post, PostKind, PostSource } from '../../src-shared/domain/post';
import { fingerprint as textFingerprint } from '../../src-shared/text/fingerprint';
import type { Clock } from '../util/clock';
import type { Db } from './Database';
import { CONTENT_COLUMNS, MEDIA_COLUMNS, toContent, toMediaContent, toStoredPost, validatePost } from './postRows';
import type { MediaContent, MediaRow, PostContent, PostRow } from './postRows';
import { assertInt } from './sqlErrors';
import type { StoredPost } from './types';

export interface PostsRepoDeps {
  clock: Clock;
  /** Content fingerprint (SPEC §2.3 second loop guard). Default: `fingerprint` from src-shared/text/fingerprint. */
  fingerprint?: (text: string) => string;
}

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged';
export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Keyset cursor: the last post of the previous page. */
export interface PostCursor {
  createdAt: number;
  rowId: number;
}

export interface ListPostsOptions {
  /** 1..1000 */
  limit: number;
  /** Only posts older than this: epoch ms (exclusive) or the cursor of the previous page's last post. */
  before?: number | PostCursor;
  kind?: PostKind;
  includeDeleted?: boolean;
  /** Include the raw payload (large; off for lists). */
  withRaw?: boolean;
}

export interface CountFilter {
  kind?: PostKind;
  source?: PostSource;
  madeByEngine?: boolean;
  includeDeleted?: boolean;
}

export const MAX_PAGE = 1000;
const CHUNK = 500;

export const cursorOf = (p: StoredPost): PostCursor => ({ createdAt: p.createdAt, rowId: p.rowId });

export class PostsRepo {
  #db: Db;
  #clock: Clock;
  #fingerprint: (text: string) => string;
  #s;

  constructor(db: Db, deps: PostsRepoDeps) {
    this.#db = db;
    this.#clock = deps.clock;
    this.#fingerprint = deps.fingerprint ?? textFingerprint;
    const cols = CONTENT_COLUMNS.join(', ');
    const vals = CONTENT_COLUMNS.map((c) => `@${c}`).join(', ');
    const sets = CONTENT_COLUMNS.map((c) => `${c} = @${c}`).join(', ');
    const mcols = MEDIA_COLUMNS.join(', ');
    const r = db.raw;
    this.#s = {
      accountPlatform: r.prepare<[number], { platform: Platform }>('SELECT platform FROM accounts WHERE id = ?'),
      byKey: r.prepare<[number, string], PostRow>('SELECT * FROM posts WHERE account_id = ? AND remote_id = ?'),
      insert: r.prepare<[Record<string, unknown>]>(
        `INSERT INTO posts (account_id, platform, remote_id, ${cols}, first_seen_at, updated_at)
         VALUES (@account_id, @platform, @remote_id, ${vals}, @now, @now)`,
      ),
      update: r.prepare<[Record<string, unknown>]>(`UPDATE posts SET ${sets}, updated_at = @now WHERE id = @id`),
      touch: r.prepare<[number, number]>('UPDATE posts SET updated_at = ? WHERE id = ?'),
      mediaOf: r.prepare<[number], MediaRow>('SELECT * FROM media WHERE post_id = ? ORDER BY position'),
      mediaOfMany: r.prepare<[string], MediaRow>('SELECT * FROM media WHERE post_id IN (SELECT value FROM json_each(?)) ORDER BY post_id, position'),
      mediaInsert: r.prepare<[Record<string, unknown>]>(`INSERT INTO media (post_id, ${mcols}) VALUES (@post_id, ${MEDIA_COLUMNS.map((c) => `@${c}`).join(', ')})`),
      mediaUpdate: r.prepare<[Record<string, unknown>]>(`UPDATE media SET ${MEDIA_COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`),
      mediaTrim: r.prepare<[number, number]>('DELETE FROM media WHERE post_id = ? AND position >= ?'),
      page: r.prepare<[Record<string, unknown>], PostRow>(
        `SELECT * FROM posts WHERE account_id = @account AND (@kind IS NULL OR kind = @kind)
           AND (@includeDeleted = 1 OR deleted_at IS NULL) AND (created_at, id) < (@beforeCreated, @beforeId)
         ORDER BY created_at DESC, id DESC LIMIT @limit`,
      ),
      count: r.prepare<[Record<string, unknown>], { n: number }>(
        `SELECT count(*) AS n FROM posts WHERE account_id = @account AND (@kind IS NULL OR kind = @kind)
           AND (@source IS NULL OR source = @source) AND (@engine IS NULL OR made_by_engine = @engine)
           AND (@includeDeleted = 1 OR deleted_at IS NULL)`,
      ),
      byFingerprint: r.prepare<[number, string], PostRow>('SELECT * FROM posts WHERE account_id = ? AND fingerprint = ? ORDER BY created_at DESC, id DESC'),
      markDeleted: r.prepare<[number, number, number, string]>('UPDATE posts SET deleted_at = ?, updated_at = ? WHERE account_id = ? AND remote_id = ? AND deleted_at IS NULL'),
      setEngine: r.prepare<[number, number, number, string]>('UPDATE posts SET made_by_engine = ?, updated_at = ? WHERE account_id = ? AND remote_id = ?'),
    };
  }

  /** Merges `posts` into the account's index in one transaction. Pass batches (≤ ~500) from a fetch. */
  upsertMany(accountId: number, posts: readonly Post[], opts: { madeByEngine?: boolean } = {}): UpsertCounts {
    if (!Array.isArray(posts)) throw new AppError(ErrorCode.InvalidInput, 'upsertMany needs an array of posts.');
    return this.#db.transaction(() => {
      const platform = this.#platformOf(accountId);
      const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
      for (const p of posts) counts[this.#upsert(accountId, platform, p, opts.madeByEngine === true).outcome]++;
      return counts;
    });
  }

  /**
   * Large imports: one transaction per chunk and a yield to the event loop between chunks, so the
   * main process keeps serving windows (STYLE §13). Not atomic as a whole; each chunk is.
   */
  async upsertInChunks(accountId: number, posts: readonly Post[], opts: { chunkSize?: number; signal?: AbortSignal } = {}): Promise<UpsertCounts> {
    const size = opts.chunkSize ?? CHUNK;
    assertInt(size, 'chunkSize', 1, 10_000);
    const total: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    for (let i = 0; i < posts.length; i += size) {
      opts.signal?.throwIfAborted();
      const c = this.upsertMany(accountId, posts.slice(i, i + size));
      total.inserted += c.inserted;
      total.updated += c.updated;
      total.unchanged += c.unchanged;
      if (i + size < posts.length) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return total;
  }

  /** One post, merged the same way; used by commitPublished inside its transaction. */
  upsertOne(accountId: number, post: Post, opts: { madeByEngine?: boolean } = {}): { rowId: number; outcome: UpsertOutcome } {
    return this.#db.transaction(() => this.#upsert(accountId, this.#platformOf(accountId), post, opts.madeByEngine === true));
  }

  #platformOf(accountId: number): Platform {
    const a = this.#s.accountPlatform.get(accountId);
    if (!a) throw new AppError(ErrorCode.NotFound, `Account ${accountId} does not exist; link the account before storing its posts.`, { accountId });
    return a.platform;
  }

  #upsert(accountId: number, platform: Platform, post: Post, madeByEngine: boolean): { rowId: number; outcome: UpsertOutcome } {
    validatePost(post, platform);
    const now = this.#clock.now();
    const incoming = toContent(post, this.#fingerprint(post.text), madeByEngine);
    const old = this.#s.byKey.get(accountId, post.id);
    if (!old) {
      const res = this.#s.insert.run({ ...incoming, account_id: accountId, platform, remote_id: post.id, now });
      const rowId = Number(res.lastInsertRowid);
      this.#mergeMedia(rowId, post, true);
      return { rowId, outcome: 'inserted' };
    }
    // An archive never overwrites a live row's content (see the module comment).
    const authoritative = !(old.source === 'live' && post.source === 'archive');
    const next: PostContent = authoritative
      ? {
          ...incoming,
          cid: incoming.cid ?? old.cid,
          bookmarks: incoming.bookmarks ?? old.bookmarks,
          impressions: incoming.impressions ?? old.impressions,
          raw_json: incoming.raw_json ?? old.raw_json,
        }
      : pickContent(old);
    // Once a copy is known to be ours it stays ours: a later plain fetch must not reopen the loop.
    next.made_by_engine = old.made_by_engine === 1 || madeByEngine ? 1 : 0;
    const contentChanged = CONTENT_COLUMNS.some((c) => next[c] !== old[c]);
    const mediaChanged = this.#mergeMedia(old.id, post, authoritative);
    if (contentChanged) this.#s.update.run({ ...next, id: old.id, now });
    else if (mediaChanged) this.#s.touch.run(now, old.id);
    return { rowId: old.id, outcome: contentChanged || mediaChanged ? 'updated' : 'unchanged' };
  }

  /** Merges media by position; returns whether anything changed. */
  #mergeMedia(postId: number, post: Post, authoritative: boolean): boolean {
    const old = new Map(this.#s.mediaOf.all(postId).map((m) => [m.position, m]));
    let changed = false;
    post.media.forEach((item, i) => {
      const inc = toMediaContent(item, i);
      const prev = old.get(i);
      if (!prev) {
        this.#s.mediaInsert.run({ ...inc, post_id: postId });
        changed = true;
        return;
      }
      const next = mergeMediaRow(inc, prev, authoritative);
      if (MEDIA_COLUMNS.some((c) => next[c] !== prev[c])) {
        this.#s.mediaUpdate.run({ ...next, id: prev.id });
        changed = true;
      }
    });
    if (authoritative && post.media.length > 0 && this.#s.mediaTrim.run(postId, post.media.length).changes > 0) changed = true;
    return changed;
  }

  get(accountId: number, remoteId: string): StoredPost | null {
    const row = this.#s.byKey.get(accountId, remoteId);
    return row ? toStoredPost(row, this.#s.mediaOf.all(row.id), true) : null;
  }

  /** Newest first, keyset-paged: pass `cursorOf(lastPost)` as `before` for the next page. */
  listByAccount(accountId: number, opts: ListPostsOptions): StoredPost[] {
    assertInt(opts.limit, 'limit', 1, MAX_PAGE);
    const b = opts.before;
    const beforeCreated = b === undefined ? Number.MAX_SAFE_INTEGER : typeof b === 'number' ? b : b.createdAt;
    // A bare instant is exclusive: every row at that instant has id > 0, so (t, 0) excludes them all.
    const beforeId = b === undefined ? Number.MAX_SAFE_INTEGER : typeof b === 'number' ? 0 : b.rowId;
    const rows = this.#s.page.all({
      account: accountId,
      kind: opts.kind ?? null,
      includeDeleted: opts.includeDeleted ? 1 : 0,
      beforeCreated,
      beforeId,
      limit: opts.limit,
    });
    return this.#withMedia(rows, opts.withRaw === true);
  }

  count(accountId: number, filter: CountFilter = {}): number {
    const engine = filter.madeByEngine === undefined ? null : filter.madeByEngine ? 1 : 0;
    const params = { account: accountId, kind: filter.kind ?? null, source: filter.source ?? null, engine, includeDeleted: filter.includeDeleted ? 1 : 0 };
    return this.#s.count.get(params)!.n;
  }

  /** Every post (deleted ones too) with this fingerprint: the second loop guard compares against all of them. */
  byFingerprint(accountId: number, fp: string): StoredPost[] {
    return this.#withMedia(this.#s.byFingerprint.all(accountId, fp), false);
  }

  /** Records that the post is gone remotely; false when unknown or already marked. */
  markDeleted(accountId: number, remoteId: string, at: number = this.#clock.now()): boolean {
    return this.#s.markDeleted.run(at, this.#clock.now(), accountId, remoteId).changes > 0;
  }

  setMadeByEngine(accountId: number, remoteId: string, value = true): boolean {
    return this.#s.setEngine.run(value ? 1 : 0, this.#clock.now(), accountId, remoteId).changes > 0;
  }

  #withMedia(rows: PostRow[], withRaw: boolean): StoredPost[] {
    if (rows.length === 0) return [];
    const byPost = new Map<number, MediaRow[]>();
    for (const m of this.#s.mediaOfMany.all(JSON.stringify(rows.map((r) => r.id)))) {
      const list = byPost.get(m.post_id) ?? [];
      list.push(m);
      byPost.set(m.post_id, list);
    }
    return rows.map((r) => toStoredPost(r, byPost.get(r.id) ?? [], withRaw));
  }
}

function pickContent(row: PostRow): PostContent {
  const out = {} as Record<string, unknown>;
  for (const c of CONTENT_COLUMNS) out[c] = row[c];
  return out as PostContent;
}

/** Authoritative: incoming values win, old ones fill its gaps. Otherwise the reverse. */
function mergeMediaRow(inc: MediaContent, old: MediaRow, authoritative: boolean): MediaContent {
  const [first, second] = authoritative ? [inc, old] : [old, inc];
  const out = {} as Record<string, unknown>;
  for (const c of MEDIA_COLUMNS) out[c] = first[c] ?? second[c];
  return out as MediaContent;
}
