import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { ArchiveSource } from './archiveSource';
import { FolderArchiveSource } from './FolderArchiveSource';
import { ZipArchiveSource } from './ZipArchiveSource';

/** Opens a ZIP or folder read-only; picks by what is on disk, not by the file extension. */
export async function openArchiveSource(input: string): Promise<ArchiveSource> {
  const abs = path.resolve(input);
  let info;
  try {
    info = await stat(abs);
  } catch (err) {
    throw new AppError(
      ErrorCode.NotFound,
      `No archive found at ${abs}. Choose the ZIP you downloaded from X ("Download your data") or the folder you unpacked it into.`,
      { path: abs },
      { cause: err },
    );
  }
  if (info.isDirectory()) return FolderArchiveSource.open(abs);
  if (!info.isFile()) {
    throw new AppError(ErrorCode.InvalidInput, `${abs} is neither a ZIP file nor a folder. Choose the archive ZIP from X or its unpacked folder.`, { path: abs });
  }
  return ZipArchiveSource.open(abs, info.size);
}
