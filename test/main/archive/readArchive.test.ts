import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '../../../src-shared/domain/post';
import { readArchive } from '../../../src-main/archive/readArchive';
import { reconcile } from '../../../src-main/archive/reconcile';
import {
  archiveFiles, id, LONG_NOTE_TEXT, OWNER, richArchive, richTweets, tweetEntry, writeArchiveZip, writeFolder, writeZip, ytd,
} from '../../support/archiveFixtures';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chirp-archive-read-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readAll(input: string, batchSize?: number) {
  const reader = await readArchive(input, { batchSize });
  const batches: { file: string; deleted: boolean; ids: string[] }[] = [];
  const posts = new Map<string, Post>();
  try {
    for await (const b of reader) {
      batches.push({ file: b.file, deleted: b.deleted, ids: b.posts.map((p) => p.id) });
      for (const p of b.posts) posts.set(p.id, p);
    }
    return { meta: reader.meta, posts, batches, issues: reader.issues(), unmatched: reader.unmatchedNotes() };
  } finally {
    await reader.close();
  }
}

const strip = (p: Post) => ({ ...p, raw: undefined, media: p.media.map((m) => ({ ...m, localPath: m.localPath ? path.basename(m.localPath) : undefined })) });

describe('readArchive on a multi-part ZIP in shuffled order', () => {
  let zip: string;
  let r: Awaited<ReturnType<typeof readAll>>;
  const t = richTweets();
  beforeAll(async () => {
    zip = path.join(dir, 'rich.zip');
    writeArchiveZip(zip, richArchive());
    r = await readAll(zip);
  });

  it('identifies the archive and reads every part', () => {
    expect(r.meta.sourceKind).toBe('zip');
    expect(r.meta.account).toEqual({ accountId: OWNER.accountId, username: OWNER.username, displayName: OWNER.displayName });
    expect(r.meta.files.tweets).toEqual(['data/tweets.js', 'data/tweets-part1.js', 'data/tweets-part2.js']);
    expect(r.meta.legacyFormat).toBe(false);
    expect(r.meta.scan.entriesPerFile).toEqual({ 'data/tweets.js': 4, 'data/tweets-part1.js': 5, 'data/tweets-part2.js': 7, 'data/deleted-tweets.js': 1, 'data/note-tweet.js': 1 });
    expect(r.meta.scan.uniquePosts).toBe(16);
    expect(r.meta.scan.uniqueDeleted).toBe(1);
    expect(r.meta.scan.kinds).toEqual({ post: 14, reply: 1, repost: 1 });
    expect(r.meta.manifest?.tweets).toBe(16);
    expect(r.meta.mediaFileCount).toBe(4); // 2 photos, GIF, video; the fifth is missing on purpose
    expect(r.posts.size).toBe(17);
    expect(r.unmatched).toEqual([]);
  });

  it('decodes entities once and expands t.co', () => {
    const p = r.posts.get(t.entities.id)!;
    expect(p.text).toBe('Fish & chips <3 &amp; more at https://example.com/fish?x=1&y=2');
    expect(p.links).toEqual([{ url: 'https://example.com/fish?x=1&y=2', shortUrl: 'https://t.co/abc123', display: 'example.com/fish?x=1&y=2' }]);
    expect(p.metrics).toEqual({ likes: 12, reposts: 3, replies: 0, quotes: 0 });
    expect(p.createdAt).toBe(t.entities.createdAt);
    expect(p).toMatchObject({ platform: 'x', kind: 'post', source: 'archive', authorId: OWNER.accountId, authorHandle: OWNER.username, lang: 'en' });
  });

  it('drops the reply prefix via display_text_range and classifies replies to others', () => {
    const p = r.posts.get(t.reply.id)!;
    expect(p.text).toBe('Thanks, that helps!');
    expect(p).toMatchObject({ kind: 'reply', inReplyToId: '1600000000000000001', inReplyToAuthorId: '2000000002', conversationId: null });
    expect(p.metrics.likes).toBe(1);
  });

  it('recognises retweets by the RT @ prefix', () => {
    const p = r.posts.get(t.retweet.id)!;
    expect(p.kind).toBe('repost');
    expect(p.text).toBe('RT @carol: Big news & more');
    expect(p.mentions).toEqual([{ handle: 'carol', id: '2000000004' }]);
  });

  it('turns a trailing status permalink into a quote (own and other)', () => {
    const own = r.posts.get(t.ownQuote.id)!;
    expect(own).toMatchObject({ kind: 'post', text: 'Still true', quoteOfId: id(100), quoteOfAuthorId: OWNER.accountId, quoteOfUrl: `https://twitter.com/ChirpOwner/status/${id(100)}`, links: [] });
    const other = r.posts.get(t.otherQuote.id)!;
    expect(other).toMatchObject({ text: 'Worth reading', quoteOfId: '1400000000000000009', quoteOfAuthorId: null, quoteOfUrl: 'https://x.com/dave/status/1400000000000000009' });
  });

  it('rebuilds the 5-part thread and its branch across parts', () => {
    const ids = [t.threadA, t.threadB, t.threadC, t.threadD, t.threadE, t.branchF].map((x) => x.id);
    for (const i of ids) expect(r.posts.get(i)).toMatchObject({ kind: 'post', conversationId: t.threadA.id });
    expect(r.posts.get(t.threadA.id)!.inReplyToId).toBeNull();
    expect(r.posts.get(t.threadB.id)).toMatchObject({ inReplyToId: t.threadA.id, inReplyToAuthorId: OWNER.accountId, text: '2/5' });
    expect(r.posts.get(t.threadC.id)!.inReplyToId).toBe(t.threadB.id);
    expect(r.posts.get(t.threadE.id)!.inReplyToId).toBe(t.threadD.id);
    expect(r.posts.get(t.branchF.id)!.inReplyToId).toBe(t.threadB.id);
    expect(r.posts.get(t.threadA.id)!.hashtags).toEqual(['threads']);
  });

  it('takes the full text of a long post from note-tweet.js', () => {
    const p = r.posts.get(t.long.id)!;
    expect(p.text).toBe(LONG_NOTE_TEXT.replace('https://t.co/longurl1', 'https://example.org/long'));
    expect(p.links).toEqual([{ url: 'https://example.org/long', shortUrl: 'https://t.co/longurl1', display: 'example.org/long' }]);
  });

  it('maps photos, GIF and video to their archive files and trusts extended_entities', () => {
    const photos = r.posts.get(t.photos.id)!;
    expect(photos.text).toBe('Two photos');
    expect(photos.media.map((m) => [m.kind, m.localPath, m.mimeType, m.alt])).toEqual([
      ['photo', `${zip}!/data/tweets_media/${t.photos.id}-Fa1xQ.jpg`, 'image/jpeg', null],
      ['photo', `${zip}!/data/tweets_media/${t.photos.id}-Fa2xQ.png`, 'image/png', null],
    ]);
    expect(photos.media[0]).toMatchObject({ url: 'https://pbs.twimg.com/media/Fa1xQ.jpg', width: 1200, height: 800 });
    const gif = r.posts.get(t.gif.id)!.media[0]!;
    expect(gif).toMatchObject({ kind: 'gif', url: 'https://video.twimg.com/tweet_video/GifQ1.mp4', mimeType: 'video/mp4' });
    expect(gif.localPath).toBe(`${zip}!/data/tweets_media/${t.gif.id}-GifQ1.mp4`);
    const video = r.posts.get(t.video.id)!.media[0]!;
    expect(video).toMatchObject({ kind: 'video', durationMs: 200_000, url: 'https://video.twimg.com/ext_tw_video/1/pu/vid/1280x720/VidQ1.mp4?tag=12' });
    expect(video.localPath).toBe(`${zip}!/data/tweets_media/${t.video.id}-VidQ1.mp4`);
  });

  it('reports a media file missing from the archive and keeps the URL', () => {
    const p = r.posts.get(t.missingMedia.id)!;
    expect(p.media).toEqual([expect.objectContaining({ kind: 'photo', url: 'https://pbs.twimg.com/media/GoneQ.jpg', alt: null })]);
    expect(p.media[0]!.localPath).toBeUndefined();
    expect(r.issues).toEqual([{ kind: 'media_missing', postId: t.missingMedia.id, media: 'https://pbs.twimg.com/media/GoneQ.jpg' }]);
  });

  it('yields deleted tweets in their own batch', () => {
    const del = r.batches.filter((b) => b.deleted);
    expect(del).toEqual([{ file: 'data/deleted-tweets.js', deleted: true, ids: [id(4000)] }]);
    expect(r.posts.get(id(4000))!.text).toBe('I regret this');
  });

  it('keeps batches within the size and sorted by id as a big integer', async () => {
    const small = await readAll(zip, 3);
    for (const b of small.batches) {
      expect(b.ids.length).toBeLessThanOrEqual(3);
      const sorted = [...b.ids].sort((a, c) => (BigInt(a) < BigInt(c) ? -1 : 1));
      expect(b.ids).toEqual(sorted);
    }
    expect(small.batches.length).toBeGreaterThanOrEqual(6);
    expect([...small.posts.keys()].sort()).toEqual([...r.posts.keys()].sort());
  });

  it('gives the same posts from the unpacked folder, whatever the part order', async () => {
    const folder = path.join(dir, 'rich-folder');
    writeFolder(folder, archiveFiles(richArchive()));
    const f = await readAll(folder);
    expect(f.meta.sourceKind).toBe('folder');
    expect(f.posts.get(t.photos.id)!.media[1]!.localPath).toBe(path.join(folder, 'data', 'tweets_media', `${t.photos.id}-Fa2xQ.png`));
    // Parts swapped around and the ZIP's entries in another order: same index.
    const a = richArchive();
    const swapped = { ...a, parts: [{ ...a.parts[2]!, file: 'tweets.js' }, { ...a.parts[0]!, file: 'tweets-part2.js' }, a.parts[1]!] };
    const zip2 = path.join(dir, 'swapped.zip');
    writeArchiveZip(zip2, swapped, 99);
    const s = await readAll(zip2);
    for (const other of [f, s]) {
      expect(other.posts.size).toBe(r.posts.size);
      for (const [pid, p] of r.posts) expect(strip(other.posts.get(pid)!)).toEqual(strip(p));
    }
  });
});

