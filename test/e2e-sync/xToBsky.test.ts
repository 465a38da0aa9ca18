import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphemeLength } from '../../src-shared/text/graphemes';
import { newPerson, startServers, type Person, type Servers } from '../support/syncWorld';
import type { ListedRecord } from '../support/pds';

type Rec = { text: string; createdAt: string; facets?: { index: { byteStart: number; byteEnd: number }; features: { $type: string; uri?: string; tag?: string; did?: string }[] }[]; reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } }; embed?: Record<string, any> };
const enc = new TextEncoder();
const bytes = (text: string, f: { index: { byteStart: number; byteEnd: number } }) => new TextDecoder().decode(enc.encode(text).slice(f.index.byteStart, f.index.byteEnd));
const val = (r: ListedRecord) => r.value as unknown as Rec;

let s: Servers;
let me: Person;
const ids: Record<string, string> = {};
let records: ListedRecord[] = [];
let firstRun: { code: number; out: string[]; err: string[] };
const t0 = Date.UTC(2026, 10, 1, 9, 0, 0);

function byText(start: string): ListedRecord {
  const r = records.find((x) => val(x).text.startsWith(start));
  if (!r) throw new Error(`no Bluesky record starting with ${JSON.stringify(start)}; have: ${records.map((x) => JSON.stringify(val(x).text.slice(0, 30))).join(', ')}`);
  return r;
}

beforeAll(async () => {
  s = await startServers();
  me = await newPerson(s, 'alice');
  s.sandbox.addAccount({ screenName: 'bobx', name: 'Bob' });
  const bobPost = s.sandbox.seedPost('bobx', { text: 'Bob says hi', createdAt: t0 - 3600_000 });
  let t = t0;
  const seed = (key: string, input: Parameters<XSandboxSeed>[1]) => (ids[key] = s.sandbox.seedPost(me.xName, { createdAt: (t += 60_000), ...input }).id);
  type XSandboxSeed = typeof s.sandbox.seedPost;
  seed('entities', { text: 'Tom & Jerry <3 > "quotes"' });
  seed('link', { text: 'Read this: https://example.com/articles/sync?lang=en&x=1 it is good' });
  seed('mention', { text: 'Thanks @bobx for the #TypeScript tips #café' });
  seed('t1', { text: 'Thread 1/4: starting a thread' });
  seed('t2', { text: 'Thread 2/4: second part', replyTo: ids.t1 });
  seed('t3', { text: 'Thread 3/4: third part', replyTo: ids.t2 });
  seed('t4', { text: 'Thread 4/4: the end', replyTo: ids.t3 });
  seed('replyOther', { text: '@bobx hello to you too', replyTo: bobPost.id });
  seed('retweet', { retweetOf: bobPost.id });
  seed('quoteOwn', { text: 'Quoting my own thread', quoteOf: ids.t1 });
  seed('quoteOther', { text: 'Quoting Bob', quoteOf: bobPost.id });
  seed('images', { text: 'Two photos', media: [{ alt: 'A red kite over the hills' }, { alt: 'The café at dawn' }] });
  seed('emoji', { text: `Family 👩‍👩‍👧‍👦 and flags 🇺🇦🇯🇵 in 東京 ${'ok 😀 '.repeat(30).trim()}` });
  seed('note', { text: `Long note. ${'This sentence makes the note longer than any single Bluesky post can be. '.repeat(7).trim()}` });
  firstRun = await me.cli(['sync', '--once', '--direction', 'x-to-bsky']);
  records = await me.bskyRecords();
}, 180_000);

afterAll(async () => {
  me?.cleanup();
  await s?.close();
});

