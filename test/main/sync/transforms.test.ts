import { describe, expect, it } from 'vitest';
import { transformXToBsky } from '../../../src-main/sync/transformXToBsky';
import { transformBskyToX, clampAlt } from '../../../src-main/sync/transformBskyToX';
import { xWeightedLength } from '../../../src-shared/text/xLength';
import { xPost } from '../../support/posts';

const enc = new TextEncoder();
const slice = (text: string, f: { index: { byteStart: number; byteEnd: number } }) =>
  new TextDecoder().decode(enc.encode(text).slice(f.index.byteStart, f.index.byteEnd));
const settings = { splitPolicy: 'split' as const, mentionMappings: {}, backdate: false };
const NOW = Date.UTC(2026, 5, 1, 12);

describe('transformXToBsky', () => {
  it('link and tag facets land on the right UTF-8 bytes after é, £, emoji and CJK', () => {
    const p = xPost('1', 'Café £5 👩‍👩‍👧 東京 #Tokyo see https://example.com/é?q=1');
    const [part] = transformXToBsky(p, { settings, now: NOW, quoteIsOwnSynced: false });
    const facets = part!.facets as { index: { byteStart: number; byteEnd: number }; features: { $type: string; tag?: string; uri?: string }[] }[];
    const tag = facets.find((f) => f.features[0]!.$type.endsWith('#tag'))!;
    const link = facets.find((f) => f.features[0]!.$type.endsWith('#link'))!;
    expect(slice(part!.text, tag)).toBe('#Tokyo');
    expect(tag.features[0]!.tag).toBe('Tokyo');
    expect(slice(part!.text, link)).toBe('https://example.com/é?q=1');
  });

  it('an X @handle stays plain text unless a DID mapping is configured', () => {
    const p = xPost('1', 'thanks @bob for this');
    const [plain] = transformXToBsky(p, { settings, now: NOW, quoteIsOwnSynced: false });
    expect((plain!.facets ?? []).some((f) => JSON.stringify(f).includes('mention'))).toBe(false);
    const mapped = transformXToBsky(p, { settings: { ...settings, mentionMappings: { bob: 'did:plc:bobbobbobbobbobbobbobbob' } }, now: NOW, quoteIsOwnSynced: false })[0]!;
    const m = (mapped.facets as { index: { byteStart: number; byteEnd: number }; features: { $type: string; did?: string }[] }[]).find((f) => f.features[0]!.$type.endsWith('#mention'));
    expect(m?.features[0]!.did).toBe('did:plc:bobbobbobbobbobbobbobbob');
    expect(slice(mapped.text, m!)).toBe('@bob');
  });

  it('live sync uses the real time; backdating keeps the source time', () => {
    const p = xPost('1', 'hello');
    expect(transformXToBsky(p, { settings, now: NOW, quoteIsOwnSynced: false })[0]!.createdAt).toBe(new Date(NOW).toISOString());
    expect(transformXToBsky(p, { settings: { ...settings, backdate: true }, now: NOW, quoteIsOwnSynced: false })[0]!.createdAt).toBe(new Date(p.createdAt).toISOString());
  });

  it('images (up to 4) with alt text go on the first part only', () => {
    const media = Array.from({ length: 5 }, (_, i) => ({ kind: 'photo' as const, url: `https://pbs.twimg.com/${i}.jpg`, alt: `alt ${i}` }));
    const parts = transformXToBsky(xPost('1', 'x '.repeat(400), { media }), { settings, now: NOW, quoteIsOwnSynced: false });
    expect(parts[0]!.media.map((m) => m.alt)).toEqual(['alt 0', 'alt 1', 'alt 2', 'alt 3']);
    expect(parts.slice(1).every((p) => p.media.length === 0)).toBe(true);
  });
});

describe('transformBskyToX', () => {
  it('expands shortened link facets back to the full URL and splits into ≤ 280 weighted parts', () => {
    const text = `${'🙂 '.repeat(150).trim()} more at example.com/very/lo…`;
    const byteStart = enc.encode(text).length - enc.encode('example.com/very/lo…').length;
    const raw = { text, facets: [{ index: { byteStart, byteEnd: enc.encode(text).length }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/very/long/path' }] }] };
    const p = xPost('1', text, { platform: 'bsky', id: 'at://did:plc:abc/app.bsky.feed.post/3k', raw: { uri: 'at://did:plc:abc/app.bsky.feed.post/3k', cid: 'bafy', value: raw } });
    const parts = transformBskyToX(p, { splitPolicy: 'split', now: NOW, quoteIsOwnSynced: false });
    expect(parts.length).toBe(2);
    for (const part of parts) expect(xWeightedLength(part.text)).toBeLessThanOrEqual(280);
    expect(parts.map((x) => x.text).join(' ')).toContain('https://example.com/very/long/path');
  });

  it('cuts alt text to X\'s 1000 characters instead of dropping it', () => {
    const alt = 'word '.repeat(300);
    const c = clampAlt(alt)!;
    expect([...c].length).toBeLessThanOrEqual(1000);
    expect(c.endsWith('…')).toBe(true);
    expect(clampAlt('short')).toBe('short');
    expect(clampAlt(null)).toBeNull();
  });
});
