import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LogSink } from './logger';

/**
 * A log file in the app's data folder that rotates by size: chirpsyncer.log → .1 → … → .N
 * (SPEC §11: size and count bounded). Synchronous appends keep lines whole across crashes.
 */
export function rotatingFileSink(dir: string, opts: { maxBytes?: number; keep?: number; name?: string } = {}): LogSink & { path: string } {
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const keep = opts.keep ?? 5;
  const file = join(dir, opts.name ?? 'chirpsyncer.log');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let size = existsSync(file) ? statSync(file).size : 0;
  const rotate = () => {
    rmSync(`${file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    if (existsSync(file)) renameSync(file, `${file}.1`);
    size = 0;
  };
  return {
    path: file,
    write(line: string) {
      const bytes = Buffer.byteLength(line) + 1;
      if (size + bytes > maxBytes && size > 0) rotate();
      appendFileSync(file, `${line}\n`, { mode: 0o600 });
      size += bytes;
    },
  };
}
