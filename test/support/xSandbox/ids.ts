/**
 * Identifiers shaped like X's: snowflake post/media ids, t.co links, flow tokens and timeline cursors
 * (thrift-encoded like the captured `DAAHCgAB…` cursors), plus RFC 6238 TOTP for the 2FA subtask.
 */
import { createHmac, randomBytes } from 'node:crypto';

const TWEPOCH = 1288834974657n;

export class SnowflakeIds {
  #last = 0n;

  /** Strictly increasing ids whose timestamp part is `ms`, like X's (id >> 22) + epoch. */
  next(ms: number): string {
    let id = (BigInt(Math.floor(ms)) - TWEPOCH) << 22n;
    if (id <= this.#last) id = this.#last + 1n;
    this.#last = id;
    return id.toString();
  }
}

export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + TWEPOCH);
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomCode(n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return s;
}

/** A t.co link: always 23 characters, like X's. */
export function tcoUrl(): string {
  return `https://t.co/${randomCode(10)}`;
}

/**
 * Timeline cursor in X's thrift layout (decoded from the captures): struct 7 { i64 1: sort index,
 * string 2: tweet id, i32 3: 1 = top / 2 = bottom } — base64url without padding.
 */
export function encodeCursor(sortIndex: bigint, tweetId: string, dir: 'top' | 'bottom'): string {
  const id = Buffer.from(tweetId, 'utf8');
  const buf = Buffer.alloc(3 + 3 + 8 + 3 + 4 + id.length + 3 + 4 + 2);
  let o = 0;
  o = buf.writeUInt8(0x0c, o);
  o = buf.writeUInt16BE(7, o);
  o = buf.writeUInt8(0x0a, o);
  o = buf.writeUInt16BE(1, o);
  o = buf.writeBigInt64BE(BigInt.asIntN(64, sortIndex), o);
  o = buf.writeUInt8(0x0b, o);
  o = buf.writeUInt16BE(2, o);
  o = buf.writeUInt32BE(id.length, o);
  o += id.copy(buf, o);
  o = buf.writeUInt8(0x08, o);
  o = buf.writeUInt16BE(3, o);
  o = buf.writeUInt32BE(dir === 'top' ? 1 : 2, o);
  buf.writeUInt16BE(0, o);
  return buf.toString('base64url');
}

export function flowToken(): string {
  return `g;${Date.now()}${randomCode(6)}:-${Date.now()}${randomCode(4)}`;
}

function base32Decode(s: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = s.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of clean) {
    const idx = alphabet.indexOf(c);
    if (idx < 0) throw new Error(`X sandbox: 2FA secret is not base32 (bad character "${c}").`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 (SHA-1, 6 digits, 30 s) as otpauth computes it for agent-twitter-client. */
export function totp(secret: string, ms: number, stepOffset = 0): string {
  const counter = BigInt(Math.floor(ms / 30_000) + stepOffset);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(counter);
  const h = createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const off = (h[h.length - 1] as number) & 0x0f;
  const bin = (h.readUInt32BE(off) & 0x7fffffff) % 1_000_000;
  return bin.toString().padStart(6, '0');
}
