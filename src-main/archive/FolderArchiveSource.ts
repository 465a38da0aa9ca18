/**
 * An unpacked X archive folder, read in place. Files are only ever opened for reading; symbolic
 * links are not followed, so a link inside the folder cannot make us read outside it.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { type ArchiveSource, missingEntryError } from './archiveSource';

/** X archives are two or three levels deep; the bound stops a wrong pick (e.g. the home folder) early. */
const MAX_DEPTH = 6;
const MAX_FILES = 2_000_000;

async function walk(root: string): Promise<{ names: string[]; skippedLinks: string[] }> {
  const names: string[] = [];
  const skippedLinks: string[] = [];
  const visit = async (rel: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) return;
    const dirents = await readdir(path.join(root, rel), { withFileTypes: true });
    for (const d of dirents) {
      const child = rel ? `${rel}/${d.name}` : d.name;
      if (d.isSymbolicLink()) skippedLinks.push(child);
      else if (d.isDirectory()) await visit(child, depth + 1);
      else if (d.isFile()) names.push(child);
      if (names.length > MAX_FILES) {
        throw new AppError(
          ErrorCode.InvalidInput,
          `The folder ${root} holds more than ${MAX_FILES} files; it does not look like an unpacked X archive. Choose the folder that contains "data/".`,
          { path: root },
        );
      }
    }
  };
  await visit('', 0);
  return { names, skippedLinks };
}

export class FolderArchiveSource implements ArchiveSource {
  readonly kind = 'folder' as const;
  readonly path: string;
  /** Relative names of symbolic links that were not followed (reported, never read). */
  readonly skippedLinks: readonly string[];
  #names: string[];
  #set: Set<string>;

  private constructor(abs: string, names: string[], skippedLinks: string[]) {
    this.path = abs;
    this.#names = names;
    this.#set = new Set(names);
    this.skippedLinks = skippedLinks;
  }

  static async open(abs: string): Promise<FolderArchiveSource> {
    const { names, skippedLinks } = await walk(abs);
    return new FolderArchiveSource(abs, names, skippedLinks);
  }

  names(): readonly string[] {
    return this.#names;
  }

  has(name: string): boolean {
    return this.#set.has(name);
  }

  async size(name: string): Promise<number> {
    return (await lstat(this.#abs(name))).size;
  }

  async readText(name: string): Promise<string> {
    return readFile(this.#abs(name), 'utf8');
  }

  async openStream(name: string): Promise<Readable> {
    return createReadStream(this.#abs(name), { flags: 'r' });
  }

  mediaRef(name: string): string {
    return this.#abs(name);
  }

  async close(): Promise<void> {}

  #abs(name: string): string {
    if (!this.#set.has(name)) throw missingEntryError(this.path, name);
    return path.join(this.path, ...name.split('/'));
  }
}
