/**
 * An X archive ZIP read in place with yauzl: only the central directory is read up front, each file
 * is inflated on demand as a stream, nothing is extracted. The ZIP is opened read-only.
 */
import path from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError, ErrorCode } from '../../src-shared/errors';
import {
  type ArchiveSource,
  missingEntryError,
  unsafeEntryError,
  unsafeEntryReason,
  ZIP_REF_SEPARATOR,
} from './archiveSource';

function damaged(abs: string, detail: string, cause?: unknown): AppError {
  return new AppError(
    ErrorCode.InvalidInput,
    `The ZIP file ${path.basename(abs)} is damaged or incomplete (${detail}). ` +
      `It may not have finished downloading: download the archive from X again and retry. Your file was not changed.`,
    { path: abs, detail },
    { cause },
  );
}

/** yauzl validates names itself and reports them with these prefixes. */
function mapZipError(abs: string, err: Error): AppError {
  const m = /^(invalid relative path|absolute path): (.*)$/.exec(err.message);
  if (m) return unsafeEntryError(abs, m[2] ?? '', m[1] === 'absolute path' ? 'an absolute path' : 'a ".." segment that leaves the archive folder');
  return damaged(abs, err.message, err);
}

function openZip(abs: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(abs, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err) reject(mapZipError(abs, err));
      else resolve(zip);
    });
  });
}

function readCentralDirectory(abs: string, zip: ZipFile): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      const name = entry.fileName;
      const reason = unsafeEntryReason(name);
      if (reason) {
        zip.removeAllListeners();
        reject(unsafeEntryError(abs, name, reason));
        return;
      }
      // Directory entries carry no data; extra fields are dropped to keep 100k media entries small.
      if (!name.endsWith('/')) {
        entry.extraFields = [];
        entries.set(name, entry);
      }
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (err: Error) => reject(mapZipError(abs, err)));
    zip.readEntry();
  });
}

/** yauzl checks sizes but not CRC-32: a flipped byte inside a stored entry would otherwise pass. */
class Crc32Check extends Transform {
  #crc = 0;
  readonly #expected: number;
  readonly #onMismatch: () => Error;
  constructor(expected: number, onMismatch: () => Error) {
    super();
    this.#expected = expected;
    this.#onMismatch = onMismatch;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.#crc = zlib.crc32(chunk, this.#crc);
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    cb(this.#crc >>> 0 === this.#expected >>> 0 ? null : this.#onMismatch());
  }
}

export class ZipArchiveSource implements ArchiveSource {
  readonly kind = 'zip' as const;
  readonly path: string;
  #zip: ZipFile;
  #entries: Map<string, Entry>;
  #names: string[];

  private constructor(abs: string, zip: ZipFile, entries: Map<string, Entry>) {
    this.path = abs;
    this.#zip = zip;
    this.#entries = entries;
    this.#names = [...entries.keys()];
  }

  static async open(abs: string, fileSize: number): Promise<ZipArchiveSource> {
    if (fileSize === 0) throw damaged(abs, 'the file is empty');
    const zip = await openZip(abs);
    try {
      const entries = await readCentralDirectory(abs, zip);
      return new ZipArchiveSource(abs, zip, entries);
    } catch (err) {
      zip.close();
      throw err;
    }
  }

  names(): readonly string[] {
    return this.#names;
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  async size(name: string): Promise<number> {
    return this.#entry(name).uncompressedSize;
  }

  openStream(name: string): Promise<Readable> {
    const entry = this.#entry(name);
    return new Promise((resolve, reject) => {
      this.#zip.openReadStream(entry, (err, raw) => {
        if (err) return reject(mapZipError(this.path, err));
        const check = new Crc32Check(entry.crc32, () => damaged(this.path, `checksum mismatch in ${name}`));
        raw.on('error', (e: Error) => check.destroy(e instanceof AppError ? e : damaged(this.path, `${name}: ${e.message}`, e)));
        resolve(raw.pipe(check));
      });
    });
  }

  /**
   * Data files are read whole anyway, so the compressed bytes are collected and inflated in one
   * synchronous call: streaming inflate through the thread pool spent most of its time waiting
   * (measured in bench/archiveImport.bench.ts). Size and CRC are checked like the stream path does.
   */
  async readText(name: string): Promise<string> {
    const entry = this.#entry(name);
    if (entry.compressionMethod !== 8) return (await this.#collect(await this.openStream(name))).toString('utf8');
    const raw = await new Promise<Readable>((resolve, reject) => {
      this.#zip.openReadStream(entry, { decompress: false, decrypt: null, start: null, end: null }, (err, s) => (err ? reject(mapZipError(this.path, err)) : resolve(s)));
    });
    let data: Buffer;
    try {
      data = zlib.inflateRawSync(await this.#collect(raw));
    } catch (err) {
      throw damaged(this.path, `${name}: ${(err as Error).message}`, err);
    }
    if (data.length !== entry.uncompressedSize) throw damaged(this.path, `${name} has ${data.length} bytes, the ZIP directory says ${entry.uncompressedSize}`);
    if (zlib.crc32(data) >>> 0 !== entry.crc32 >>> 0) throw damaged(this.path, `checksum mismatch in ${name}`);
    return data.toString('utf8');
  }

  async #collect(stream: Readable): Promise<Buffer> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of stream) chunks.push(chunk as Buffer);
    } catch (err) {
      throw err instanceof AppError ? err : damaged(this.path, (err as Error).message, err);
    }
    return Buffer.concat(chunks);
  }

  mediaRef(name: string): string {
    return `${this.path}${ZIP_REF_SEPARATOR}${name}`;
  }

  async close(): Promise<void> {
    if (this.#zip.isOpen) this.#zip.close();
  }

  #entry(name: string): Entry {
    const e = this.#entries.get(name);
    if (!e) throw missingEntryError(this.path, name);
    return e;
  }
}
