/**
 * Passphrase backend for machines without a keychain. The random master key is wrapped
 * (AES-256-GCM) under a key derived from the passphrase with scrypt; salt and N/r/p are stored in
 * vault_meta next to the wrapped key. Wrapping (instead of using the scrypt output as the master key)
 * lets every backend share one `set(key)` contract and lets rotation move a key between backends.
 */
import { randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { assertKey, KEY_BYTES, packSealed, seal, tryOpen, unpackSealed } from './crypto';
import type { KeyStore, KeyStoreDescription, MetaStore } from './KeyStore';
import { assertPasswordPolicy } from './passwordPolicy';

/** One meta row holds salt, N/r/p and the wrapped key together, so they can never be half-written. */
export const PASSPHRASE_META_KEY = 'passphrase_key';
const WRAP_AAD = Buffer.from('chirpsyncer/vault/passphrase-wrap/v1');

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
/** OWASP's scrypt floor (N=2^17 is their first choice; 2^15 keeps an unlock near 100 ms on a 2-core box). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

// Bounds on stored parameters so a damaged row cannot make us allocate gigabytes.
const kdfSchema = z.object({
  alg: z.literal('scrypt'),
  salt: z.string().min(16),
  N: z.number().int().min(2 ** 10).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  wrapped: z.string().min(40),
});

function scrypt(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const opts: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(passphrase.normalize('NFC'), salt, KEY_BYTES, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export class PassphraseKeyStore implements KeyStore {
  #passphrase: string;
  #meta: MetaStore;
  #params: ScryptParams;

  constructor(opts: { passphrase: string; meta: MetaStore; params?: ScryptParams }) {
    if (typeof opts.passphrase !== 'string' || opts.passphrase.length === 0) {
      throw new AppError(ErrorCode.InvalidInput, 'A vault passphrase is required for the passphrase key store.', { field: 'passphrase' });
    }
    this.#passphrase = opts.passphrase;
    this.#meta = opts.meta;
    this.#params = opts.params ?? DEFAULT_SCRYPT;
  }

  async get(): Promise<Buffer | null> {
    const kdfText = this.#meta.getMeta(PASSPHRASE_META_KEY);
    if (kdfText === null) return null;
    let kdf: z.infer<typeof kdfSchema>;
    try {
      kdf = kdfSchema.parse(JSON.parse(kdfText));
    } catch (e) {
      throw corrupt('the stored scrypt parameters or wrapped key are not valid', e);
    }
    const kek = await scrypt(this.#passphrase, Buffer.from(kdf.salt, 'base64'), kdf);
    const key = tryOpen(kek, unpackSealed(kdf.wrapped), WRAP_AAD);
    if (!key || key.length !== KEY_BYTES) {
      throw new AppError(
        ErrorCode.VaultLocked,
        'The vault passphrase is wrong. Type it again (it is case-sensitive). If it is lost, the stored credentials cannot be recovered: reset the vault and add the accounts again.',
        { backend: 'passphrase', reason: 'wrong_passphrase' },
      );
    }
    return key;
  }

  async set(key: Buffer): Promise<void> {
    assertKey(key);
    // Policy applies when a passphrase starts protecting a key, not when an existing one is typed.
    assertPasswordPolicy(this.#passphrase, 'vault passphrase');
    const salt = randomBytes(16);
    const kek = await scrypt(this.#passphrase, salt, this.#params);
    const wrapped = packSealed(seal(kek, key, WRAP_AAD));
    this.#meta.setMeta(PASSPHRASE_META_KEY, JSON.stringify({ alg: 'scrypt', salt: salt.toString('base64'), ...this.#params, wrapped }));
  }

  async delete(): Promise<void> {
    this.#meta.deleteMeta(PASSPHRASE_META_KEY);
  }

  describe(): KeyStoreDescription {
    return { backend: 'passphrase', label: 'vault passphrase (scrypt)', writable: true };
  }
}

function corrupt(what: string, cause?: unknown): AppError {
  return new AppError(
    ErrorCode.VaultCorrupt,
    `The passphrase-protected vault key cannot be read: ${what}. Restore the database from a backup, or reset the vault and add the accounts again.`,
    { backend: 'passphrase' },
    { cause },
  );
}
