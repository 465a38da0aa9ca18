/** Posts against a real PDS (dev-env), checked two-sided with plain listRecords/getRecord. */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import { BlueskyConnector, postUri } from '../../../../src-main/connectors/bluesky/BlueskyConnector';
import { tidFromTimestamp } from '../../../../src-main/connectors/bluesky/tid';
import type { BskyPostDraft } from '../../../../src-main/connectors/bluesky/types';
import { getRecordDirect, listAllPosts, startPds, type PdsAccount, type PdsHarness } from '../../../support/pds';
import { wire, type Wired } from './helpers';

let pds: PdsHarness;
let alice: PdsAccount;
let w: Wired;
let c: BlueskyConnector;
let seq = 0;
/** A fresh TID per call, a millisecond apart, in the present. */
const nextTid = () => tidFromTimestamp(Date.now() - 10_000_000 + seq++);
const now = () => new Date().toISOString();

beforeAll(async () => {
  pds = await startPds();
  alice = await pds.createAccount('alice.test');
  w = wire(pds.url);
  c = w.connector;
  await c.login('alice.test', alice.appPassword);
});
afterAll(async () => {
  await pds?.close();
});

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

async function png(width: number, height: number, rgb: [number, number, number]): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toBuffer());
}

async function noisyPng(width: number, height: number): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * 3);
  let x = 2463534242;
  for (let i = 0; i < raw.length; i++) {
    // xorshift32: deterministic noise that PNG cannot compress
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    raw[i] = x & 0xff;
  }
  return new Uint8Array(await sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer());
}

