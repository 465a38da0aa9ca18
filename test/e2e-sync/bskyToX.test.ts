import { AtpAgent, RichText } from '@atproto/api';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xWeightedLength } from '../../src-shared/text/xLength';
import { newPerson, startServers, type Person, type Servers } from '../support/syncWorld';

let s: Servers;
let me: Person;
let agent: AtpAgent;
let before: number;
const enc = new TextEncoder();

async function post(record: Record<string, unknown>) {
  const r = await agent.com.atproto.repo.createRecord({ repo: agent.session!.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', createdAt: new Date().toISOString(), ...record } });
  return { uri: r.data.uri, cid: r.data.cid };
}

beforeAll(async () => {
  s = await startServers();
  me = await newPerson(s, 'carol');
  // First run links the accounts and copies nothing (both sides empty).
  expect((await me.cli(['sync', '--once'])).code).toBe(0);
  agent = new AtpAgent({ service: s.pds.url });
  await agent.login({ identifier: me.bsky.handle, password: me.bsky.password });
  await post({ text: '😀 '.repeat(150).trim() });
  const root = await post({ text: 'A thread on Bluesky, part one' });
  await post({ text: 'and part two of it', reply: { root, parent: root } });
  const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 10, g: 200, b: 90 } } }).png().toBuffer();
  const blob = await agent.uploadBlob(png, { encoding: 'image/png' });
  await post({ text: 'A green picture', embed: { $type: 'app.bsky.embed.images', images: [{ image: blob.data.blob, alt: 'A flat green rectangle', aspectRatio: { width: 320, height: 200 } }] } });
  const shown = 'see example.com/very/lo… for more';
  const start = enc.encode('see ').length;
  await post({ text: shown, facets: [{ index: { byteStart: start, byteEnd: start + enc.encode('example.com/very/lo…').length }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/very/long/path?q=1' }] }] });
  const rt = new RichText({ text: 'Tagged #bluesky post' });
  rt.detectFacetsWithoutResolution();
  await post({ text: rt.text, facets: rt.facets });
  before = (await me.bskyRecords()).length;
  const run = await me.cli(['sync', '--once', '--direction', 'bsky-to-x']);
  expect(run.err.filter((l) => !l.startsWith('Note:'))).toEqual([]);
  expect(run.code).toBe(0);
}, 180_000);

afterAll(async () => {
  me?.cleanup();
  await s?.close();
});

describe('Bluesky → X against a real PDS and the X sandbox', () => {
  it('every tweet is within 280 weighted characters; the 300-grapheme emoji post becomes a 2-part chain', () => {
    const tweets = me.xPosts();
    for (const t of tweets) expect(xWeightedLength(t.text)).toBeLessThanOrEqual(280);
    const emoji = tweets.filter((t) => t.text.startsWith('😀')).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    expect(emoji.length).toBe(2);
    expect(emoji[1]!.inReplyToId).toBe(emoji[0]!.id);
    expect([...emoji.map((t) => t.text).join(' ').matchAll(/😀/g)].length).toBe(150);
  });

  it('the self-thread arrives as a reply chain in order', () => {
    const tweets = me.xPosts();
    const one = tweets.find((t) => t.text === 'A thread on Bluesky, part one')!;
    const two = tweets.find((t) => t.text === 'and part two of it')!;
    expect(two.inReplyToId).toBe(one.id);
    expect(BigInt(two.id) > BigInt(one.id)).toBe(true);
  });

  it('the image is uploaded with its alt text', () => {
    const pic = me.xPosts().find((t) => t.text.startsWith('A green picture'))!;
    expect(pic.media).toHaveLength(1);
    expect(pic.media[0]!.ext_alt_text).toBe('A flat green rectangle');
  });

  it('shortened link facets are expanded back to the full URL', () => {
    const t = me.xPosts().find((x) => x.text.startsWith('see '))!;
    expect(t.text).toBe('see https://example.com/very/long/path?q=1 for more');
  });

  it('creates one tweet per part and nothing else', () => {
    expect(me.xPosts().length).toBe(2 + 2 + 1 + 1 + 1);
  });

  it('the next X → Bluesky run does not bring the copies back (no loop), and a full run changes nothing', async () => {
    const back = await me.cli(['sync', '--once', '--direction', 'x-to-bsky']);
    expect(back.code).toBe(0);
    expect((await me.bskyRecords()).length).toBe(before);
    const xCount = me.xPosts().length;
    const both = await me.cli(['sync', '--once']);
    expect(both.code).toBe(0);
    expect(both.out.join('\n')).not.toMatch(/created [1-9]/);
    expect(me.xPosts().length).toBe(xCount);
    expect((await me.bskyRecords()).length).toBe(before);
  });
});
