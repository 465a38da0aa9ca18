import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationProgress } from '../../../../src-main/archive/migrate/types';
import { RemoteError } from '../../../../src-main/connectors/limits/types';
import { bskyKeyFor } from '../../../../src-main/sync/targets/bskyTarget';
import { ALICE, OWNER, type FixtureArchive, type FixtureTweet } from '../../../support/archiveFixtures';
import { startPds, type ListedRecord, type PdsHarness } from '../../../support/pds';
import { countBy, newWorld, noisePng, smallPng, type MigrateWorld } from './migrateWorld';

let pds: PdsHarness;
const worlds: MigrateWorld[] = [];

beforeAll(async () => {
  pds = await startPds();
}, 120_000);
afterAll(async () => {
  for (const w of worlds) await w.close();
  await pds?.close();
});

const T0 = Date.UTC(2019, 2, 3, 9, 0, 0);
const at = (min: number) => T0 + min * 60_000;
const tid = (k: number) => String(1100000000000000000n + BigInt(k));
const selfReply = (parent: string) => ({ statusId: parent, userId: OWNER.accountId, screenName: OWNER.username });
const iso = (ms: number) => new Date(ms).toISOString();
const LONG = Array.from({ length: 10 }, (_, i) => `Sentence number ${i + 1} of a long post is here.`).join(' ');

async function tweets() {
  const small = await smallPng();
  const big = await noisePng(700);
  expect(big.length).toBeGreaterThan(1_000_000);
  return {
    small, big,
    plain: { id: tid(1), fullText: 'Café &amp; crème at https://t.co/menu1 #food', createdAt: at(1), urls: [{ url: 'https://t.co/menu1', expanded: 'https://example.com/menu' }], hashtags: ['food'] },
    quote: { id: tid(2), fullText: 'Still good https://t.co/qq1', createdAt: at(2), urls: [{ url: 'https://t.co/qq1', expanded: `https://twitter.com/${OWNER.username}/status/${tid(1)}` }] },
    root: { id: tid(3), fullText: 'Thread 1/3', createdAt: at(3) },
    two: { id: tid(4), fullText: `@${OWNER.username} Thread 2/3`, displayStart: OWNER.username.length + 2, createdAt: at(4), reply: selfReply(tid(3)) },
    three: { id: tid(5), fullText: 'Thread 3/3', createdAt: at(5), reply: selfReply(tid(4)) },
    long: { id: tid(6), fullText: LONG, createdAt: at(6) },
    photos: { id: tid(7), fullText: `Pictures https://t.co/m${tid(7).slice(-6)}`, createdAt: at(7), media: [{ type: 'photo', file: 'small.png', bytes: small }, { type: 'photo', file: 'big.png', bytes: big }] },
    video: { id: tid(8), fullText: `Clip https://t.co/m${tid(8).slice(-6)}`, createdAt: at(8), media: [{ type: 'video', file: 'clip.mp4', bytes: Buffer.from('mp4-bytes'), durationMs: 10_000 }] },
    rt: { id: tid(9), fullText: 'RT @carol: hello there', createdAt: at(9), mentions: [{ screenName: 'carol', id: '2000000004' }] },
    other: { id: tid(10), fullText: '@alice yes indeed', displayStart: 7, createdAt: at(10), reply: { statusId: '1000000000000000001', userId: ALICE.id, screenName: ALICE.screenName }, mentions: [ALICE] },
    gone: { id: tid(11), fullText: 'Oops', createdAt: at(11), deletedAt: at(12) },
  } satisfies Record<string, FixtureTweet | Buffer>;
}

const rkeyOf = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);
const byKey = (recs: ListedRecord[]) => new Map(recs.map((r) => [rkeyOf(r.uri), r]));
const keyOf = (id: string, createdAt: number, part = 0) => bskyKeyFor({ platform: 'x', id, createdAt }, part);
const ref = (r: ListedRecord) => ({ uri: r.uri, cid: r.cid });