describe('readArchive on other layouts', () => {
  it('reads an old tweet.js archive (YTD.tweet.part0, tweet_media/, no manifest, unwrapped entries)', async () => {
    const t = richTweets();
    const files = archiveFiles({ account: OWNER, legacy: true, parts: [{ file: 'tweet.js', tweets: [t.entities, t.photos, t.threadA, t.threadB] }] });
    // Some old exports list tweet objects without the { "tweet": … } wrapper.
    files.set('data/tweet.js', Buffer.from(ytd('YTD.tweet.part0', [t.entities, t.photos, t.threadA, t.threadB].map((x, i) => tweetEntry(x, { wrap: i % 2 === 0 })))));
    const folder = path.join(dir, 'legacy');
    writeFolder(folder, files);
    const r = await readAll(folder);
    expect(r.meta.legacyFormat).toBe(true);
    expect(r.meta.manifest).toBeNull();
    expect(r.meta.files.tweets).toEqual(['data/tweet.js']);
    expect(r.posts.size).toBe(4);
    expect(r.posts.get(t.entities.id)!.text).toBe('Fish & chips <3 &amp; more at https://example.com/fish?x=1&y=2');
    expect(r.posts.get(t.photos.id)!.media[1]!.localPath).toBe(path.join(folder, 'data', 'tweet_media', `${t.photos.id}-Fa2xQ.png`));
    expect(r.posts.get(t.threadB.id)!.conversationId).toBe(t.threadA.id);
  });

  it('finds the data folder inside a re-zipped top folder', async () => {
    const files = archiveFiles(richArchive());
    const zip = path.join(dir, 'rezipped.zip');
    writeZip(zip, [...files].map(([n, b]) => [`twitter-2024-01-02-abc/${n}`, b] as [string, Buffer]));
    const r = await readAll(zip);
    expect(r.posts.size).toBe(17);
    expect(r.posts.get(id(3000))!.media[1]!.localPath).toBe(`${zip}!/twitter-2024-01-02-abc/data/tweets_media/${id(3000)}-Fa2xQ.png`);
  });

  it('skips an invalid entry, lists it, and keeps the rest', async () => {
    const t = richTweets();
    const files = archiveFiles({ account: OWNER, parts: [{ file: 'tweets.js', tweets: [t.entities] }] });
    const bad = { tweet: { id_str: 'not-a-number', full_text: 'x', created_at: 'yesterday' } };
    files.set('data/tweets.js', Buffer.from(ytd('YTD.tweets.part0', [tweetEntry(t.entities), bad, tweetEntry(t.entities)])));
    const folder = path.join(dir, 'invalid-entry');
    writeFolder(folder, files);
    const r = await readAll(folder);
    expect(r.posts.size).toBe(1);
    expect(r.meta.invalidEntries).toEqual([{ file: 'data/tweets.js', index: 1, id: 'not-a-number', reason: expect.stringContaining('id_str: must be a decimal id') }]);
    expect(r.meta.scan.duplicateCount).toBe(1);
    expect(r.meta.scan.duplicateIds).toEqual([t.entities.id]);
  });
});

