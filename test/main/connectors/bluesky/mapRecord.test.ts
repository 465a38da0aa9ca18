/** Real records from the corpus → Post. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCreatedAt, recordToPost, type RecordContext } from '../../../../src-main/connectors/bluesky/mapRecord';
import type { Post } from '../../../../src-shared/domain/post';

const corpus = path.resolve(process.cwd(), '../shared/corpus/bluesky-records');
const readJson = (rel: string): any => JSON.parse(readFileSync(path.join(corpus, rel), 'utf8'));
const OWN = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz';
const ctx: RecordContext = { did: OWN, handle: 'atproto.com', service: 'https://pds.example' };
const captured: { uri: string; cid: string; value: unknown }[] = readJson('indigo-automod-capture/capture_atprotocom.json').postRecords;

function mapped(rkey: string): Post {
  const rec = captured.find((r) => r.uri.endsWith(`/${rkey}`));
  const res = recordToPost(rec!, ctx);
  if (!res.ok) throw new Error(res.reason);
  return res.post;
}

function docExample(file: string): Post {
  const res = recordToPost({ uri: `at://${OWN}/app.bsky.feed.post/3k4duaz5vfs2b`, cid: 'bafyreiexample', value: readJson(`bsky-docs-examples/${file}`) }, ctx);
  if (!res.ok) throw new Error(res.reason);
  return res.post;
}

describe('recordToPost on the indigo capture (atproto.com)', () => {
  it('maps every captured record', () => {
    for (const r of captured) expect(recordToPost(r, ctx).ok).toBe(true);
  });
  it('a reply to an own post is a self-thread continuation (kind post) with link card and lang', () => {
    const p = mapped('3kftldxbvq22p');
    expect(p).toMatchObject({
      platform: 'bsky',
      id: `at://${OWN}/app.bsky.feed.post/3kftldxbvq22p`,
      cid: 'bafyreih22okgdungwln2lwqt2kd4dd2ynzx3fyy3yefh5koocpizlngqfq',
      kind: 'post',
      inReplyToId: `at://${OWN}/app.bsky.feed.post/3kftlbujmfk24`,
      inReplyToAuthorId: OWN,
      conversationId: `at://${OWN}/app.bsky.feed.post/3kftlbujmfk24`,
      lang: 'en',
      createdAt: Date.UTC(2023, 11, 6, 0, 21, 7, 723),
      metrics: { likes: 0, reposts: 0, replies: 0, quotes: 0 },
      source: 'live',
    });
    expect(p.links).toEqual([{ url: 'https://github.com/bluesky-social/atproto/discussions/1933' }]);
  });
  it('a reply to another account is a reply', () => {
    const p = mapped('3kbg4ksc3in2n');
    expect(p).toMatchObject({ kind: 'reply', inReplyToAuthorId: 'did:plc:cipv3arp27zug6ugyk7fv76o', conversationId: `at://${OWN}/app.bsky.feed.post/3kbg3t7ypo52j` });
    expect(p.links).toEqual([{ url: 'https://status.skyfeed.xyz/', display: 'status.skyfeed.xyz' }]);
  });
  it('reads link and mention facets by UTF-8 byte range', () => {
    const p = mapped('3kfqkmk5kpv2o');
    expect(p.links).toEqual([{ url: 'https://github.com/snarfed/bridgy-fed', display: 'github.com/snarfed/brid...' }]);
    expect(p.mentions).toEqual([{ handle: 'snarfed.org', id: 'did:plc:fdme4gb7mu7zrie7peay7tst' }]);
  });
  it('a record embed of another account\'s post is a quote with its URL', () => {
    const p = mapped('3kblbjgnevy25');
    expect(p).toMatchObject({
      kind: 'post',
      quoteOfId: 'at://did:plc:p2cp5gopk7mgjegy6wadk3ep/app.bsky.feed.post/3kbl67fqu4k2t',
      quoteOfAuthorId: 'did:plc:p2cp5gopk7mgjegy6wadk3ep',
      quoteOfUrl: 'https://bsky.app/profile/did:plc:p2cp5gopk7mgjegy6wadk3ep/post/3kbl67fqu4k2t',
    });
    expect(p.mentions).toEqual([{ handle: 'graysky.app', id: 'did:plc:sq6aa2wa32tiiqrbub64vcja' }]);
    expect(p.links.map((l) => l.display)).toEqual(['github.com/mozzius/gray...', 'atproto.com/community/pr...']);
  });
});

describe('recordToPost on the Bluesky docs examples', () => {
  it('images keep alt, aspect ratio, mime type and blob CID', () => {
    const p = docExample('docs__advanced-guides__posts__07.json');
    expect(p.media).toEqual([
      { kind: 'photo', alt: 'brief alt text description of the first image', width: 1280, height: 760, mimeType: 'image/webp', remoteId: 'bafkreibabalobzn6cd366ukcsjycp4yymjymgfxcv6xczmlgpemzkz3cfa', url: `https://pds.example/xrpc/com.atproto.sync.getBlob?did=${encodeURIComponent(OWN)}&cid=bafkreibabalobzn6cd366ukcsjycp4yymjymgfxcv6xczmlgpemzkz3cfa` },
      { kind: 'photo', alt: 'brief alt text description of the second image', width: 500, height: 300, mimeType: 'image/png', remoteId: 'bafkreif3fouono2i3fmm5moqypwskh3yjtp7snd5hfq5pr453oggygyrte', url: `https://pds.example/xrpc/com.atproto.sync.getBlob?did=${encodeURIComponent(OWN)}&cid=bafkreif3fouono2i3fmm5moqypwskh3yjtp7snd5hfq5pr453oggygyrte` },
    ]);
  });
  it('facets after emoji and ZWJ sequences land on the right text', () => {
    const p = docExample('docs__advanced-guides__posts__04.json');
    expect(p.mentions).toEqual([{ handle: 'atproto.com', id: OWN }]);
    expect(p.links).toEqual([{ url: 'https://en.wikipedia.org/wiki/CBOR', display: 'https://en.wikipedia.org/wiki/CBOR' }]);
  });
  it('langs: the first one is the post language', () => {
    expect(docExample('docs__advanced-guides__posts__03.json').lang).toBe('th');
  });
});

describe('recordToPost edge cases', () => {
  it('reads a createdAt without a zone as UTC (some clients wrote that)', () => {
    const rec = readJson('marshalx-python-sdk-testdata/extended_post_record.json');
    const res = recordToPost(rec, { ...ctx, did: 'did:plc:kvwvcn5iqfooopmyzvb4qzba' });
    expect(res.ok && res.post.createdAt).toBe(Date.UTC(2023, 6, 21, 1, 33, 51, 481));
    expect(parseCreatedAt('2024-02-22T19:58:13.903293+00:00')).toBe(Date.UTC(2024, 1, 22, 19, 58, 13, 903));
  });
  it('hashtags come from tag facets and the record\'s tags, once each', () => {
    const text = 'hi #one';
    const res = recordToPost(
      { uri: `at://${OWN}/app.bsky.feed.post/3k4duaz5vfs2b`, cid: 'bafy', value: { text, createdAt: '2024-01-01T00:00:00Z', facets: [{ index: { byteStart: 3, byteEnd: 7 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'one' }] }], tags: ['one', 'two'] } },
      ctx,
    );
    expect(res.ok && res.post.hashtags).toEqual(['one', 'two']);
  });
  it('a record without text is reported, not thrown', () => {
    const res = recordToPost({ uri: `at://${OWN}/app.bsky.feed.post/x`, cid: 'bafy', value: { createdAt: '2024-01-01T00:00:00Z' } }, ctx);
    expect(res).toMatchObject({ ok: false, reason: expect.stringContaining('text') });
  });
});
