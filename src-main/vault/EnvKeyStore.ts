/**
 * Master key from `ENCRYPTION_KEY` for headless runs (SPEC §11): 32 bytes as base64 (44 chars with
 * padding, or 43 url-safe without) or hex (64 chars). Anything else is refused with a message that
 * names the variable and shows how to make a valid key — never truncated or padded into one.
 */
import { AppError, ErrorCode } from '../../src-shared/errors';
import { KEY_BYTES } from './crypto';
import type { KeyStore, KeyStoreDescription } from './KeyStore';

export const ENV_KEY_VAR = 'ENCRYPTION_KEY';
const HOW_TO = 'Generate one with `openssl rand -base64 32` (or `openssl rand -hex 32`).';

export function parseEncryptionKey(raw: string, varName = ENV_KEY_VAR): Buffer {
  const text = raw.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(text)) key = Buffer.from(text, 'hex');
  else if (/^[A-Za-z0-9+/]{43}=$/.test(text) || /^[A-Za-z0-9_-]{43}$/.test(text)) {
    key = Buffer.from(text, text.endsWith('=') ? 'base64' : 'base64url');
  }
  if (!key || key.length !== KEY_BYTES) {
    // The value itself is a secret: report only its length.
    throw new AppError(
      ErrorCode.ConfigInvalid,
      `${varName} must be a 32-byte key written as base64 (44 characters) or hex (64 characters); the value given has ${text.length} characters and is neither. ${HOW_TO}`,
      { variable: varName },
    );
  }
  return key;
}

export class EnvKeyStore implements KeyStore {
  #key: Buffer;
  #varName: string;

  /** Throws AppError ConfigInvalid when the variable is missing or malformed. */
  constructor(env: Record<string, string | undefined>, varName = ENV_KEY_VAR) {
    const raw = env[varName];
    if (raw === undefined || raw.trim() === '') {
      throw new AppError(ErrorCode.ConfigInvalid, `${varName} is not set. ${HOW_TO}`, { variable: varName });
    }
    this.#varName = varName;
    this.#key = parseEncryptionKey(raw, varName);
  }

  async get(): Promise<Buffer | null> {
    return Buffer.from(this.#key);
  }

  async set(): Promise<void> {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      `The vault key comes from ${this.#varName} in the environment, which this app cannot change. To rotate, start with the current ${this.#varName} and rotate to a new key store built from the new value (chirpsyncer vault rotate), then update ${this.#varName}.`,
      { variable: this.#varName },
    );
  }

  async delete(): Promise<void> {
    // Nothing is persisted by us; the variable belongs to whoever started the process.
  }

  describe(): KeyStoreDescription {
    return { backend: 'env', label: `environment variable ${this.#varName}`, writable: false };
  }
}