describe('MigrationJob against a real PDS', () => {
  it('publishes a small archive exactly: texts, facets, backdated times, threads, native quote, images; skips with reasons', async () => {
    const t = await tweets();
    const archive: FixtureArchive = {
      account: OWNER,
      parts: [{ file: 'tweets.js', tweets: [t.plain, t.quote, t.root, t.two, t.three, t.long, t.photos, t.video, t.rt, t.other] }],
      deleted: [t.gone],
    };
    const w = await newWorld(pds, archive);
    worlds.push(w);
    const { plan } = await w.plan();
    expect(plan.counts.creates).toBe(9);
    const events: MigrationProgress[] = [];
    const report = await w.job({ onProgress: (p) => events.push(p) }).run(w.input(plan));

    expect(report).toMatchObject({ status: 'completed', stopReason: null, migrated: { records: 9, units: 8 }, alreadyDone: { units: 0, records: 0 }, remaining: { units: 0, records: 0 }, failed: [] });
    expect(report.skipped.map((s) => [s.sourceId, s.reason]).sort()).toEqual([[t.rt.id, 'repost'], [t.other.id, 'reply_to_other'], [t.gone.id, 'deleted']].sort());
    expect(report.notes).toEqual([{ sourceId: t.video.id, message: 'video 1 was not copied: Bluesky video upload is not supported yet.' }]);
    expect(events.at(-1)).toMatchObject({ phase: 'finished', done: 9, total: 9, failed: 0, etaMs: 0 });

    const recs = await w.records();
    expect(recs).toHaveLength(9);
    const k = byKey(recs);
    const get = (tw: FixtureTweet, part = 0) => k.get(keyOf(tw.id, tw.createdAt, part))!;

    const plain = get(t.plain);
    const text = 'Café & crème at https://example.com/menu #food';
    const b = (s: string) => Buffer.byteLength(s, 'utf8');
    expect(plain.value).toMatchObject({ text, createdAt: iso(t.plain.createdAt), langs: ['en'] });
    expect(plain.value.facets).toEqual([
      { index: { byteStart: b('Café & crème at '), byteEnd: b('Café & crème at https://example.com/menu') }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/menu' }] },
      { index: { byteStart: b(text) - b('#food'), byteEnd: b(text) }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'food' }] },
    ]);

    expect(get(t.quote).value).toMatchObject({ text: 'Still good', createdAt: iso(t.quote.createdAt), embed: { $type: 'app.bsky.embed.record', record: ref(plain) } });

    const [r1, r2, r3] = [get(t.root), get(t.two), get(t.three)];
    expect(r1.value.reply).toBeUndefined();
    expect(r2.value).toMatchObject({ text: 'Thread 2/3', createdAt: iso(t.two.createdAt), reply: { root: ref(r1), parent: ref(r1) } });
    expect(r3.value).toMatchObject({ text: 'Thread 3/3', reply: { root: ref(r1), parent: ref(r2) } });

    const [l1, l2] = [get(t.long, 0), get(t.long, 1)];
    expect(`${l1.value.text} ${l2.value.text}`.replace(/\s+/g, ' ')).toBe(LONG);
    expect(l2.value).toMatchObject({ createdAt: iso(t.long.createdAt), reply: { root: ref(l1), parent: ref(l1) } });

    const photos = get(t.photos).value as { text: string; embed: { $type: string; images: { alt: string; image: { mimeType: string; size: number } }[] } };
    expect(photos.text).toBe('Pictures');
    expect(photos.embed.$type).toBe('app.bsky.embed.images');
    expect(photos.embed.images.map((i) => i.alt)).toEqual(['', '']);
    expect(photos.embed.images[0]!.image).toMatchObject({ mimeType: 'image/png', size: t.small.length });
    expect(photos.embed.images[1]!.image.mimeType).toBe('image/jpeg');
    expect(photos.embed.images[1]!.image.size).toBeLessThanOrEqual(1_000_000);
    expect(get(t.video).value).toMatchObject({ text: 'Clip' });
    expect(get(t.video).value.embed).toBeUndefined();

    // The index knows every copy: links for all 9 records, copies made by the engine.
    expect(w.port.linksFor(w.pairId, 'x-to-bsky', t.long.id).map((l) => [l.partIndex, l.role, l.copyId])).toEqual([[0, 'root', l1.uri], [1, 'part', l2.uri]]);
    expect(w.port.linksFor(w.pairId, 'x-to-bsky', t.two.id)[0]).toMatchObject({ role: 'continuation', copyId: r2.uri, copyCid: r2.cid });
    expect(w.store.posts.count(w.bskyAccountId, { madeByEngine: true })).toBe(9);

    // A rerun (with a fresh plan, as the CLI makes) finds nothing to do.
    const again = await w.job().run(w.input((await w.plan()).plan));
    expect(again).toMatchObject({ status: 'completed', migrated: { records: 0, units: 0 }, alreadyDone: { units: 8, records: 9 } });
    expect(await w.records()).toHaveLength(9);
  });

  it('never migrates a post synced live again; a post deleted on X after the archive still is; continues a live thread', async () => {
    const p1 = { id: tid(21), fullText: 'Synced live already', createdAt: at(21) };
    const p2 = { id: tid(22), fullText: 'Deleted on X later', createdAt: at(22) };
    const p3 = { id: tid(23), fullText: 'Continues the live one', createdAt: at(23), reply: selfReply(tid(21)) };
    const gone = { id: tid(24), fullText: 'In deleted-tweets', createdAt: at(24), deletedAt: at(25) };
    const w = await newWorld(pds, { account: OWNER, parts: [{ file: 'tweets.js', tweets: [p1, p2, p3] }], deleted: [gone] });
    worlds.push(w);
    // Live sync copied p1 (its own intent payload, no migration origin), then saw p2 deleted on X.
    const post1 = w.store.posts.get(w.xAccountId, p1.id)!;
    const rkey = bskyKeyFor(post1, 0);
    const live = await w.connector.createPost({ rkey, text: p1.fullText, createdAt: iso(p1.createdAt) });
    const intent = w.port.ensureIntent({ pairId: w.pairId, direction: 'x-to-bsky', sourceId: p1.id, partIndex: 0, partCount: 1, targetKey: rkey, payload: { text: p1.fullText, media: [], createdAt: iso(p1.createdAt) }, maxAttempts: 5, now: Date.now() });
    w.port.commitPublished({ intentId: intent.id, pairId: w.pairId, direction: 'x-to-bsky', source: post1, partIndex: 0, role: 'root', targetAccountId: w.bskyAccountId, ref: { id: live.uri, cid: live.cid }, now: Date.now(), copy: { ...post1, platform: 'bsky', id: live.uri, cid: live.cid, authorId: w.bsky.did, source: 'live' } });
    expect(w.store.posts.markDeleted(w.xAccountId, p2.id)).toBe(true);

    const { plan } = await w.plan();
    expect(plan.skipped.map((s) => [s.sourceId, s.reason]).sort()).toEqual([[p1.id, 'already_synced_live'], [gone.id, 'deleted']].sort());
    const report = await w.job().run(w.input(plan));
    expect(report).toMatchObject({ status: 'completed', migrated: { records: 2, units: 2 }, failed: [] });

    const recs = await w.records();
    expect(countBy(recs.map((r) => String(r.value.text)))).toEqual({ 'Synced live already': 1, 'Deleted on X later': 1, 'Continues the live one': 1 });
    const k = byKey(recs);
    const cont = k.get(keyOf(p3.id, p3.createdAt))!;
    expect(cont.value.reply).toEqual({ root: { uri: live.uri, cid: live.cid }, parent: { uri: live.uri, cid: live.cid } });
    // Live sync's own view: p1 still has exactly its one link, p2 and p3 now have theirs.
    expect(w.port.linksFor(w.pairId, 'x-to-bsky', p1.id)).toHaveLength(1);
    expect(w.port.linkedSourceIds(w.pairId, 'x', [p1.id, p2.id, p3.id, gone.id])).toEqual(new Set([p1.id, p2.id, p3.id]));
  });

  it('records a unit whose image file is unreadable as failed, publishes the rest, and a rerun retries only it', async () => {
    const small = await smallPng();
    const a = { id: tid(31), fullText: 'Before the broken one', createdAt: at(31) };
    const broken = { id: tid(32), fullText: `Broken picture https://t.co/m${tid(32).slice(-6)}`, createdAt: at(32), media: [{ type: 'photo' as const, file: 'x.png', bytes: small }] };
    const child = { id: tid(33), fullText: 'Replies to the broken one', createdAt: at(33), reply: selfReply(tid(32)) };
    const c = { id: tid(34), fullText: 'After the broken one', createdAt: at(34) };
    const w = await newWorld(pds, { account: OWNER, parts: [{ file: 'tweets.js', tweets: [a, broken, child, c] }] });
    worlds.push(w);
    const { plan } = await w.plan();
    const brokenPath = w.store.posts.get(w.xAccountId, broken.id)!.media[0]!.localPath!;
    // The planner saw the file; the job gets a media reader whose copy of it is unreadable.
    const media = { materialize: async (p: string) => (p === brokenPath ? `${w.dir}/missing.png` : w.media.materialize(p)) };
    const report = await w.job({ media }).run(w.input(plan));
    expect(report.status).toBe('completed_with_failures');
    expect(report.migrated).toEqual({ records: 2, units: 2 });
    expect(report.failed.map((f) => f.sourceId)).toEqual([broken.id, child.id]);
    expect(report.failed[0]!.reason).toMatch(/^Image 1 could not be read from the archive \(ENOENT/);
    expect(report.failed[1]!.reason).toMatch(/^Waits for the post it continues/);
    expect((await w.records()).map((r) => r.value.text).sort()).toEqual(['After the broken one', 'Before the broken one']);

    // The file is readable again: the rerun publishes the two that waited, and nothing twice.
    expect(fs.existsSync(`${w.dir}/missing.png`)).toBe(false);
    const second = await w.job().run(w.input((await w.plan()).plan));
    expect(second).toMatchObject({ status: 'completed', migrated: { records: 2, units: 2 }, alreadyDone: { units: 2 } });
    const recs = await w.records();
    expect(countBy(recs.map((r) => String(r.value.text)))).toEqual({ 'Before the broken one': 1, 'Broken picture': 1, 'Replies to the broken one': 1, 'After the broken one': 1 });
  });

  it('stops between batches when the signal is aborted, and a rerun resumes', async () => {
    const posts = Array.from({ length: 12 }, (_, i) => ({ id: tid(100 + i), fullText: `Cancel test post ${i}`, createdAt: at(100 + i) }));
    const w = await newWorld(pds, { account: OWNER, parts: [{ file: 'tweets.js', tweets: posts }] });
    worlds.push(w);
    const ac = new AbortController();
    const { plan } = await w.plan();
    let batches = 0;
    const connector = { applyCreates: async (d: Parameters<typeof w.connector.applyCreates>[0]) => { if (++batches === 2) ac.abort(); return w.connector.applyCreates(d); }, getPost: (r: string) => w.connector.getPost(r) };
    const first = await w.job({ connector, batchSize: 5 }).run(w.input(plan, { signal: ac.signal }));
    expect(first).toMatchObject({ status: 'cancelled', migrated: { records: 10, units: 10 }, remaining: { units: 2, records: 2 } });
    expect(first.stopReason).toMatch(/paused or cancelled/);
    const second = await w.job({ batchSize: 5 }).run(w.input((await w.plan()).plan));
    expect(second).toMatchObject({ status: 'completed', migrated: { records: 2, units: 2 }, alreadyDone: { units: 10 } });
    expect(Object.values(countBy((await w.records()).map((r) => String(r.value.text))))).toEqual(Array(12).fill(1));
  });
  it('a record the connector refuses (an image that is no image) rejects its batch; the batch is retried unit by unit and only that unit fails', async () => {
    const posts: FixtureTweet[] = Array.from({ length: 6 }, (_, i) => ({ id: tid(200 + i), fullText: `Batch mate ${i}`, createdAt: at(200 + i) }));
    posts[2] = { id: tid(202), fullText: `Not a picture https://t.co/m${tid(202).slice(-6)}`, createdAt: at(202), media: [{ type: 'photo', file: 'fake.jpg', bytes: Buffer.from('these bytes are not a JPEG') }] };
    const w = await newWorld(pds, { account: OWNER, parts: [{ file: 'tweets.js', tweets: posts }] });
    worlds.push(w);
    let calls = 0;
    const connector = { applyCreates: (d: Parameters<typeof w.connector.applyCreates>[0]) => (calls++, w.connector.applyCreates(d)), getPost: (r: string) => w.connector.getPost(r) };
    const report = await w.job({ connector }).run(w.input((await w.plan()).plan));
    expect(calls).toBe(1 + 6);
    expect(report).toMatchObject({ status: 'completed_with_failures', migrated: { records: 5, units: 5 } });
    expect(report.failed).toEqual([{ sourceId: tid(202), reason: expect.stringMatching(/^The image \(image\/jpeg, 26 bytes\) could not be read/) }]);
    expect((await w.records()).map((r) => String(r.value.text)).sort()).toEqual([0, 1, 3, 4, 5].map((i) => `Batch mate ${i}`));
  });

  it('stops for the day at the daily cap and counts the day’s earlier creates on the next run', async () => {
    const posts = Array.from({ length: 8 }, (_, i) => ({ id: tid(300 + i), fullText: `Capped post ${i}`, createdAt: at(300 + i) }));
    const w = await newWorld(pds, { account: OWNER, parts: [{ file: 'tweets.js', tweets: posts }] });
    worlds.push(w);
    const first = await w.job().run(w.input((await w.plan()).plan, { dailyCap: 5 }));
    expect(first).toMatchObject({ status: 'daily_cap', migrated: { records: 5 }, remaining: { units: 3, records: 3 } });
    expect(first.stopReason).toMatch(/^Stopped for today: 5 posts were made on Bluesky in the last 24 hours/);
    const same = await w.job().run(w.input((await w.plan()).plan, { dailyCap: 5 }));
    expect(same).toMatchObject({ status: 'daily_cap', migrated: { records: 0 }, remaining: { units: 3 } });
    const more = await w.job().run(w.input((await w.plan()).plan, { dailyCap: 100 }));
    expect(more).toMatchObject({ status: 'completed', migrated: { records: 3 } });
    expect(await w.records()).toHaveLength(8);
  });
  it('a run-stopping error (rate limited) stops the run with its reason, marks nothing done that is not on Bluesky, and a rerun finishes', async () => {
    const posts = Array.from({ length: 9 }, (_, i) => ({ id: tid(400 + i), fullText: `Limited post ${i}`, createdAt: at(400 + i) }));
    const w = await newWorld(pds, { account: OWNER, parts: [{ file: 'tweets.js', tweets: posts }] });
    worlds.push(w);
    let calls = 0;
    const connector = {
      applyCreates: async (d: Parameters<typeof w.connector.applyCreates>[0]) => {
        if (++calls === 2) throw new RemoteError('rate_limited', 'bsky', 'Rate limit exceeded (RateLimitExceeded).', { status: 429, resetAt: Date.now() + 60_000 });
        return w.connector.applyCreates(d);
      },
      getPost: (r: string) => w.connector.getPost(r),
    };
    const first = await w.job({ connector, batchSize: 4 }).run(w.input((await w.plan()).plan));
    expect(first).toMatchObject({ status: 'stopped', stopReason: 'Rate limit exceeded (RateLimitExceeded).', migrated: { records: 4 }, remaining: { units: 5 }, failed: [] });
    expect(w.store.intents.listByStatus(w.pairId, 'done').length).toBe(4);
    expect(w.store.intents.listByStatus(w.pairId, 'failed').map((i) => [i.attempts, i.lastError])).toEqual(Array(4).fill([0, 'Rate limit exceeded (RateLimitExceeded).']));
    expect(await w.records()).toHaveLength(4);
    const second = await w.job({ batchSize: 4 }).run(w.input((await w.plan()).plan));
    expect(second).toMatchObject({ status: 'completed', migrated: { records: 5 } });
    expect(Object.values(countBy((await w.records()).map((r) => String(r.value.text))))).toEqual(Array(9).fill(1));
  });
});
