import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { ArchiveImportsRepo } from '../../../src-main/archive/ArchiveImportsRepo';
import { importArchive, type ImportProgress } from '../../../src-main/archive/importArchive';
import { openStore, type Store } from '../../../src-main/store/createStore';
import { id, OWNER, richArchive, richTweets, writeArchiveZip, type FixtureArchive } from '../../support/archiveFixtures';
import { ManualClock } from '../../support/ManualClock';

let dir: string;
let store: Store;
let accountId: number;
let otherAccountId: number;
const clock = new ManualClock();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chirp-archive-import-'));
  store = openStore(path.join(dir, 'chirp.db'), { clock }).store;
  const profileId = store.profiles.ensureDefaultProfile().id;
  accountId = store.accounts.upsert({ profileId, platform: 'x', handle: OWNER.username, remoteId: OWNER.accountId }).id;
  otherAccountId = store.accounts.upsert({ profileId, platform: 'x', handle: 'someoneelse', remoteId: '3000000003' }).id;
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function zipOf(name: string, a: FixtureArchive): string {
  const file = path.join(dir, name);
  writeArchiveZip(file, a);
  return file;
}

const run = (input: string, target = accountId, extra: Partial<Parameters<typeof importArchive>[0]> = {}) =>
  importArchive({ input, accountId: target, store, dataDir: path.join(dir, 'data'), clock, ...extra });

async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected the import to fail');
}

