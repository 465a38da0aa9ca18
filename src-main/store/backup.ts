/**
 * Online backup of the live database (SPEC §6 "database backup with retention"; retention is the
 * scheduler's job). better-sqlite3's backup copies pages in steps between event-loop turns, so the
 * windows stay responsive while a large index is copied, and the copy is a consistent snapshot even
 * while the sync engine writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Db } from './Database';

export interface BackupResult {
  path: string;
  totalPages: number;
  bytes: number;
}

/** Writes a complete copy of `db` to `destPath` (its folder is created; an existing file is refused). */
export async function backupDatabase(db: Db, destPath: string): Promise<BackupResult> {
  const dest = path.resolve(destPath);
  if (dest === path.resolve(db.path)) throw new AppError(ErrorCode.InvalidInput, 'A backup cannot overwrite the database it copies; choose another file.', { path: dest });
  if (fs.existsSync(dest)) throw new AppError(ErrorCode.Conflict, `The backup file ${dest} already exists; choose a new name so no earlier backup is overwritten.`, { path: dest });
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.partial`;
  fs.rmSync(tmp, { force: true });
  try {
    const { totalPages } = await db.raw.backup(tmp);
    // Renamed only when complete: a crash mid-backup never leaves something that looks like a backup.
    fs.renameSync(tmp, dest);
    return { path: dest, totalPages, bytes: fs.statSync(dest).size };
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new AppError(ErrorCode.Internal, `The database backup to ${dest} failed: ${(e as Error).message}. Check free disk space and permissions of that folder.`, { path: dest }, { cause: e });
  }
}