async function blobBytes(did: string, cid: string): Promise<Buffer> {
  const res = await fetch(`${pds.url}/xrpc/com.atproto.sync.getBlob?did=${did}&cid=${cid}`);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('createPost', () => {
  it('stores text and facets with exact UTF-8 byte ranges, and reads them back as links and tags', async () => {
    const text = 'Café ☕ 日本 see https://example.com/é and #Sync 🎉 now';
    const url = 'https://example.com/é';
    const urlStart = bytes(text.slice(0, text.indexOf(url)));
    const tagStart = bytes(text.slice(0, text.indexOf('#Sync')));
    const facets = [
      { index: { byteStart: urlStart, byteEnd: urlStart + bytes(url) }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/%C3%A9' }] },
      { index: { byteStart: tagStart, byteEnd: tagStart + bytes('#Sync') }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'Sync' }] },
    ];
    const rkey = nextTid();
    const ref = await c.createPost({ rkey, text, facets, createdAt: now(), langs: ['en'] });
    expect(ref).toMatchObject({ uri: postUri(alice.did, rkey), created: true });
    const stored = await getRecordDirect(pds.url, alice.did, rkey);
    expect(stored?.cid).toBe(ref.cid);
    expect(stored?.value.text).toBe(text);
    expect(stored?.value.facets).toEqual(facets);
    expect(stored?.value.langs).toEqual(['en']);
    const post = (await c.listOwnPosts()).posts.find((p) => p.id === ref.uri);
    expect(post?.links).toEqual([{ url: 'https://example.com/%C3%A9', display: url }]);
    expect(post?.hashtags).toEqual(['Sync']);
    expect(post).toMatchObject({ kind: 'post', cid: ref.cid, text, lang: 'en', authorId: alice.did });
  });

  it('posts 2 images with alt text and aspect ratio', async () => {
    const rkey = nextTid();
    const images = [
      { data: await png(300, 200, [200, 30, 30]), mimeType: 'image/png', alt: 'A red rectangle' },
      { data: await png(100, 400, [30, 30, 200]), mimeType: 'image/png', alt: null },
    ];
    const ref = await c.createPost({ rkey, text: 'two pictures', createdAt: now(), images });
    const embed = (await getRecordDirect(pds.url, alice.did, rkey))?.value.embed as any;
    expect(embed.$type).toBe('app.bsky.embed.images');
    expect(embed.images.map((i: any) => [i.alt, i.aspectRatio])).toEqual([
      ['A red rectangle', { width: 300, height: 200 }],
      ['', { width: 100, height: 400 }],
    ]);
    expect(embed.images[0].image).toMatchObject({ $type: 'blob', mimeType: 'image/png', size: images[0]!.data.length });
    expect(await blobBytes(alice.did, embed.images[0].image.ref.$link)).toEqual(Buffer.from(images[0]!.data));
    const post = (await c.listOwnPosts()).posts.find((p) => p.id === ref.uri);
    expect(post?.media.map((m) => [m.kind, m.alt, m.width, m.height, m.remoteId])).toEqual([
      ['photo', 'A red rectangle', 300, 200, embed.images[0].image.ref.$link],
      ['photo', null, 100, 400, embed.images[1].image.ref.$link],
    ]);
  });

  it('re-encodes an image over 1,000,000 bytes until the ENCODED blob is under the limit', async () => {
    const big = await noisyPng(1200, 900);
    expect(big.length).toBeGreaterThan(1_000_000);
    const rkey = nextTid();
    await c.createPost({ rkey, text: 'noise', createdAt: now(), images: [{ data: big, mimeType: 'image/png', alt: 'static' }] });
    const img = ((await getRecordDirect(pds.url, alice.did, rkey))?.value.embed as any).images[0];
    const stored = await blobBytes(alice.did, img.image.ref.$link);
    expect(stored.length).toBeLessThanOrEqual(1_000_000);
    expect(img.image.size).toBe(stored.length);
    expect(img.image.mimeType).toBe('image/jpeg');
    expect((await sharp(stored).metadata()).format).toBe('jpeg');
    expect(img.alt).toBe('static');
    // Same shape as the original: 4:3.
    expect(img.aspectRatio.width * 3).toBe(img.aspectRatio.height * 4);
  });

  it('posts an external link card', async () => {
    const rkey = nextTid();
    const external = { uri: 'https://example.org/article', title: 'An article', description: 'What it says' };
    const ref = await c.createPost({ rkey, text: 'read this', createdAt: now(), external });
    expect((await getRecordDirect(pds.url, alice.did, rkey))?.value.embed).toEqual({ $type: 'app.bsky.embed.external', external });
    const post = (await c.listOwnPosts()).posts.find((p) => p.id === ref.uri);
    expect(post?.links).toEqual([{ url: 'https://example.org/article' }]);
  });

  it('posts a quote, and a quote with an image (recordWithMedia)', async () => {
    const quoted = await c.createPost({ rkey: nextTid(), text: 'quoted one', createdAt: now() });
    const qRkey = nextTid();
    const q = await c.createPost({ rkey: qRkey, text: 'quoting', createdAt: now(), quote: { uri: quoted.uri, cid: quoted.cid } });
    expect((await getRecordDirect(pds.url, alice.did, qRkey))?.value.embed).toEqual({ $type: 'app.bsky.embed.record', record: { uri: quoted.uri, cid: quoted.cid } });
    const mRkey = nextTid();
    const m = await c.createPost({ rkey: mRkey, text: 'quoting with a picture', createdAt: now(), quote: { uri: quoted.uri, cid: quoted.cid }, images: [{ data: await png(64, 64, [0, 128, 0]), mimeType: 'image/png', alt: 'green' }] });
    const embed = (await getRecordDirect(pds.url, alice.did, mRkey))?.value.embed as any;
    expect(embed.$type).toBe('app.bsky.embed.recordWithMedia');
    expect(embed.record.record).toEqual({ uri: quoted.uri, cid: quoted.cid });
    expect(embed.media.$type).toBe('app.bsky.embed.images');
    expect(embed.media.images[0].alt).toBe('green');
    const posts = (await c.listOwnPosts()).posts;
    for (const ref of [q, m]) {
      expect(posts.find((p) => p.id === ref.uri)).toMatchObject({ quoteOfId: quoted.uri, quoteOfAuthorId: alice.did });
    }
    expect(posts.find((p) => p.id === m.uri)?.media.map((x) => x.alt)).toEqual(['green']);
  });

  it('builds a reply chain with a constant root and the previous part as parent', async () => {
    const root = await c.createPost({ rkey: nextTid(), text: 'thread 1/3', createdAt: now() });
    const r1 = await c.createPost({ rkey: nextTid(), text: 'thread 2/3', createdAt: now(), reply: { root, parent: root } });
    const r2 = await c.createPost({ rkey: nextTid(), text: 'thread 3/3', createdAt: now(), reply: { root, parent: r1 } });
    const v2 = (await getRecordDirect(pds.url, alice.did, r2.uri.split('/').pop()!))?.value as any;
    expect(v2.reply).toEqual({ root: { uri: root.uri, cid: root.cid }, parent: { uri: r1.uri, cid: r1.cid } });
    const posts = (await c.listOwnPosts()).posts;
    expect(posts.find((p) => p.id === r2.uri)).toMatchObject({ kind: 'post', inReplyToId: r1.uri, inReplyToAuthorId: alice.did, conversationId: root.uri });
    expect(posts.find((p) => p.id === root.uri)).toMatchObject({ kind: 'post', inReplyToId: null, conversationId: root.uri });
  });

  it('creates one record when the same draft is posted twice; the second says created=false', async () => {
    const draft: BskyPostDraft = { rkey: nextTid(), text: 'only once', createdAt: now() };
    const first = await c.createPost(draft);
    const second = await c.createPost(draft);
    expect(first.created).toBe(true);
    expect(second).toEqual({ uri: first.uri, cid: first.cid, created: false });
    expect((await listAllPosts(pds.url, alice.did)).filter((r) => r.uri === first.uri)).toHaveLength(1);
  });

  it('refuses to treat a different post under the same key as done', async () => {
    const rkey = nextTid();
    await c.createPost({ rkey, text: 'original text', createdAt: now() });
    const e = (await c.createPost({ rkey, text: 'another text', createdAt: now() }).catch((err) => err)) as AppError;
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe(ErrorCode.Conflict);
    expect((await getRecordDirect(pds.url, alice.did, rkey))?.value.text).toBe('original text');
  });

  it('accepts a backdated createdAt with a TID key years in the past', async () => {
    const when = Date.UTC(2014, 4, 6, 7, 8, 9, 123);
    const rkey = tidFromTimestamp(when, 7);
    const ref = await c.createPost({ rkey, text: 'from the archive', createdAt: new Date(when).toISOString() });
    expect(ref.uri).toBe(postUri(alice.did, rkey));
    const stored = await getRecordDirect(pds.url, alice.did, rkey);
    expect(stored?.value.createdAt).toBe('2014-05-06T07:08:09.123Z');
    expect((await c.listOwnPosts()).posts.find((p) => p.id === ref.uri)?.createdAt).toBe(when);
  });

  it('rejects a bad draft before any request, naming the field', async () => {
    const before = w.caller.calls.length;
    await expect(c.createPost({ rkey: 'not-a-tid', text: 'x', createdAt: now() })).rejects.toMatchObject({ code: ErrorCode.InvalidInput, message: expect.stringContaining('rkey') });
    await expect(c.createPost({ rkey: nextTid(), text: 'x'.repeat(301), createdAt: now() })).rejects.toMatchObject({ message: expect.stringContaining('301 graphemes') });
    await expect(c.createPost({ rkey: nextTid(), text: 'ab', createdAt: now(), facets: [{ index: { byteStart: 0, byteEnd: 9 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'x' }] }] })).rejects.toMatchObject({ message: expect.stringContaining('facets.0') });
    await expect(c.createPost({ rkey: nextTid(), text: 'x', createdAt: '2024-01-01 10:00' })).rejects.toMatchObject({ message: expect.stringContaining('createdAt') });
    expect(w.caller.calls.length).toBe(before);
  });
});

describe('getPost and deletePost', () => {
  it('deletes once, then reports already_gone', async () => {
    const ref = await c.createPost({ rkey: nextTid(), text: 'to be deleted', createdAt: now() });
    const rkey = ref.uri.split('/').pop()!;
    expect(await c.getPost(rkey)).toMatchObject({ uri: ref.uri, cid: ref.cid, value: { text: 'to be deleted' } });
    expect(await c.deletePost(ref.uri)).toBe('deleted');
    expect(await getRecordDirect(pds.url, alice.did, rkey)).toBeNull();
    expect(await c.deletePost(rkey)).toBe('already_gone');
    expect(await c.getPost(rkey)).toBeNull();
  });
  it('refuses to delete someone else\'s post', async () => {
    await expect(c.deletePost('at://did:plc:someoneelse/app.bsky.feed.post/3jzfcijpj2z2a')).rejects.toMatchObject({ code: ErrorCode.InvalidInput });
  });
});

describe('describeLimits', () => {
  it('states the Bluesky limits', () => {
    expect(c.describeLimits()).toEqual({ maxGraphemes: 300, maxImageBytes: 1_000_000, maxImages: 4 });
  });
});
