/**
 * Numbered SQL migrations (STYLE.md §12): `NNNN_name.sql`, contiguous from 0001, applied in order
 * inside ONE transaction and tracked by `PRAGMA user_version`. The files are read from disk at run
 * time (no bundler glob) from the folder next to this module; a bundled build copies that folder
 * beside its output and passes `dir`, or passes the texts themselves as `migrations`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Logger } from '../util/logger';
import type { Db } from './Database';

export interface Migration {
  version: number;
  /** The file name without extension, e.g. `0001_init`. */
  name: string;
  sql: string;
}

export interface MigrateOptions {
  /** Folder holding the `NNNN_name.sql` files. Default: `defaultMigrationsDir()`. */
  dir?: string | URL;
  /** The migrations themselves (wins over `dir`), for builds that embed them. */
  migrations?: readonly Migration[];
  /** Stop at this version instead of the newest (tests: "migrate to N-1, insert, migrate"). */
  target?: number;
  logger?: Logger;
}

export interface MigrateResult {
  from: number;
  to: number;
  /** Names of the migrations applied by this call, in order. */
  applied: string[];
}

const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** 'CHRP' — marks the file as ours so another app's SQLite file is never migrated by mistake. */
export const APPLICATION_ID = 0x43485250;

/**
 * The `migrations/` folder next to this module: the src tree under tsx/vitest, or the folder a build
 * copies beside its bundle. A CommonJS bundle has no `import.meta.url` (esbuild leaves it empty), so
 * there the bundle's `__dirname` is used instead.
 */
export function defaultMigrationsDir(): string {
  const here = (import.meta as { url?: string }).url;
  if (typeof here === 'string' && here !== '') return fileURLToPath(new URL('./migrations/', here));
  if (typeof __dirname === 'string') return path.join(__dirname, 'migrations');
  throw new AppError(ErrorCode.Internal, 'The store cannot locate its migrations folder in this build. Pass `dir` (the folder holding 0001_init.sql) to migrate().');
}

/** Reads and checks every migration in `dir`: names must match NNNN_name.sql and be numbered 1..N. */
export function loadMigrations(dir: string | URL = defaultMigrationsDir()): Migration[] {
  const folder = typeof dir === 'string' ? dir : fileURLToPath(dir);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch (e) {
    throw new AppError(ErrorCode.Internal, `The store's migrations folder ${folder} cannot be read (${(e as Error).message}). Reinstall the app or pass the right folder.`, { dir: folder }, { cause: e });
  }
  const migrations: Migration[] = [];
  for (const file of names.filter((n) => n.endsWith('.sql')).sort()) {
    const m = FILE_RE.exec(file);
    if (!m) {
      throw new AppError(ErrorCode.Internal, `Migration file ${file} in ${folder} is not named NNNN_name.sql (four digits, lower-case name). Rename it.`, { dir: folder, file });
    }
    migrations.push({ version: Number(m[1]), name: file.slice(0, -4), sql: fs.readFileSync(path.join(folder, file), 'utf8') });
  }
  return checkSequence(migrations, folder);
}

function checkSequence(migrations: Migration[], where: string): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) {
      const expected = String(i + 1).padStart(4, '0');
      throw new AppError(
        ErrorCode.Internal,
        `Migrations in ${where} are not numbered contiguously: expected ${expected}_*.sql but found ${m.name}. Each number from 0001 up must appear exactly once.`,
        { expected: i + 1, found: m.name },
      );
    }
  });
  if (sorted.length === 0) throw new AppError(ErrorCode.Internal, `No migrations found in ${where}; expected at least 0001_init.sql.`);
  return sorted;
}

export function schemaVersion(db: Db): number {
  return Number(db.raw.pragma('user_version', { simple: true }));
}

/** Brings the schema up to the newest (or `target`) version; a no-op when already there. */
export function migrate(db: Db, opts: MigrateOptions = {}): MigrateResult {
  const all = opts.migrations ? checkSequence([...opts.migrations], 'the given list') : loadMigrations(opts.dir);
  const latest = all.length;
  const target = opts.target ?? latest;
  if (!Number.isInteger(target) || target < 0 || target > latest) {
    throw new AppError(ErrorCode.InvalidInput, `Migration target ${target} is outside 0..${latest}.`, { target, latest });
  }
  // Version check and apply share one IMMEDIATE transaction, so two processes starting together
  // cannot both apply the same migration.
  const { from, pending } = db.transaction(() => {
    const current = schemaVersion(db);
    checkNotTooNew(db, current, latest);
    if (current === 0) assertForeignFileIsEmpty(db);
    const todo = all.filter((m) => m.version > current && m.version <= target);
    for (const m of todo) {
      try {
        db.raw.exec(m.sql);
      } catch (e) {
        throw new AppError(ErrorCode.Internal, `Migration ${m.name} failed: ${(e as Error).message}. Nothing was changed; report this with the app version.`, { migration: m.name }, { cause: e });
      }
    }
    if (todo.length > 0) {
      // Both pragmas write the header page, which is part of this transaction: all or nothing.
      db.raw.pragma(`user_version = ${target}`);
      if (current === 0) db.raw.pragma(`application_id = ${APPLICATION_ID}`);
    }
    return { from: current, pending: todo };
  });
  if (pending.length === 0) return { from, to: from, applied: [] };
  opts.logger?.info('store: migrated', { from, to: target, applied: pending.map((m) => m.name) });
  return { from, to: target, applied: pending.map((m) => m.name) };
}

function checkNotTooNew(db: Db, version: number, latest: number): void {
  if (version <= latest) return;
  throw new AppError(
    ErrorCode.StoreTooNew,
    `This database (${db.path}) was written by a newer version of ChirpSyncer: its schema is version ${version}, this app knows up to ${latest}. Update the app to open it; the database was not changed.`,
    { version, supported: latest, path: db.path },
  );
}

/** Version 0 with tables in it is some other program's database: refuse rather than mix schemas. */
function assertForeignFileIsEmpty(db: Db): void {
  const appId = Number(db.raw.pragma('application_id', { simple: true }));
  const row = db.raw.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").get() as { n: number };
  if (row.n > 0 || (appId !== 0 && appId !== APPLICATION_ID)) {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      `The file ${db.path} is a SQLite database of another program (it has tables but no ChirpSyncer schema version), so it was left unchanged. Point DATABASE_PATH at a new file.`,
      { path: db.path, reason: 'foreign_database' },
    );
  }
}