describe('importArchive into the real store on disk', () => {
  const t = richTweets();

  it('imports every post with exact counts and reports the one real difference', async () => {
    const events: ImportProgress[] = [];
    const report = await run(zipOf('rich.zip', richArchive()), accountId, { onProgress: (p) => events.push(p), batchSize: 4 });
    expect(report.counts).toEqual({
      read: 17, posts: 16, deleted: 1, byKind: { post: 14, reply: 1, repost: 1 },
      inserted: 17, updated: 0, unchanged: 0, markedDeleted: 1,
      media: 5, mediaMissing: 1, notesMatched: 1, invalid: 0, duplicates: 0,
    });
    expect(report.status).toBe('differences');
    expect(report.differences).toEqual([expect.objectContaining({ kind: 'media_missing', actual: 1, ids: [t.missingMedia.id] })]);
    expect(report.manifestChecked).toBe(true);
    expect(report.archiveAccount).toEqual({ accountId: OWNER.accountId, username: OWNER.username });
    expect(store.posts.count(accountId)).toBe(16);
    expect(store.posts.count(accountId, { includeDeleted: true })).toBe(17);
    expect(store.posts.count(accountId, { kind: 'reply' })).toBe(1);
    expect(events.filter((e) => e.phase === 'scanning').map((e) => e.done)).toEqual([1, 2, 3, 4]);
    expect(events.filter((e) => e.phase === 'importing').at(-1)).toMatchObject({ done: 17, total: 17 });
    expect(events.at(-1)).toEqual({ phase: 'finishing', done: 17, total: 17 });
  });

  it('stores the normalised fields, media files and thread structure', () => {
    const long = store.posts.get(accountId, t.long.id)!;
    expect(long.text).toMatch(/^This is a long post .* it ends here\.$/);
    expect(long.text).toContain('https://example.org/long');
    const photos = store.posts.get(accountId, t.photos.id)!;
    expect(photos.media.map((m) => path.basename(m.localPath ?? ''))).toEqual([`${t.photos.id}-Fa1xQ.jpg`, `${t.photos.id}-Fa2xQ.png`]);
    expect(photos.media.every((m) => m.alt === null)).toBe(true);
    expect(store.posts.get(accountId, t.branchF.id)).toMatchObject({ conversationId: t.threadA.id, inReplyToId: t.threadB.id, kind: 'post' });
    expect(store.posts.get(accountId, t.ownQuote.id)).toMatchObject({ quoteOfId: id(100), quoteOfAuthorId: OWNER.accountId });
    expect(store.posts.get(accountId, t.entities.id)).toMatchObject({ text: 'Fish & chips <3 &amp; more at https://example.com/fish?x=1&y=2', source: 'archive' });
    const deleted = store.posts.get(accountId, id(4000))!;
    expect(deleted.deletedAt).toBe(Date.UTC(2023, 4, 1, 13, 0, 0));
  });

  it('records the run in archive_imports', () => {
    const rows = new ArchiveImportsRepo(store.db).listByAccount(accountId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'differences', archiveAccountId: OWNER.accountId, username: OWNER.username, sourceKind: 'zip', generatedAt: Date.UTC(2024, 0, 2) });
    expect(rows[0]!.counts).toMatchObject({ inserted: 17 });
  });

  it('re-importing the same archive changes nothing and adds no duplicates', async () => {
    const report = await run(path.join(dir, 'rich.zip'));
    expect(report.counts).toMatchObject({ read: 17, inserted: 0, updated: 0, unchanged: 17, markedDeleted: 0 });
    expect(store.posts.count(accountId, { includeDeleted: true })).toBe(17);
  });

  it('a newer archive of the same account adds new posts and updates changed counts', async () => {
    const a = richArchive();
    const newer: FixtureArchive = {
      ...a,
      parts: [
        ...a.parts.map((p) => ({ ...p, tweets: p.tweets.map((x) => (x.id === t.entities.id ? { ...x, likes: 20, retweets: 5 } : x)) })),
        { file: 'tweets-part3.js', tweets: [
          { id: id(5000), fullText: 'New since the last archive', createdAt: Date.UTC(2024, 0, 1) },
          { id: id(5100), fullText: 'Another one', createdAt: Date.UTC(2024, 0, 1, 1) },
        ] },
      ],
    };
    const report = await run(zipOf('newer.zip', newer));
    // Updated: the post whose counts changed, and the 3 posts with media, whose files now point into the newer archive.
    expect(report.counts).toMatchObject({ read: 19, posts: 18, inserted: 2, updated: 4, unchanged: 13 });
    expect(store.posts.get(accountId, t.entities.id)!.metrics).toMatchObject({ likes: 20, reposts: 5 });
    expect(store.posts.get(accountId, t.photos.id)!.media[0]!.localPath).toBe(`${path.join(dir, 'newer.zip')}!/data/tweets_media/${t.photos.id}-Fa1xQ.jpg`);
    expect(store.posts.count(accountId, { includeDeleted: true })).toBe(19);
  });

  it("refuses an archive of another account with Conflict and writes nothing", async () => {
    const before = store.posts.count(otherAccountId, { includeDeleted: true });
    const importsBefore = new ArchiveImportsRepo(store.db).listByAccount(otherAccountId).length;
    const e = await errorOf(run(path.join(dir, 'rich.zip'), otherAccountId));
    expect(e.code).toBe(ErrorCode.Conflict);
    expect(e.message).toContain('@ChirpOwner');
    expect(e.message).toContain('@someoneelse');
    expect(e.message).toContain('Nothing was imported');
    expect(store.posts.count(otherAccountId, { includeDeleted: true })).toBe(before);
    expect(new ArchiveImportsRepo(store.db).listByAccount(otherAccountId)).toHaveLength(importsBefore);
  });

  it('refuses a different account\'s archive during re-import of an existing target', async () => {
    const foreign = zipOf('foreign.zip', { ...richArchive(), account: { accountId: '4000000004', username: 'intruder' } });
    const before = store.posts.count(accountId, { includeDeleted: true });
    const e = await errorOf(run(foreign));
    expect(e.code).toBe(ErrorCode.Conflict);
    expect(e.message).toContain('@intruder');
    expect(store.posts.count(accountId, { includeDeleted: true })).toBe(before);
  });

  it('reports manifest counts that differ from the files', async () => {
    const a = { ...richArchive(), manifestCounts: { 'data/tweets.js': 5 } };
    const report = await run(zipOf('manifest-off.zip', a));
    expect(report.differences.map((d) => d.kind)).toEqual(['manifest_file_count', 'media_missing']);
    expect(report.differences[0]).toMatchObject({ file: 'data/tweets.js', expected: 5, actual: 4 });
  });

  it('cancels between batches, keeps what was stored, and resumes without duplicates', async () => {
    // A second profile's account for the same X user: a fresh, empty target.
    const p2 = store.profiles.create('second');
    const target = store.accounts.upsert({ profileId: p2.id, platform: 'x', handle: OWNER.username, remoteId: OWNER.accountId }).id;
    const ac = new AbortController();
    const e = await errorOf(run(path.join(dir, 'rich.zip'), target, { batchSize: 5, signal: ac.signal, onProgress: (p) => p.phase === 'importing' && ac.abort() }));
    expect(e.code).toBe(ErrorCode.Cancelled);
    // The first batch is the whole of tweets.js (4 posts, under the batch size of 5).
    expect(store.posts.count(target, { includeDeleted: true })).toBe(4);
    expect(new ArchiveImportsRepo(store.db).listByAccount(target)[0]).toMatchObject({ status: 'cancelled' });
    const resumed = await run(path.join(dir, 'rich.zip'), target);
    expect(resumed.counts).toMatchObject({ inserted: 13, unchanged: 4 });
    expect(store.posts.count(target, { includeDeleted: true })).toBe(17);
  });
});
