import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { ArchiveMediaFiles, parseMediaRef } from '../../../src-main/archive/ArchiveMediaFiles';
import { archiveFiles, BIG_PNG, id, richArchive, writeFolder, writeZip } from '../../support/archiveFixtures';

let dir: string;
let zip: string;
let folder: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chirp-archive-media-'));
  zip = path.join(dir, 'in', 'archive.zip');
  fs.mkdirSync(path.dirname(zip));
  writeZip(zip, archiveFiles(richArchive()));
  folder = path.join(dir, 'unpacked');
  writeFolder(folder, archiveFiles(richArchive()));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const entry = `data/tweets_media/${id(3000)}-Fa2xQ.png`;

describe('ArchiveMediaFiles', () => {
  it('parses ZIP and file references', () => {
    expect(parseMediaRef(`/a/b.zip!/${entry}`)).toEqual({ kind: 'zip', zipPath: '/a/b.zip', entry });
    expect(parseMediaRef('/a/b/c.jpg')).toEqual({ kind: 'file', path: '/a/b/c.jpg' });
  });

  it('extracts one ZIP entry on demand under the data folder, never beside the archive', async () => {
    const dataDir = path.join(dir, 'data');
    const files = new ArchiveMediaFiles(dataDir);
    const before = fs.readdirSync(path.dirname(zip));
    const ref = `${zip}!/${entry}`;
    expect(await files.size({ localPath: ref })).toBe(1_000_001);
    const out = await files.materialize(ref);
    expect(out.startsWith(path.join(dataDir, 'tmp', 'archive-media') + path.sep)).toBe(true);
    expect(path.basename(out)).toBe(`${id(3000)}-Fa2xQ.png`);
    expect(fs.readFileSync(out).equals(BIG_PNG)).toBe(true);
    expect(await files.materialize(ref)).toBe(out);
    // Only the one requested file was written.
    expect(fs.readdirSync(path.dirname(out))).toEqual([path.basename(out)]);
    expect(fs.readdirSync(path.dirname(zip))).toEqual(before);
    await files.cleanup();
    expect(fs.existsSync(files.tempDir)).toBe(false);
    expect(fs.existsSync(zip)).toBe(true);
  });

  it('uses folder files in place', async () => {
    const files = new ArchiveMediaFiles(path.join(dir, 'data2'));
    const file = path.join(folder, ...entry.split('/'));
    expect(await files.materialize(file)).toBe(file);
    expect(await files.size({ localPath: file })).toBe(1_000_001);
    expect(await files.size({})).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 'data2'))).toBe(false);
  });

  it('says clearly when the file or entry is gone', async () => {
    const files = new ArchiveMediaFiles(path.join(dir, 'data3'));
    await expect(files.materialize(path.join(folder, 'nope.jpg'))).rejects.toMatchObject({ code: ErrorCode.NotFound, message: expect.stringMatching(/media file .*nope\.jpg is gone/) });
    await expect(files.materialize(`${zip}!/data/tweets_media/missing.jpg`)).rejects.toMatchObject({ code: ErrorCode.NotFound, message: expect.stringMatching(/has no file named data\/tweets_media\/missing\.jpg/) });
    await files.cleanup();
  });
});
