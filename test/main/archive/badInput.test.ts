import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { ArchiveImportsRepo } from '../../../src-main/archive/ArchiveImportsRepo';
import { importArchive } from '../../../src-main/archive/importArchive';
import { openStore, type Store } from '../../../src-main/store/createStore';
import { archiveFiles, OWNER, richArchive, writeFolder, writeZip, ytd } from '../../support/archiveFixtures';
import { ManualClock } from '../../support/ManualClock';

let dir: string;
let store: Store;
let accountId: number;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chirp-archive-bad-'));
  store = openStore(path.join(dir, 'chirp.db'), { clock: new ManualClock() }).store;
  const profileId = store.profiles.ensureDefaultProfile().id;
  accountId = store.accounts.upsert({ profileId, platform: 'x', handle: OWNER.username, remoteId: OWNER.accountId }).id;
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every file under `p` (or `p` itself) with its hash, size and mtime: "untouched" means all equal. */
function snapshot(p: string): string[] {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return [`${path.basename(p)} ${st.size} ${st.mtimeMs} ${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`];
  return fs.readdirSync(p, { recursive: true, withFileTypes: true })
    .map((d) => path.join(d.parentPath, d.name))
    .sort()
    .flatMap((f) => (fs.statSync(f).isDirectory() ? [`${path.relative(p, f)}/`] : snapshot(f).map((s) => `${path.relative(p, f)}: ${s}`)));
}

async function expectRefused(input: string, code: ErrorCode, message: RegExp): Promise<void> {
  const before = snapshot(input);
  const siblingsBefore = fs.readdirSync(path.dirname(input)).sort();
  let err: { code?: string; message?: string } | null = null;
  try {
    await importArchive({ input, accountId, store, dataDir: path.join(dir, 'data') });
  } catch (e) {
    err = e as { code: string; message: string };
  }
  expect(err, 'the import should fail').not.toBeNull();
  expect(err!.code).toBe(code);
  expect(err!.message).toMatch(message);
  expect(snapshot(input)).toEqual(before);
  expect(fs.readdirSync(path.dirname(input)).sort()).toEqual(siblingsBefore);
  expect(store.posts.count(accountId, { includeDeleted: true })).toBe(0);
  expect(new ArchiveImportsRepo(store.db).listByAccount(accountId)).toEqual([]);
}

