/**
 * AES-256-GCM primitives for the vault (SPEC §7): random 12-byte IV per write, 16-byte tag,
 * caller-supplied associated data. Failures throw AppError with a message for a person; the
 * underlying OpenSSL error ("Unsupported state or unable to authenticate data") is kept as cause only.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError, ErrorCode } from '../../src-shared/errors';

export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface Sealed {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

export function assertKey(key: Buffer, what = 'vault key'): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new AppError(ErrorCode.InvalidInput, `The ${what} must be exactly ${KEY_BYTES} bytes; got ${Buffer.isBuffer(key) ? key.length : typeof key}.`);
  }
}

export function seal(key: Buffer, plaintext: Buffer, aad: Buffer, random: (n: number) => Buffer = randomBytes): Sealed {
  assertKey(key);
  const iv = random(IV_BYTES);
  if (iv.length !== IV_BYTES) throw new AppError(ErrorCode.Internal, `The random source returned ${iv.length} bytes for an IV; ${IV_BYTES} are needed.`);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

/** Returns null when authentication fails (wrong key, or any bit of iv/tag/ciphertext/aad changed). */
export function tryOpen(key: Buffer, sealed: Sealed, aad: Buffer): Buffer | null {
  assertKey(key);
  if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    // GCM reports every authentication failure the same way; the caller turns null into a
    // specific AppError (wrong key vs tampered row) because only it knows which one applies.
    return null;
  }
}

/** Compact text form for vault_meta: base64(iv | tag | ciphertext). */
export function packSealed(s: Sealed): string {
  return Buffer.concat([s.iv, s.tag, s.ciphertext]).toString('base64');
}

export function unpackSealed(text: string): Sealed {
  const buf = Buffer.from(text, 'base64');
  if (buf.length < IV_BYTES + TAG_BYTES) throw new AppError(ErrorCode.VaultCorrupt, 'A sealed value in vault_meta is truncated; the vault metadata is damaged. Restore the database from a backup or reset the vault.');
  return { iv: buf.subarray(0, IV_BYTES), tag: buf.subarray(IV_BYTES, IV_BYTES + TAG_BYTES), ciphertext: buf.subarray(IV_BYTES + TAG_BYTES) };
}

const CHECK_AAD = Buffer.from('chirpsyncer/vault/key-check/v1');
const CHECK_PLAINTEXT = Buffer.from('chirpsyncer key check v1');

/** An encryption of a constant under the key: lets us detect a wrong key before touching any row. */
export function makeKeyCheck(key: Buffer, random?: (n: number) => Buffer): string {
  return packSealed(seal(key, CHECK_PLAINTEXT, CHECK_AAD, random));
}

export function keyMatchesCheck(key: Buffer, check: string): boolean {
  const out = tryOpen(key, unpackSealed(check), CHECK_AAD);
  return out !== null && out.length === CHECK_PLAINTEXT.length && timingSafeEqual(out, CHECK_PLAINTEXT);
}

/** Tokens are high-entropy random values, so one SHA-256 is the right hash (bcrypt is for passwords). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(random: (n: number) => Buffer = randomBytes): string {
  return random(32).toString('base64url');
}
