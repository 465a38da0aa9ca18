/**
 * The one SQLite handle of a composed core (STYLE.md §12–§13). `openDatabase` checks that the file
 * really is a SQLite database *before* SQLite may write to it (WAL mode rewrites the header), so a
 * wrong DATABASE_PATH never damages someone's file. `compose()` owns the returned `Db`; nothing here
 * caches a handle.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Logger } from '../util/logger';

export { migrate, loadMigrations, defaultMigrationsDir, schemaVersion } from './migrations';
export type { Migration, MigrateOptions, MigrateResult } from './migrations';

export type RawDatabase = BetterSqlite3.Database;

export interface OpenDatabaseOptions {
  /** How long a writer waits for another connection's lock before SQLITE_BUSY. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Open without write access (reports, backups); the file must exist. */
  readonly?: boolean;
  logger?: Logger;
}

export class Db {
  readonly raw: RawDatabase;
  readonly path: string;

  constructor(raw: RawDatabase, filePath: string) {
    this.raw = raw;
    this.path = filePath;
  }

  /**
   * Runs `fn` in one transaction (a savepoint when nested). Synchronous on purpose: better-sqlite3
   * refuses a function that returns a promise, because awaiting inside would hold the lock across
   * unrelated work. BEGIN IMMEDIATE takes the write lock up front: a deferred transaction that reads
   * and then writes while another process (the CLI next to the app) writes fails with SQLITE_BUSY at
   * once instead of waiting busy_timeout (sqlite.org/lang_transaction.html).
   */
  transaction<T>(fn: () => T): T {
    const tx = this.raw.transaction(fn);
    return this.raw.readonly ? tx() : tx.immediate();
  }

  get isOpen(): boolean {
    return this.raw.open;
  }

  close(): void {
    if (this.raw.open) this.raw.close();
  }
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Opens (creating if needed) the database at `filePath` with the pragmas the app relies on. */
export function openDatabase(filePath: string, opts: OpenDatabaseOptions = {}): Db {
  if (typeof filePath !== 'string' || filePath.trim() === '') {
    throw new AppError(ErrorCode.ConfigInvalid, 'No database path was given. Set DATABASE_PATH to a file path (it is created if missing).');
  }
  const inMemory = filePath === ':memory:';
  if (!inMemory) {
    assertSqliteFileOrAbsent(filePath, opts.readonly === true);
    if (!opts.readonly) fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
  }
  let raw: RawDatabase;
  try {
    raw = new BetterSqlite3(filePath, { readonly: opts.readonly === true, fileMustExist: opts.readonly === true });
  } catch (e) {
    throw toOpenError(filePath, e);
  }
  try {
    // Read the schema page before any pragma that writes: a damaged file fails here, untouched.
    raw.prepare('SELECT count(*) FROM sqlite_schema').get();
    raw.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
    raw.pragma('foreign_keys = ON');
    if (!opts.readonly && !inMemory) {
      const mode = raw.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') opts.logger?.warn('store: WAL mode not available', { mode });
    }
    // NORMAL is durable in WAL mode except for the last commits before a power cut (sqlite.org/wal.html).
    raw.pragma('synchronous = NORMAL');
  } catch (e) {
    raw.close();
    throw toOpenError(filePath, e);
  }
  opts.logger?.debug('store: opened', { path: filePath });
  return new Db(raw, filePath);
}

/** A file that exists must start with the SQLite header; an empty or missing one becomes a new database. */
function assertSqliteFileOrAbsent(filePath: string, mustExist: boolean): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filePath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !mustExist) return;
    throw new AppError(ErrorCode.ConfigInvalid, `The database file ${filePath} cannot be read (${(e as Error).message}). Check the path and its permissions.`, { path: filePath }, { cause: e });
  }
  if (stat.isDirectory()) {
    throw new AppError(ErrorCode.ConfigInvalid, `The database path ${filePath} is a folder. Point DATABASE_PATH at a file inside it, e.g. ${path.join(filePath, 'chirpsyncer.db')}.`, { path: filePath });
  }
  if (stat.size === 0) return;
  const head = Buffer.alloc(SQLITE_MAGIC.length);
  const fd = fs.openSync(filePath, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!head.equals(SQLITE_MAGIC)) throw notSqlite(filePath);
}

function notSqlite(filePath: string): AppError {
  return new AppError(
    ErrorCode.ConfigInvalid,
    `The file ${filePath} is not a SQLite database, so ChirpSyncer will not open it (it was left unchanged). Point DATABASE_PATH at a new file or at an existing ChirpSyncer database.`,
    { path: filePath, reason: 'not_sqlite' },
  );
}

function toOpenError(filePath: string, e: unknown): AppError {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB') return notSqlite(filePath);
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new AppError(
      ErrorCode.Internal,
      `The database ${filePath} is damaged and cannot be opened (it was left unchanged). Restore it from a backup, or move it aside to start with an empty database.`,
      { path: filePath, reason: 'corrupt' },
      { cause: e },
    );
  }
  return new AppError(ErrorCode.Internal, `The database ${filePath} could not be opened: ${(e as Error).message}. Check the path, free disk space and permissions.`, { path: filePath, reason: code || 'open_failed' }, { cause: e });
}