describe('X → Bluesky against a real PDS and the X sandbox', () => {
  it('the run succeeds and reports what it did', () => {
    expect(firstRun.err.filter((l) => !l.startsWith('Note:'))).toEqual([]);
    expect(firstRun.code).toBe(0);
    expect(firstRun.out.join('\n')).toMatch(/X → Bluesky: ok/);
  });

  it('creates exactly the expected records: reply to others and retweet skipped, the note split in a chain', () => {
    // 12 posts copied (14 seeded minus the reply to Bob and the retweet); the note becomes 2 parts.
    const noteParts = records.filter((r) => val(r).text.includes('This sentence makes the note longer'));
    expect(noteParts.length).toBe(2);
    expect(records.length).toBe(11 + noteParts.length);
    expect(records.some((r) => val(r).text.includes('hello to you too'))).toBe(false);
    expect(records.some((r) => val(r).text.includes('Bob says hi'))).toBe(false);
  });

  it('HTML entities are decoded exactly once', () => {
    expect(val(byText('Tom')).text).toBe('Tom & Jerry <3 > "quotes"');
  });

  it('t.co links are expanded and get a link facet on the right bytes', () => {
    const r = val(byText('Read this'));
    expect(r.text).toBe('Read this: https://example.com/articles/sync?lang=en&x=1 it is good');
    const link = r.facets!.find((f) => f.features[0]!.$type === 'app.bsky.richtext.facet#link')!;
    expect(link.features[0]!.uri).toBe('https://example.com/articles/sync?lang=en&x=1');
    expect(bytes(r.text, link)).toBe('https://example.com/articles/sync?lang=en&x=1');
  });

  it('#hashtags become tag facets (also after é) and an X @mention stays plain text', () => {
    const r = val(byText('Thanks'));
    const tags = r.facets!.filter((f) => f.features[0]!.$type === 'app.bsky.richtext.facet#tag');
    expect(tags.map((f) => f.features[0]!.tag)).toEqual(['TypeScript', 'café']);
    expect(tags.map((f) => bytes(r.text, f))).toEqual(['#TypeScript', '#café']);
    expect(r.facets!.some((f) => f.features[0]!.$type === 'app.bsky.richtext.facet#mention')).toBe(false);
  });

  it('the 4-part self-thread keeps its shape: root constant, parent = previous part, in order', () => {
    const [p1, p2, p3, p4] = ['Thread 1/4', 'Thread 2/4', 'Thread 3/4', 'Thread 4/4'].map(byText);
    expect(val(p1!).reply).toBeUndefined();
    for (const [child, parent] of [[p2, p1], [p3, p2], [p4, p3]] as const) {
      expect(val(child!).reply!.root).toEqual({ uri: p1!.uri, cid: p1!.cid });
      expect(val(child!).reply!.parent).toEqual({ uri: parent!.uri, cid: parent!.cid });
    }
    expect(Date.parse(val(p1!).createdAt)).toBeLessThanOrEqual(Date.parse(val(p4!).createdAt));
  });

  it('a quote of an own synced post is a native quote; a quote of someone else is a link', () => {
    const own = val(byText('Quoting my own'));
    expect(own.embed?.$type).toBe('app.bsky.embed.record');
    expect(own.embed?.record.uri).toBe(byText('Thread 1/4').uri);
    const other = val(byText('Quoting Bob'));
    expect(other.embed).toBeUndefined();
    expect(other.text).toMatch(/^Quoting Bob\s+https:\/\/(x|twitter)\.com\/bobx\/status\/\d+$/);
  });

  it('images arrive as blobs with their alt text', () => {
    const r = val(byText('Two photos'));
    expect(r.embed?.$type).toBe('app.bsky.embed.images');
    expect(r.embed?.images.map((i: { alt: string }) => i.alt)).toEqual(['A red kite over the hills', 'The café at dawn']);
    for (const i of r.embed?.images) expect(i.image.size).toBeGreaterThan(0);
    expect(s.cdnHits.length).toBeGreaterThanOrEqual(2);
  });

  it('emoji/ZWJ/CJK text is kept whole and within 300 graphemes; a long note is split into a filled reply chain', () => {
    const e = val(byText('Family'));
    expect(e.text).toContain('👩‍👩‍👧‍👦');
    expect(graphemeLength(e.text)).toBeLessThanOrEqual(300);
    const parts = records.filter((r) => val(r).text.includes('This sentence makes the note')).sort((a, b) => (a.uri < b.uri ? -1 : 1));
    const [first, second] = val(parts[0]!).reply ? [parts[1]!, parts[0]!] : [parts[0]!, parts[1]!];
    expect(val(first).text.startsWith('Long note.')).toBe(true);
    // Minimal number of parts (≈520 graphemes → 2), the first one cut at a sentence end.
    expect(graphemeLength(val(first).text) + graphemeLength(val(second).text)).toBeGreaterThan(300);
    expect(val(first).text.endsWith('.')).toBe(true);
    expect(val(second).reply!.parent.uri).toBe(first.uri);
  });

  it('live sync uses the real time for createdAt, not the X post time', () => {
    const c = Date.parse(val(byText('Tom')).createdAt);
    expect(c).toBeGreaterThan(t0 + 3600_000 * 24);
  });

  it('a second run creates nothing', async () => {
    const again = await me.cli(['sync', '--once', '--direction', 'x-to-bsky']);
    expect(again.code).toBe(0);
    expect(again.out.join('\n')).toMatch(/created 0/);
    expect((await me.bskyRecords()).length).toBe(records.length);
  });
});
