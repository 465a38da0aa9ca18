/**
 * OS keychain backend (libsecret / Keychain / Credential Manager) through keytar. keytar is
 * loaded lazily so a machine without libsecret (or without a D-Bus session) still runs the
 * passphrase and env backends; every keytar failure becomes an AppError that says what to do.
 */
import { AppError, ErrorCode } from '../../src-shared/errors';
import { assertKey, KEY_BYTES } from './crypto';
import type { KeyStore, KeyStoreDescription } from './KeyStore';

/** The part of keytar we use; tests inject a loader that fails to simulate a missing keyring. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}
export type KeytarLoader = () => Promise<KeytarApi>;

export const KEYTAR_SERVICE = 'ChirpSyncer';

export const loadKeytar: KeytarLoader = async () => {
  const mod = (await import('keytar')) as unknown as { default?: KeytarApi } & KeytarApi;
  return mod.default ?? mod;
};

const FALLBACK_HINT =
  'Use a vault passphrase instead (the app offers it when the keychain is missing), or set ENCRYPTION_KEY for headless runs.';

export class KeytarKeyStore implements KeyStore {
  #service: string;
  #account: string;
  #loader: KeytarLoader;
  #api: Promise<KeytarApi> | null = null;

  constructor(opts: { account: string; service?: string; loader?: KeytarLoader }) {
    if (!opts.account) throw new AppError(ErrorCode.InvalidInput, 'KeytarKeyStore needs an account name for its keychain entry.', { field: 'account' });
    this.#account = opts.account;
    this.#service = opts.service ?? KEYTAR_SERVICE;
    this.#loader = opts.loader ?? loadKeytar;
  }

  async #keytar(): Promise<KeytarApi> {
    this.#api ??= this.#loader().catch((e: unknown) => {
      this.#api = null;
      throw unreachable('the keytar module could not be loaded (is libsecret installed?)', e);
    });
    return this.#api;
  }

  async #call<T>(what: string, fn: (k: KeytarApi) => Promise<T>): Promise<T> {
    const keytar = await this.#keytar();
    try {
      return await fn(keytar);
    } catch (e) {
      throw unreachable(`the keychain refused to ${what} (${errorText(e)})`, e);
    }
  }

  /** Resolves when the keychain answers a read; throws the same AppError `get` would. */
  async probe(): Promise<void> {
    await this.#call('answer a read', (k) => k.getPassword(this.#service, `${this.#account}:probe`));
  }

  async get(): Promise<Buffer | null> {
    const text = await this.#call('read the vault key', (k) => k.getPassword(this.#service, this.#account));
    if (text === null) return null;
    const key = Buffer.from(text, 'base64');
    if (key.length !== KEY_BYTES || key.toString('base64') !== text) {
      throw new AppError(
        ErrorCode.VaultCorrupt,
        `The keychain entry "${this.#service}/${this.#account}" does not hold a valid vault key. Restore it from a backup of your keychain, or reset the vault and add the accounts again.`,
        { backend: 'keytar' },
      );
    }
    return key;
  }

  async set(key: Buffer): Promise<void> {
    assertKey(key);
    await this.#call('store the vault key', (k) => k.setPassword(this.#service, this.#account, key.toString('base64')));
  }

  async delete(): Promise<void> {
    await this.#call('delete the vault key', (k) => k.deletePassword(this.#service, this.#account));
  }

  describe(): KeyStoreDescription {
    return { backend: 'keytar', label: `OS keychain (service ${this.#service}, entry ${this.#account})`, writable: true };
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function unreachable(what: string, cause: unknown): AppError {
  return new AppError(ErrorCode.VaultLocked, `The OS keychain is not available: ${what}. ${FALLBACK_HINT}`, { backend: 'keytar', reason: 'keychain_unavailable' }, { cause });
}
