import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cidForLex } from '@atproto/lex-cbor';
import { jsonToLex } from '@atproto/lex-json';
import { base32Decode, base32Encode, cidForRecord, encodeDagCbor } from '../../../../src-main/connectors/bluesky/dagCbor';

const corpus = path.resolve(process.cwd(), '../shared/corpus/bluesky-records');
const readJson = (rel: string): any => JSON.parse(readFileSync(path.join(corpus, rel), 'utf8'));

interface Rec {
  uri: string;
  cid: string;
  value: Record<string, unknown>;
}

const captured: Rec[] = readJson('indigo-automod-capture/capture_atprotocom.json').postRecords;
const marshal: Rec[] = [readJson('marshalx-python-sdk-testdata/post_record.json'), readJson('marshalx-python-sdk-testdata/extended_post_record.json')];

/**
 * The indigo capture was re-serialised by a Go program that dropped optional `$type` fields of
 * facets (and embeds), so these four values no longer hash to their recorded CIDs with any encoder:
 * @atproto/lex-cbor gives the same CID as ours for them (checked below), and 3kdrlslade72m matches
 * its recorded CID again once `$type: app.bsky.richtext.facet` is put back on its facets.
 */
const LOSSY_CAPTURE = new Set(['3kfqkmk5kpv2o', '3kfqkkjdkic2e', '3kdrlslade72m', '3kblbjgnevy25']);
const all = [...captured, ...marshal];
const rkeyOf = (r: Rec) => r.uri.split('/').pop() as string;

describe('cidForRecord on real records (corpus)', () => {
  it('has real records to check', () => {
    expect(all.filter((r) => !LOSSY_CAPTURE.has(rkeyOf(r))).length).toBeGreaterThan(15);
  });
  it.each(all.filter((r) => !LOSSY_CAPTURE.has(rkeyOf(r))).map((r) => [r.uri, r] as const))('%s hashes to its CID', (_uri, rec) => {
    expect(cidForRecord(rec.value)).toBe(rec.cid);
  });
  it.skip.each([...LOSSY_CAPTURE])('%s: skipped, the capture dropped fields so its recorded CID cannot match', () => {});
  it.each(all.filter((r) => LOSSY_CAPTURE.has(rkeyOf(r))).map((r) => [r.uri, r] as const))('%s agrees with @atproto/lex-cbor', async (_uri, rec) => {
    expect(cidForRecord(rec.value)).toBe((await cidForLex(jsonToLex(rec.value as never) as never)).toString());
  });
  it('3kdrlslade72m hashes to its recorded CID once the dropped facet $type is restored', () => {
    const rec = captured.find((r) => rkeyOf(r) === '3kdrlslade72m') as Rec;
    const restored = structuredClone(rec.value) as { facets: Record<string, unknown>[] };
    for (const f of restored.facets) f.$type = 'app.bsky.richtext.facet';
    expect(cidForRecord(restored)).toBe(rec.cid);
  });
});

const fixtures: { json: unknown; cbor_base64: string; cid: string }[] = JSON.parse(
  readFileSync(path.resolve(process.cwd(), '../shared/corpus/atproto-interop-tests/data-model/data-model-fixtures.json'), 'utf8'),
);

describe('encodeDagCbor on the atproto data-model fixtures', () => {
  it.each(fixtures.map((f, i) => [i, f] as const))('fixture %i: exact bytes and CID', (_i, f) => {
    expect(Buffer.from(encodeDagCbor(f.json)).toString('base64').replace(/=+$/, '')).toBe(f.cbor_base64);
    expect(cidForRecord(f.json)).toBe(f.cid);
  });
});

describe('encodeDagCbor', () => {
  it('matches @atproto/lex-cbor for a record with links, bytes, unicode and negative numbers', async () => {
    const value = {
      $type: 'app.bsky.feed.post',
      text: 'héllo 🌍 日本',
      createdAt: '2024-01-01T00:00:00.000Z',
      n: [-1, -24, -25, -256, -257, 0, 23, 24, 255, 256, 65535, 65536, 4294967296],
      bytes: { $bytes: 'AAEC/w' },
      ref: { $link: 'bafkreicgt2g7a3dtocucsdzfka2vbtqa56yll2bmpge2gk7f26ry4nn7ky' },
      nested: { zz: true, a: false, bb: null },
      long: 'x'.repeat(300),
    };
    const theirs = await cidForLex(jsonToLex(value) as never);
    expect(cidForRecord(value)).toBe(theirs.toString());
  });
  it('orders map keys by length first, then bytes', () => {
    const bytes = encodeDagCbor({ bb: 1, a: 2, c: 3 });
    // map(3): "a" 2, "c" 3, "bb" 1
    expect(Buffer.from(bytes).toString('hex')).toBe('a361610261630362626201');
  });
  it('rejects floats, which the atproto data model forbids', () => {
    expect(() => encodeDagCbor({ w: 1.5 })).toThrow(/only integers/);
  });
  it('drops undefined fields as JSON would', () => {
    expect(encodeDagCbor({ a: 1, b: undefined })).toEqual(encodeDagCbor({ a: 1 }));
  });
  it('round-trips base32 of every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
  });
});