describe('long posts and notes', () => {
  it('pairs two long posts of the same second with their own notes, and reports the leftovers', async () => {
    const base = Date.UTC(2023, 6, 1, 10, 0, 0);
    const textA = `Alpha ${'a'.repeat(300)} end A.`;
    const textB = `Bravo ${'b'.repeat(300)} end B.`;
    const files = archiveFiles({
      account: OWNER,
      parts: [{ file: 'tweets.js', tweets: [
        { id: id(7000), fullText: `${textA.slice(0, 270)}…`, createdAt: base },
        { id: id(7001), fullText: `${textB.slice(0, 270)}…`, createdAt: base },
        { id: id(7002), fullText: `Charlie ${'c'.repeat(280)}…`, createdAt: base + 60_000 },
        // Newer archives sometimes keep the whole long text in tweets.js: no note is needed.
        { id: id(7003), fullText: `Delta ${'d'.repeat(320)} end D.`, createdAt: base + 120_000 },
      ] }],
      notes: [
        { noteTweetId: '9001', createdAt: base + 500, text: textB },
        { noteTweetId: '9002', createdAt: base + 200, text: textA },
        { noteTweetId: '9003', createdAt: base + 999_000, text: 'An orphan note nobody claims, far in time from every post.' },
      ],
    });
    const folder = path.join(dir, 'notes');
    writeFolder(folder, files);
    const r = await readAll(folder);
    expect(r.posts.get(id(7000))!.text).toBe(textA);
    expect(r.posts.get(id(7001))!.text).toBe(textB);
    expect(r.posts.get(id(7002))!.text).toMatch(/^Charlie c+…$/);
    expect(r.posts.get(id(7003))!.text).toBe(`Delta ${'d'.repeat(320)} end D.`);
    expect(r.unmatched).toEqual(['9003']);
    expect(r.issues).toEqual([{ kind: 'note_missing', postId: id(7002) }]);
    const diffs = reconcile(r.meta, r.issues, r.unmatched, null);
    expect(diffs.map((d) => [d.kind, d.ids])).toEqual([['notes_unmatched', ['9003']], ['note_missing', [id(7002)]]]);
  });
});
