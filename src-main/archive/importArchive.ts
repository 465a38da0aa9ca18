/**
 * `importArchive`: an X archive (ZIP or folder) → the local index, merged by post id (SPEC §3, §4).
 * Order of work: open read-only → identify and scan every file (a damaged file fails here, before
 * anything is written) → check the archive belongs to the target account → write in batches →
 * reconcile → record the run in `archive_imports`. Re-importing the same or a newer archive of the
 * same account adds new posts and updates changed counts without duplicates.
 */
import path from 'node:path';
import { z } from 'zod';
import type { Post, PostSource } from '../../src-shared/domain/post';
import { AppError, ErrorCode, isAppError } from '../../src-shared/errors';
import { type Clock, systemClock } from '../util/clock';
import { type Logger, silentLogger } from '../util/logger';
import type { Db } from '../store/Database';
import { ArchiveImportsRepo, type ArchiveImportStatus } from './ArchiveImportsRepo';
import { type ArchiveMeta, type ArchiveReader, readArchive } from './readArchive';
import { type Difference, reconcile, type WriteCounts } from './reconcile';

/** What the importer needs from the store; `Store` from src-main/store/createStore satisfies it. */
export interface PostSink {
  upsertMany(accountId: number, posts: readonly Post[]): { inserted: number; updated: number; unchanged?: number };
  count(accountId: number, filter?: { source?: PostSource; includeDeleted?: boolean }): number;
  markDeleted(accountId: number, remoteId: string, at?: number): boolean;
}

export interface ImportStore {
  db: Db;
  posts: PostSink;
  accounts: { get(id: number): { id: number; platform: string; handle: string; remoteId: string } | null };
}

export type ImportPhase = 'scanning' | 'importing' | 'finishing';

export interface ImportProgress {
  phase: ImportPhase;
  done: number;
  total: number;
  file?: string;
}

export interface ImportArchiveOptions {
  /** Path of the ZIP or the unpacked folder. */
  input: string;
  /** accounts.id of the X account the posts belong to. */
  accountId: number;
  store: ImportStore;
  /** The app's data folder: the only place temporary files may go (media extraction, archiveMedia.ts). */
  dataDir: string;
  logger?: Logger;
  clock?: Clock;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  batchSize?: number;
}

export interface ImportCounts {
  /** Distinct posts read (tweets + deleted tweets). */
  read: number;
  posts: number;
  deleted: number;
  byKind: { post: number; reply: number; repost: number };
  inserted: number;
  updated: number;
  unchanged: number;
  markedDeleted: number;
  media: number;
  mediaMissing: number;
  notesMatched: number;
  invalid: number;
  duplicates: number;
}

export interface ImportReport {
  importId: number;
  accountId: number;
  status: Exclude<ArchiveImportStatus, 'running'>;
  source: { path: string; kind: 'zip' | 'folder' };
  archiveAccount: { accountId: string; username: string };
  generatedAt: number | null;
  legacyFormat: boolean;
  /** False when the archive has no manifest.js, so X's own counts could not be compared. */
  manifestChecked: boolean;
  counts: ImportCounts;
  differences: Difference[];
  startedAt: number;
  finishedAt: number;
  /** Set when status is failed/cancelled. */
  error?: { code: ErrorCode; message: string };
}

const optionsSchema = z.object({
  input: z.string().trim().min(1, 'choose the archive ZIP or folder'),
  accountId: z.number().int().positive('must be the id of a linked X account'),
  dataDir: z.string().trim().min(1, "must be the app's data folder"),
  batchSize: z.number().int().min(1).max(5000).optional(),
});

function validate(opts: ImportArchiveOptions): void {
  const r = optionsSchema.safeParse(opts);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new AppError(ErrorCode.InvalidInput, `Import: ${i.path.join('.')} ${i.message}.`, { field: i.path.join('.') });
  }
  const input = path.resolve(opts.input);
  const rel = path.relative(input, path.resolve(opts.dataDir));
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new AppError(ErrorCode.InvalidInput, `The data folder ${opts.dataDir} is inside the archive ${input}; the archive must stay untouched, so choose a data folder elsewhere.`, { field: 'dataDir' });
  }
}

