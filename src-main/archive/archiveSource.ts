/**
 * Read-only view over an X archive, whether the ZIP itself or its unpacked folder. Everything the
 * importer needs goes through this port so it never has to extract the whole archive and never
 * touches the user's files in write mode.
 */
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, ErrorCode } from '../../src-shared/errors';

export type ArchiveSourceKind = 'zip' | 'folder';

export interface ArchiveSource {
  readonly kind: ArchiveSourceKind;
  /** Absolute path of the ZIP file or the folder. */
  readonly path: string;
  /** Every file, by its `/`-separated name relative to the archive root. */
  names(): readonly string[];
  has(name: string): boolean;
  /** Uncompressed size in bytes. */
  size(name: string): Promise<number>;
  /** Whole file as UTF-8 text (one data file at a time; media is streamed instead). */
  readText(name: string): Promise<string>;
  openStream(name: string): Promise<Readable>;
  /** The value stored in MediaItem.localPath for this entry (see archiveMedia.ts). */
  mediaRef(name: string): string;
  close(): Promise<void>;
}

/** Separator between a ZIP's path and an entry inside it, as in `jar:` URLs. */
export const ZIP_REF_SEPARATOR = '!/';

/**
 * Entry names must stay inside the archive: no absolute paths, drive letters or `..` segments
 * (a "zip slip" entry could otherwise make an extraction write anywhere on disk).
 * Returns the reason a name is unsafe, or null.
 */
export function unsafeEntryReason(name: string): string | null {
  if (name.length === 0) return 'an empty name';
  if (name.includes('\0')) return 'a NUL character';
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[A-Za-z]:/.test(n)) return 'an absolute path';
  if (n.split('/').some((seg) => seg === '..')) return 'a ".." segment that leaves the archive folder';
  return null;
}

export function unsafeEntryError(archivePath: string, entryName: string, reason: string): AppError {
  return new AppError(
    ErrorCode.InvalidInput,
    `The archive ${path.basename(archivePath)} contains an entry named "${entryName}" with ${reason}. ` +
      `Nothing was imported. X archives never contain such names; use the original ZIP downloaded from X.`,
    { path: archivePath, entry: entryName },
  );
}

export function missingEntryError(archivePath: string, name: string): AppError {
  return new AppError(ErrorCode.NotFound, `The archive ${path.basename(archivePath)} has no file named ${name}.`, {
    path: archivePath,
    entry: name,
  });
}