describe('bad archives: a clear error, nothing written, the input untouched', () => {
  it('a truncated ZIP', async () => {
    const zip = path.join(dir, 'truncated.zip');
    writeZip(zip, archiveFiles(richArchive()));
    const full = fs.readFileSync(zip);
    fs.writeFileSync(zip, full.subarray(0, Math.floor(full.length * 0.6)));
    await expectRefused(zip, ErrorCode.InvalidInput, /truncated\.zip is damaged or incomplete .*download the archive from X again/i);
  });

  it('a ZIP whose data was corrupted (checksum mismatch in a stored entry)', async () => {
    const zip = path.join(dir, 'corrupt.zip');
    writeZip(zip, archiveFiles(richArchive()), { store: true });
    const buf = fs.readFileSync(zip);
    const at = buf.indexOf(Buffer.from('Fish &amp; chips'));
    buf[at] = 'G'.charCodeAt(0);
    fs.writeFileSync(zip, buf);
    await expectRefused(zip, ErrorCode.InvalidInput, /damaged or incomplete \(checksum mismatch in data\/tweets-part1\.js\)/);
  });

  it('a ZIP whose compressed data was corrupted', async () => {
    const zip = path.join(dir, 'corrupt-deflate.zip');
    writeZip(zip, archiveFiles(richArchive()));
    const buf = fs.readFileSync(zip);
    const name = Buffer.from('data/tweets-part2.js');
    const header = buf.indexOf(name) - 30; // the first occurrence is the local file header
    const dataStart = header + 30 + name.length;
    for (let i = 40; i < 60; i++) buf[dataStart + i] = buf[dataStart + i]! ^ 0xff;
    fs.writeFileSync(zip, buf);
    await expectRefused(zip, ErrorCode.InvalidInput, /corrupt-deflate\.zip is damaged or incomplete \((data\/tweets-part2\.js: |checksum mismatch in data\/tweets-part2\.js)/);
  });

  it('a file that is not a ZIP at all', async () => {
    const file = path.join(dir, 'notes.zip');
    fs.writeFileSync(file, 'just some text, not a zip');
    await expectRefused(file, ErrorCode.InvalidInput, /damaged or incomplete/);
  });

  it('a part file with a syntax error', async () => {
    const folder = path.join(dir, 'syntax');
    const files = archiveFiles(richArchive());
    const text = files.get('data/tweets-part1.js')!.toString('utf8');
    files.set('data/tweets-part1.js', Buffer.from(text.replace('"full_text" : ', '"full_text" ').replace('"full_text": ', '"full_text" ')));
    writeFolder(folder, files);
    await expectRefused(folder, ErrorCode.InvalidInput, /data\/tweets-part1\.js cannot be read at line \d+, column \d+/);
  });

  it('a ZIP with a ../ entry name', async () => {
    const zip = path.join(dir, 'slip.zip');
    writeZip(zip, [...archiveFiles(richArchive()), ['data/../../evil.txt', Buffer.from('pwned')]]);
    await expectRefused(zip, ErrorCode.InvalidInput, /entry named "data\/\.\.\/\.\.\/evil\.txt" with a "\.\." segment/);
    expect(fs.existsSync(path.join(dir, 'evil.txt'))).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(dir), 'evil.txt'))).toBe(false);
  });

  it('a ZIP with an absolute entry name', async () => {
    const zip = path.join(dir, 'absolute.zip');
    writeZip(zip, [['/tmp/evil.txt', Buffer.from('pwned')], ...archiveFiles(richArchive())]);
    await expectRefused(zip, ErrorCode.InvalidInput, /entry named "\/tmp\/evil\.txt" with an absolute path/);
  });

  it('an empty ZIP', async () => {
    const zip = path.join(dir, 'empty.zip');
    writeZip(zip, []);
    await expectRefused(zip, ErrorCode.InvalidInput, /empty\.zip is empty/);
  });

  it('an archive whose tweet files hold no posts', async () => {
    const folder = path.join(dir, 'no-posts');
    const files = archiveFiles({ account: OWNER, parts: [{ file: 'tweets.js', tweets: [] }] });
    writeFolder(folder, files);
    await expectRefused(folder, ErrorCode.InvalidInput, /contains no posts/);
  });

  it('a folder that is not an X archive', async () => {
    const folder = path.join(dir, 'holiday-photos');
    writeFolder(folder, new Map([['img1.jpg', Buffer.from('x')]]));
    await expectRefused(folder, ErrorCode.InvalidInput, /holds no X archive data files/);
  });

  it('an archive without account.js', async () => {
    const folder = path.join(dir, 'no-account');
    const files = archiveFiles(richArchive());
    files.delete('data/account.js');
    writeFolder(folder, files);
    await expectRefused(folder, ErrorCode.InvalidInput, /has no account\.js/);
  });

  it('a note-tweet.js that is not data', async () => {
    const folder = path.join(dir, 'bad-notes');
    const files = archiveFiles(richArchive());
    files.set('data/note-tweet.js', Buffer.from(ytd('YTD.note_tweet.part0', [{ a: 1 }]).slice(0, -3)));
    writeFolder(folder, files);
    await expectRefused(folder, ErrorCode.InvalidInput, /note-tweet\.js cannot be read/);
  });

  it('a path that does not exist', async () => {
    const err = await importArchive({ input: path.join(dir, 'nope.zip'), accountId, store, dataDir: path.join(dir, 'data') }).catch((e: unknown) => e as { code: string; message: string });
    expect(err).toMatchObject({ code: ErrorCode.NotFound, message: expect.stringMatching(/No archive found at .*nope\.zip/) });
  });

  it('a data folder inside the archive folder', async () => {
    const folder = path.join(dir, 'ok-archive');
    writeFolder(folder, archiveFiles(richArchive()));
    const err = await importArchive({ input: folder, accountId, store, dataDir: path.join(folder, 'data', 'tmp') }).catch((e: unknown) => e as { code: string; message: string });
    expect(err).toMatchObject({ code: ErrorCode.InvalidInput, message: expect.stringMatching(/is inside the archive/) });
    expect(store.posts.count(accountId, { includeDeleted: true })).toBe(0);
  });

  it('an account id that is not a positive integer', async () => {
    const err = await importArchive({ input: dir, accountId: -1, store, dataDir: dir }).catch((e: unknown) => e as { code: string; message: string });
    expect(err).toMatchObject({ code: ErrorCode.InvalidInput, message: expect.stringMatching(/accountId must be the id of a linked X account/) });
  });
});
