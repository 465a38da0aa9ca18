/**
 * DAG-CBOR encoding and CIDs of atproto records, computed locally.
 *
 * Why our own: a reply needs its parent's CID before the parent is written, so a whole thread can go
 * into one `applyWrites` batch (PLATFORM.md). The libraries that do this (@atproto/lex-cbor,
 * @ipld/dag-cbor) are only dev dependencies here, and the atproto data model subset is small:
 * null, booleans, integers, strings, bytes, arrays, maps with string keys and CID links — no floats.
 * Records are taken in their JSON form (`{ $link }` for CIDs, `{ $bytes }` for bytes), the form
 * the PDS receives; a test checks the result against CIDs the PDS returns and the corpus.
 */
import { createHash } from 'node:crypto';

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
const CODEC_DAG_CBOR = 0x71;
const HASH_SHA256 = 0x12;

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buf = 0;
  let bits = 0;
  for (const b of bytes) {
    buf = ((buf << 8) | b) & 0xffff; // at most 12 live bits; the mask keeps it from overflowing
    bits += 8;
    while (bits >= 5) {
      out += B32[(buf >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(buf << (5 - bits)) & 31];
  return out;
}

export function base32Decode(s: string): Uint8Array {
  const out: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of s) {
    const v = B32.indexOf(ch);
    if (v < 0) throw new Error(`invalid base32 character "${ch}"`);
    buf = ((buf << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((buf >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** Bytes of a CIDv1 string in base32 (`b…`), the only form atproto records use. */
export function cidToBytes(cid: string): Uint8Array {
  if (!/^b[a-z2-7]{8,}$/.test(cid)) throw new Error(`"${cid}" is not a base32 CIDv1 string`);
  const bytes = base32Decode(cid.slice(1));
  if (bytes[0] !== 0x01) throw new Error(`"${cid}" is not a version-1 CID`);
  return bytes;
}

class Writer {
  readonly parts: Uint8Array[] = [];
  push(bytes: Uint8Array | number[]): void {
    this.parts.push(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
  }
  head(major: number, n: number | bigint): void {
    const m = major << 5;
    const v = BigInt(n);
    if (v < 24n) this.push([m | Number(v)]);
    else if (v < 0x100n) this.push([m | 24, Number(v)]);
    else if (v < 0x10000n) this.push([m | 25, Number(v >> 8n), Number(v & 0xffn)]);
    else if (v < 0x100000000n) this.push([m | 26, ...beBytes(v, 4)]);
    else this.push([m | 27, ...beBytes(v, 8)]);
  }
  concat(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

function beBytes(v: bigint, n: number): number[] {
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(Number((v >> BigInt(i * 8)) & 0xffn));
  return out;
}

const utf8 = new TextEncoder();

function compareKeys(a: Uint8Array, b: Uint8Array): number {
  // DAG-CBOR's canonical order: shorter encoded key first, then bytewise.
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

function encodeValue(w: Writer, value: unknown, path: string): void {
  if (value === null) return w.push([0xf6]);
  if (value === true) return w.push([0xf5]);
  if (value === false) return w.push([0xf4]);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`${path}: atproto records allow only integers, got ${value}`);
    return value >= 0 ? w.head(0, value) : w.head(1, -1 - value);
  }
  if (typeof value === 'string') {
    const b = utf8.encode(value);
    w.head(3, b.length);
    return w.push(b);
  }
  if (value instanceof Uint8Array) {
    w.head(2, value.length);
    return w.push(value);
  }
  if (Array.isArray(value)) {
    w.head(4, value.length);
    value.forEach((v, i) => encodeValue(w, v, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object') return encodeObject(w, value as Record<string, unknown>, path);
  throw new Error(`${path}: cannot encode a ${typeof value} in an atproto record`);
}

function encodeObject(w: Writer, obj: Record<string, unknown>, path: string): void {
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  if (keys.length === 1 && keys[0] === '$link' && typeof obj.$link === 'string') {
    const cid = cidToBytes(obj.$link);
    w.push([0xd8, 42]); // tag 42 = CID link; its bytes start with the 0x00 multibase prefix
    w.head(2, cid.length + 1);
    w.push([0x00]);
    return w.push(cid);
  }
  if (keys.length === 1 && keys[0] === '$bytes' && typeof obj.$bytes === 'string') {
    return encodeValue(w, Uint8Array.from(Buffer.from(obj.$bytes, 'base64')), path);
  }
  const entries = keys.map((k) => ({ k, kb: utf8.encode(k) })).sort((a, b) => compareKeys(a.kb, b.kb));
  w.head(5, entries.length);
  for (const { k, kb } of entries) {
    w.head(3, kb.length);
    w.push(kb);
    encodeValue(w, obj[k], `${path}.${k}`);
  }
}

/** DAG-CBOR bytes of a record in its JSON form. Throws on values outside the atproto data model. */
export function encodeDagCbor(value: unknown): Uint8Array {
  const w = new Writer();
  encodeValue(w, value, '$');
  return w.concat();
}

/** CIDv1 (dag-cbor, sha2-256) of a record in JSON form, as the base32 string the PDS returns. */
export function cidForRecord(record: unknown): string {
  const digest = createHash('sha256').update(encodeDagCbor(record)).digest();
  const bytes = Buffer.concat([Uint8Array.from([0x01, CODEC_DAG_CBOR, HASH_SHA256, digest.length]), digest]);
  return 'b' + base32Encode(bytes);
}
