/**
 * `readArchive(path)` opens an X archive (ZIP or folder) read-only, checks it, scans it once, and then
 * yields the normalised posts in batches, one part file in memory at a time (SPEC §3).
 *
 *   const reader = await readArchive(zipPath);
 *   try { for await (const batch of reader) store(batch.posts); } finally { await reader.close(); }
 */
import path from 'node:path';
import type { Post } from '../../src-shared/domain/post';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { type ArchiveAccount, type InvalidEntry, loadNotes, type ManifestCounts, readAccount, readManifest, unwrapTweet } from './archiveFiles';
import { type ArchiveLayout, findLayout } from './archiveLayout';
import { archiveTweet, parseXDate } from './archiveSchemas';
import type { ArchiveSource, ArchiveSourceKind } from './archiveSource';
import { type MapIssue, mapTweet, type TweetContext } from './mapTweet';
import { MediaLocator } from './mediaLocator';
import { openArchiveSource } from './openArchiveSource';
import { type ScanResult, scanArchive } from './scanArchive';
import { parseYtdArray } from './ytdFile';

export interface ArchiveMeta {
  sourcePath: string;
  sourceKind: ArchiveSourceKind;
  account: ArchiveAccount;
  /** From manifest.js; null when the archive has none. */
  generatedAt: number | null;
  legacyFormat: boolean;
  files: { tweets: string[]; notes: string[]; deleted: string[] };
  manifest: ManifestCounts | null;
  scan: Omit<ScanResult, 'threads'>;
  noteCount: number;
  mediaFileCount: number;
  /** Entries that failed validation, skipped (listed in the import report). */
  invalidEntries: InvalidEntry[];
}

export interface PostBatch {
  file: string;
  /** True for posts from deleted-tweets.js; `deletedAt` holds when each was deleted. */
  deleted: boolean;
  posts: Post[];
  deletedAt: Record<string, number>;
}

export interface ArchiveReader extends AsyncIterable<PostBatch> {
  readonly meta: ArchiveMeta;
  /** Problems met while normalising (missing media files, unmatched notes); complete after iteration. */
  issues(): MapIssue[];
  /** note-tweet entries that no post claimed; complete after iteration. */
  unmatchedNotes(): string[];
  close(): Promise<void>;
}

export interface ReadArchiveOptions {
  /** Posts per batch (1..5000, default 500). */
  batchSize?: number;
  logger?: Logger;
  onScan?: (file: string, done: number, total: number) => void;
}

function emptyArchive(source: ArchiveSource, why: string): AppError {
  return new AppError(
    ErrorCode.InvalidInput,
    `The archive ${path.basename(source.path)} ${why}. Choose the ZIP from X's "Download your data" (or its unpacked folder) that contains data/tweets.js.`,
    { path: source.path },
  );
}

async function inspect(source: ArchiveSource, opts: ReadArchiveOptions) {
  if (source.names().length === 0) throw emptyArchive(source, 'is empty');
  const layout = findLayout(source.names());
  if (!layout) throw emptyArchive(source, 'holds no X archive data files (no account.js, tweets.js or tweet.js)');
  const account = await readAccount(source, layout);
  if (layout.tweetFiles.length === 0 && layout.deletedFiles.length === 0) throw emptyArchive(source, 'has no tweets.js, tweets-part*.js or tweet.js');
  const manifest = await readManifest(source, layout);
  const invalid: InvalidEntry[] = [];
  const { notes, perFile: notesPerFile } = await loadNotes(source, layout, invalid);
  const owner = { ownerId: account.accountId, ownerHandle: account.username };
  const scan = await scanArchive(source, layout, owner, invalid, opts.onScan);
  if (scan.uniquePosts + scan.uniqueDeleted === 0) throw emptyArchive(source, 'contains no posts');
  Object.assign(scan.entriesPerFile, notesPerFile);
  return { layout, account, manifest, invalid, notes, scan };
}

