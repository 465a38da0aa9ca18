import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaItem, Post } from '../../../src-shared/domain/post';
import { ErrorCode } from '../../../src-shared/errors';
import { graphemeLength } from '../../../src-shared/text/graphemes';
import { ArchiveMediaFiles } from '../../../src-main/archive/ArchiveMediaFiles';
import { readArchive } from '../../../src-main/archive/readArchive';
import { simulateMigration, type MigrationSourcePost } from '../../../src-main/archive/simulateMigration';
import { id, OWNER, richArchive, richTweets, writeArchiveZip } from '../../support/archiveFixtures';

let dir: string;
let posts: MigrationSourcePost[];
const sizes = new Map<string, number>();
const mediaSize = (m: MediaItem) => (m.localPath ? sizes.get(m.localPath) : undefined);
const t = richTweets();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chirp-archive-sim-'));
  const zip = path.join(dir, 'rich.zip');
  writeArchiveZip(zip, richArchive());
  const reader = await readArchive(zip);
  posts = [];
  for await (const b of reader) for (const p of b.posts) posts.push(b.deleted ? { ...p, deletedAt: b.deletedAt[p.id] } : p);
  await reader.close();
  const files = new ArchiveMediaFiles(path.join(dir, 'data'));
  for (const p of posts) for (const m of p.media) if (m.localPath) sizes.set(m.localPath, (await files.size(m))!);
  await files.cleanup();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('simulateMigration over an imported archive', () => {
  it('counts every kind, says what is skipped and why, and gives the ETA', () => {
    const plan = simulateMigration({ posts, options: { mediaSize }, budget: { now: 1_000 } });
    expect(plan.counts).toEqual({
      considered: 17, units: 14, posts: 8, threads: 1, threadContinuations: 5, quotesNative: 1, quotesAsLink: 1,
      media: 4, mediaNeedReencode: 1, videosOverLimit: 1, mediaMissing: 1, mediaDropped: 1, needSplit: 1, extraParts: 1, creates: 15,
      skipped: { reply_to_other: 1, repost: 1, deleted: 1, outside_date_window: 0, excluded: 0, already_synced_live: 0, empty: 0 },
    });
    expect(plan.skipped.map((s) => [s.sourceId, s.reason])).toEqual([
      [t.reply.id, 'reply_to_other'], [t.retweet.id, 'repost'], [id(4000), 'deleted'],
    ]);
    // 15 creates at the default 1,000/h (3,000 of Bluesky's 5,000 points/h).
    expect(plan.eta).toEqual({ creates: 15, createsPerHour: 1000, pointsPerHour: 3000, durationMs: 54_000, finishesAt: 55_000 });
  });

  it('orders units so thread parents and quoted own posts come first', () => {
    const plan = simulateMigration({ posts: [...posts].reverse(), options: { mediaSize } });
    const pos = new Map(plan.units.map((u) => [u.sourceId, u.order]));
    plan.units.forEach((u, i) => expect(u.order).toBe(i));
    for (const u of plan.units) {
      if (u.parentSourceId) expect(pos.get(u.parentSourceId)!).toBeLessThan(u.order);
      if (u.quote?.kind === 'native') expect(pos.get(u.quote.sourceId)!).toBeLessThan(u.order);
    }
    const thread = plan.units.filter((u) => u.threadRootId === t.threadA.id).map((u) => [u.sourceId, u.role, u.parentSourceId]);
    expect(thread).toEqual([
      [t.threadA.id, 'thread_root', null],
      [t.threadB.id, 'thread_continuation', t.threadA.id],
      [t.threadC.id, 'thread_continuation', t.threadB.id],
      [t.threadD.id, 'thread_continuation', t.threadC.id],
      [t.threadE.id, 'thread_continuation', t.threadD.id],
      [t.branchF.id, 'thread_continuation', t.threadB.id],
    ]);
  });

  it('describes each unit: parts, quote, media actions, backdated time', () => {
    const plan = simulateMigration({ posts, options: { mediaSize } });
    const unit = (sid: string) => plan.units.find((u) => u.sourceId === sid)!;
    const long = unit(t.long.id);
    expect(long.parts).toHaveLength(2);
    for (const part of long.parts) expect(graphemeLength(part)).toBeLessThanOrEqual(300);
    expect(long.parts.join(' ').replace(/\s+/g, ' ')).toBe(long.post.text.replace(/\s+/g, ' '));
    expect(long.reasons[0]).toBe('Longer than 300 characters: posted as 2 connected parts.');
    expect(unit(t.ownQuote.id).quote).toEqual({ kind: 'native', sourceId: t.entities.id });
    expect(unit(t.ownQuote.id).parts).toEqual(['Still true']);
    expect(unit(t.otherQuote.id).quote).toEqual({ kind: 'link', url: 'https://x.com/dave/status/1400000000000000009' });
    expect(unit(t.otherQuote.id).parts).toEqual(['Worth reading\n\nhttps://x.com/dave/status/1400000000000000009']);
    expect(unit(t.photos.id).media.map((m) => [m.action, m.sizeBytes])).toEqual([['upload', 12], ['reencode', 1_000_001]]);
    expect(unit(t.photos.id).reasons).toContain("Image 2 is 1,000,001 bytes, over Bluesky's 1,000,000: it will be re-encoded to fit.");
    expect(unit(t.photos.id).reasons).toContain('Archives hold no alt text, so images are posted without descriptions.');
    expect(unit(t.video.id).media[0]).toMatchObject({ action: 'drop', overLimit: 'too_long' });
    expect(unit(t.video.id).reasons).toContain("The video runs 200 s, over Bluesky's 180 s: the post goes without it.");
    expect(unit(t.missingMedia.id).media[0]).toMatchObject({ action: 'fetch', missing: true });
    expect(unit(t.gif.id).media[0]).toMatchObject({ action: 'upload', sizeBytes: 7 });
    expect(unit(t.threadA.id).createdAt).toBe(t.threadA.createdAt);
  });

  it('applies exclusions: the quote of an excluded own post becomes a link; a thread cut in the middle restarts', () => {
    const plan = simulateMigration({ posts, options: { mediaSize, excludeIds: [t.entities.id, t.threadB.id] } });
    expect(plan.counts.skipped.excluded).toBe(2);
    const unit = (sid: string) => plan.units.find((u) => u.sourceId === sid)!;
    expect(unit(t.ownQuote.id).quote).toEqual({ kind: 'link', url: `https://twitter.com/${OWNER.username}/status/${t.entities.id}` });
    expect(unit(t.ownQuote.id).reasons).toContain('Quotes your own post that is not migrated: it becomes a link.');
    expect(unit(t.threadA.id).role).toBe('post');
    expect(unit(t.threadC.id)).toMatchObject({ role: 'thread_root', parentSourceId: null, threadRootId: t.threadC.id });
    expect(unit(t.threadC.id).reasons).toContain('The post it continues is not migrated, so it starts a new thread on Bluesky.');
    expect(unit(t.threadE.id)).toMatchObject({ role: 'thread_continuation', threadRootId: t.threadC.id });
    expect(unit(t.branchF.id)).toMatchObject({ role: 'post', parentSourceId: null });
  });

  it('applies the date window and skips posts already synced live, continuing their threads', () => {
    const plan = simulateMigration({
      posts,
      options: { mediaSize, dateFrom: t.threadA.createdAt, dateTo: t.long.createdAt, isSyncedLive: (p: Post) => p.id === t.threadA.id },
    });
    expect(plan.counts.skipped).toMatchObject({ already_synced_live: 1, outside_date_window: 7 });
    expect(plan.units.map((u) => u.sourceId)).toEqual([t.threadB.id, t.threadC.id, t.threadD.id, t.threadE.id, t.branchF.id, t.long.id]);
    expect(plan.units[0]).toMatchObject({ role: 'thread_continuation', parentSourceId: t.threadA.id, threadRootId: t.threadA.id });
    expect(plan.units[0]!.reasons).toContain('Continues a thread whose earlier post is already on Bluesky.');
  });

  it('truncates instead of splitting when asked', () => {
    const plan = simulateMigration({ posts, options: { splitPolicy: 'truncate' } });
    const long = plan.units.find((u) => u.sourceId === t.long.id)!;
    expect(long.parts).toHaveLength(1);
    expect(long.parts[0]).toMatch(new RegExp(`… https://x\\.com/${OWNER.username}/status/${t.long.id}$`));
    expect(graphemeLength(long.parts[0]!)).toBeLessThanOrEqual(300);
    expect(plan.counts.creates).toBe(14);
  });

  it('scales the ETA with the budget and refuses a budget over Bluesky\'s limit', () => {
    expect(simulateMigration({ posts, budget: { createsPerHour: 500 } }).eta.durationMs).toBe(108_000);
    let code: string | undefined;
    try {
      simulateMigration({ posts, budget: { createsPerHour: 2000 } });
    } catch (e) {
      code = (e as { code: string }).code;
    }
    expect(code).toBe(ErrorCode.InvalidInput);
  });
});
