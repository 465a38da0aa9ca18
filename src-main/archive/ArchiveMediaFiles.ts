/**
 * Media of imported archive posts, on demand. `MediaItem.localPath` of an archive post is either an
 * absolute file path (unpacked folder) or `<zip path>!/<entry name>` (ZIP). Uploading needs a real
 * file, so ZIP entries are extracted one at a time into a temp folder under the app's data folder —
 * never next to the archive, never all at once — and removed by `cleanup()`.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { MediaItem } from '../../src-shared/domain/post';
import { ZIP_REF_SEPARATOR } from './archiveSource';
import { ZipArchiveSource } from './ZipArchiveSource';

export type MediaRef = { kind: 'zip'; zipPath: string; entry: string } | { kind: 'file'; path: string };

/** Splits a localPath into ZIP path + entry name (at the first `!/`), or a plain file path. */
export function parseMediaRef(localPath: string): MediaRef {
  const i = localPath.indexOf(ZIP_REF_SEPARATOR);
  if (i > 0) return { kind: 'zip', zipPath: localPath.slice(0, i), entry: localPath.slice(i + ZIP_REF_SEPARATOR.length) };
  return { kind: 'file', path: localPath };
}

export class ArchiveMediaFiles {
  readonly #tempDir: string;
  #zips = new Map<string, Promise<ZipArchiveSource>>();
  #extracted = new Map<string, Promise<string>>();

  /** `dataDir` is the app's data folder; files go to `<dataDir>/tmp/archive-media/`. */
  constructor(dataDir: string) {
    if (typeof dataDir !== 'string' || dataDir.trim() === '') {
      throw new AppError(ErrorCode.InvalidInput, "ArchiveMediaFiles needs the app's data folder to put temporary media files in.");
    }
    this.#tempDir = path.join(path.resolve(dataDir), 'tmp', 'archive-media');
  }

  get tempDir(): string {
    return this.#tempDir;
  }

  /** Size in bytes of the media file, or undefined when the item has no local file. */
  async size(item: Pick<MediaItem, 'localPath'>): Promise<number | undefined> {
    if (!item.localPath) return undefined;
    const ref = parseMediaRef(item.localPath);
    if (ref.kind === 'file') return (await this.#statFile(ref.path)).size;
    return (await this.#zip(ref.zipPath)).size(ref.entry);
  }

  /** A real file path for the media (extracting a ZIP entry once per instance). */
  async materialize(localPath: string): Promise<string> {
    const ref = parseMediaRef(localPath);
    if (ref.kind === 'file') {
      await this.#statFile(ref.path);
      return ref.path;
    }
    let p = this.#extracted.get(localPath);
    if (!p) {
      p = this.#extract(ref.zipPath, ref.entry);
      this.#extracted.set(localPath, p);
      p.catch(() => this.#extracted.delete(localPath));
    }
    return p;
  }

  /** Closes the ZIPs and deletes every extracted file. */
  async cleanup(): Promise<void> {
    for (const z of this.#zips.values()) await (await z.catch(() => null))?.close();
    this.#zips.clear();
    this.#extracted.clear();
    await rm(this.#tempDir, { recursive: true, force: true });
  }

  async #statFile(file: string) {
    try {
      return await stat(file);
    } catch (err) {
      throw new AppError(ErrorCode.NotFound, `The media file ${file} is gone. Was the archive folder moved or deleted? Put it back or import the archive again.`, { path: file }, { cause: err });
    }
  }

  #zip(zipPath: string): Promise<ZipArchiveSource> {
    let z = this.#zips.get(zipPath);
    if (!z) {
      z = (async () => ZipArchiveSource.open(zipPath, (await this.#statFile(zipPath)).size))();
      this.#zips.set(zipPath, z);
      z.catch(() => this.#zips.delete(zipPath));
    }
    return z;
  }

  async #extract(zipPath: string, entry: string): Promise<string> {
    const zip = await this.#zip(zipPath);
    // One folder per ZIP (hash of its path) so equal names from two archives cannot collide.
    const dir = path.join(this.#tempDir, createHash('sha256').update(zipPath).digest('hex').slice(0, 16));
    await mkdir(dir, { recursive: true });
    const target = path.join(dir, path.posix.basename(entry));
    const partial = `${target}.part`;
    try {
      await pipeline(await zip.openStream(entry), createWriteStream(partial));
      await rename(partial, target);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    return target;
  }
}