/** The Conflict rule: the archive's owner must be the account bound to the import target. */
function checkAccount(store: ImportStore, imports: ArchiveImportsRepo, accountId: number, meta: ArchiveMeta): void {
  const account = store.accounts.get(accountId);
  const a = meta.account;
  if (!account) throw new AppError(ErrorCode.NotFound, `Account ${accountId} does not exist. Link your X account first, then import its archive.`, { accountId });
  if (account.platform !== 'x') {
    throw new AppError(ErrorCode.InvalidInput, `Account ${accountId} (@${account.handle}) is not an X account; an X archive can only be imported into the X account it came from.`, { accountId });
  }
  const earlier = imports.listByAccount(accountId).find((r) => r.archiveAccountId !== a.accountId);
  const boundId = account.remoteId || earlier?.archiveAccountId;
  if (boundId !== a.accountId || earlier) {
    throw new AppError(
      ErrorCode.Conflict,
      `This archive belongs to @${a.username} (X user ${a.accountId}), but the chosen account is @${account.handle} (X user ${boundId}). ` +
        `Nothing was imported. Import it into the account it came from, or choose that account's own archive.`,
      { accountId, archiveAccountId: a.accountId, boundAccountId: boundId },
    );
  }
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw new AppError(
    ErrorCode.Cancelled,
    'The import was cancelled. Posts stored so far are kept; importing the same archive again continues without duplicates.',
  );
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Run {
  reader: ArchiveReader;
  counts: ImportCounts;
  writes: WriteCounts;
}

async function writeAll(opts: ImportArchiveOptions, run: Run, clock: Clock): Promise<void> {
  const { store, accountId, signal } = opts;
  const total = run.counts.read;
  for await (const batch of run.reader) {
    throwIfCancelled(signal);
    const res = store.posts.upsertMany(accountId, batch.posts);
    run.writes.handed += batch.posts.length;
    run.writes.inserted += res.inserted;
    run.writes.updated += res.updated;
    run.writes.unchanged += res.unchanged ?? batch.posts.length - res.inserted - res.updated;
    if (batch.deleted) {
      store.db.transaction(() => {
        for (const p of batch.posts) if (store.posts.markDeleted(accountId, p.id, batch.deletedAt[p.id] ?? clock.now())) run.counts.markedDeleted++;
      });
    }
    for (const p of batch.posts) run.counts.media += p.media.length;
    opts.onProgress?.({ phase: 'importing', done: run.writes.handed, total, file: batch.file });
    // better-sqlite3 is synchronous: give windows and timers a turn between batches (STYLE §13).
    await yieldToLoop();
  }
}

function emptyCounts(meta: ArchiveMeta): ImportCounts {
  return {
    read: meta.scan.uniquePosts + meta.scan.uniqueDeleted,
    posts: meta.scan.uniquePosts,
    deleted: meta.scan.uniqueDeleted,
    byKind: { ...meta.scan.kinds },
    inserted: 0,
    updated: 0,
    unchanged: 0,
    markedDeleted: 0,
    media: 0,
    mediaMissing: 0,
    notesMatched: 0,
    invalid: meta.invalidEntries.length,
    duplicates: meta.scan.duplicateCount,
  };
}

export async function importArchive(opts: ImportArchiveOptions): Promise<ImportReport> {
  validate(opts);
  const clock = opts.clock ?? systemClock;
  const log = (opts.logger ?? silentLogger).child({ op: 'archive.import', accountId: opts.accountId });
  const imports = new ArchiveImportsRepo(opts.store.db);
  const startedAt = clock.now();
  throwIfCancelled(opts.signal);
  const reader = await readArchive(opts.input, {
    batchSize: opts.batchSize,
    logger: log,
    onScan: (file, done, total) => opts.onProgress?.({ phase: 'scanning', done, total, file }),
  });
  const { meta } = reader;
  let importId = 0;
  try {
    checkAccount(opts.store, imports, opts.accountId, meta);
    importId = imports.start({ accountId: opts.accountId, sourcePath: meta.sourcePath, sourceKind: meta.sourceKind, archiveAccountId: meta.account.accountId, username: meta.account.username, generatedAt: meta.generatedAt, startedAt });
    const rowsBefore = opts.store.posts.count(opts.accountId, { includeDeleted: true });
    const run: Run = { reader, counts: emptyCounts(meta), writes: { handed: 0, inserted: 0, updated: 0, unchanged: 0, rowsBefore, rowsAfter: rowsBefore } };
    log.info('archive: import started', { archive: path.basename(meta.sourcePath), posts: run.counts.read });
    let failure: unknown = null;
    try {
      await writeAll(opts, run, clock);
    } catch (err) {
      failure = err;
    }
    run.writes.rowsAfter = opts.store.posts.count(opts.accountId, { includeDeleted: true });
    opts.onProgress?.({ phase: 'finishing', done: run.writes.handed, total: run.counts.read });
    const report = finishReport(importId, opts, meta, run, startedAt, clock.now(), failure);
    imports.finish(importId, report.status, report.finishedAt, report.counts, report);
    log.info('archive: import finished', { status: report.status, inserted: report.counts.inserted, updated: report.counts.updated, differences: report.differences.length });
    if (failure) throw failure;
    return report;
  } finally {
    await reader.close();
  }
}

function finishReport(importId: number, opts: ImportArchiveOptions, meta: ArchiveMeta, run: Run, startedAt: number, finishedAt: number, failure: unknown): ImportReport {
  const issues = run.reader.issues();
  const unmatched = run.reader.unmatchedNotes();
  const counts: ImportCounts = {
    ...run.counts,
    inserted: run.writes.inserted,
    updated: run.writes.updated,
    unchanged: run.writes.unchanged,
    mediaMissing: issues.filter((i) => i.kind === 'media_missing').length,
    notesMatched: meta.noteCount - unmatched.length,
  };
  // A failed run stopped part-way, so the store totals cannot match; the failure itself is the report.
  const differences = reconcile(meta, issues, unmatched, failure ? null : run.writes);
  const cancelled = failure !== null && (opts.signal?.aborted === true || (isAppError(failure) && failure.code === ErrorCode.Cancelled));
  const status: ImportReport['status'] = failure ? (cancelled ? 'cancelled' : 'failed') : differences.length > 0 ? 'differences' : 'ok';
  const report: ImportReport = {
    importId,
    accountId: opts.accountId,
    status,
    source: { path: meta.sourcePath, kind: meta.sourceKind },
    archiveAccount: { accountId: meta.account.accountId, username: meta.account.username },
    generatedAt: meta.generatedAt,
    legacyFormat: meta.legacyFormat,
    manifestChecked: meta.manifest !== null,
    counts,
    differences,
    startedAt,
    finishedAt,
  };
  if (failure) {
    const e = isAppError(failure) ? failure : null;
    report.error = { code: e?.code ?? (cancelled ? ErrorCode.Cancelled : ErrorCode.Internal), message: failure instanceof Error ? failure.message : String(failure) };
  }
  return report;
}