export async function readArchive(input: string, opts: ReadArchiveOptions = {}): Promise<ArchiveReader> {
  const batchSize = opts.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) {
    throw new AppError(ErrorCode.InvalidInput, `batchSize must be a whole number from 1 to 5000; got ${batchSize}.`, { field: 'batchSize' });
  }
  const source = await openArchiveSource(input);
  try {
    const found = await inspect(source, opts);
    const { threads, ...scanSummary } = found.scan;
    const meta: ArchiveMeta = {
      sourcePath: source.path,
      sourceKind: source.kind,
      account: found.account,
      generatedAt: found.manifest?.generatedAt ?? null,
      legacyFormat: found.layout.legacyFormat,
      files: { tweets: found.layout.tweetFiles, notes: found.layout.noteFiles, deleted: found.layout.deletedFiles },
      manifest: found.manifest,
      scan: scanSummary,
      noteCount: found.notes.size,
      mediaFileCount: found.layout.mediaFileCount,
      invalidEntries: found.invalid,
    };
    const ctx: TweetContext = {
      ownerId: found.account.accountId,
      ownerHandle: found.account.username,
      notes: found.notes,
      threads,
      media: new MediaLocator(found.layout.mediaByTweet),
      mediaRef: (name) => source.mediaRef(name),
    };
    return new Reader(source, found.layout, meta, ctx, batchSize, opts.logger ?? silentLogger);
  } catch (err) {
    await source.close();
    throw err;
  }
}

class Reader implements ArchiveReader {
  readonly meta: ArchiveMeta;
  #source: ArchiveSource;
  #layout: ArchiveLayout;
  #ctx: TweetContext;
  #batchSize: number;
  #logger: Logger;
  #issues: MapIssue[] = [];
  #started = false;

  constructor(source: ArchiveSource, layout: ArchiveLayout, meta: ArchiveMeta, ctx: TweetContext, batchSize: number, logger: Logger) {
    this.#source = source;
    this.#layout = layout;
    this.meta = meta;
    this.#ctx = ctx;
    this.#batchSize = batchSize;
    this.#logger = logger;
  }

  issues(): MapIssue[] {
    return this.#issues;
  }

  unmatchedNotes(): string[] {
    return this.#ctx.notes.unmatched();
  }

  close(): Promise<void> {
    return this.#source.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<PostBatch> {
    // Notes and media files are claimed as posts are read, so a second pass would see them taken.
    if (this.#started) throw new AppError(ErrorCode.Internal, 'An archive reader can be iterated only once; call readArchive again.');
    this.#started = true;
    const seen = new Set<string>();
    const files = [...this.#layout.tweetFiles.map((f) => ({ f, deleted: false })), ...this.#layout.deletedFiles.map((f) => ({ f, deleted: true }))];
    for (const { f, deleted } of files) {
      const { items } = parseYtdArray(await this.#source.readText(f), f);
      let batch: PostBatch = { file: f, deleted, posts: [], deletedAt: {} };
      for (const item of items) {
        const raw = unwrapTweet(item);
        const parsed = archiveTweet.safeParse(raw);
        // Invalid entries were recorded by the scan; duplicates are kept once.
        if (!parsed.success || seen.has(parsed.data.id_str)) continue;
        seen.add(parsed.data.id_str);
        const { post, issues } = mapTweet(parsed.data, this.#ctx, raw);
        this.#issues.push(...issues);
        batch.posts.push(post);
        if (deleted) batch.deletedAt[post.id] = parseXDate(parsed.data.deleted_at ?? '') ?? post.createdAt;
        if (batch.posts.length >= this.#batchSize) {
          yield sortBatch(batch);
          batch = { file: f, deleted, posts: [], deletedAt: {} };
        }
      }
      if (batch.posts.length > 0) yield sortBatch(batch);
      this.#logger.debug('archive: file read', { file: f, entries: items.length });
    }
  }
}

/** Oldest first by id as a big integer (ids outgrew 2^53 long ago; SPEC §3). */
function sortBatch(b: PostBatch): PostBatch {
  b.posts.sort((x, y) => (BigInt(x.id) < BigInt(y.id) ? -1 : BigInt(x.id) > BigInt(y.id) ? 1 : 0));
  return b;
}
