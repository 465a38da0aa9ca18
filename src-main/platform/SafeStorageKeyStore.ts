/**
 * Electron safeStorage as a vault KeyStore (desktop only; typechecked, not runnable in Node tests).
 * safeStorage encrypts with a key the OS keeps (Keychain, DPAPI, libsecret/kwallet); the encrypted
 * master key is stored in vault_meta. On Linux without a secret service Electron falls back to
 * "basic_text" — a hard-coded password — so that backend is refused rather than trusted.
 */
import { safeStorage as electronSafeStorage } from 'electron';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { assertKey, KEY_BYTES } from '../vault/crypto';
import type { KeyStore, KeyStoreDescription, MetaStore } from '../vault/KeyStore';

export const SAFE_STORAGE_META_KEY = 'safe_storage_key';

type SafeStorageApi = Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: Electron.SafeStorage['getSelectedStorageBackend'];
};

export class SafeStorageKeyStore implements KeyStore {
  #meta: MetaStore;
  #api: SafeStorageApi;
  #platform: NodeJS.Platform;

  /** Construct only after app 'ready' (safeStorage is unavailable before it). */
  constructor(opts: { meta: MetaStore; safeStorage?: SafeStorageApi; platform?: NodeJS.Platform }) {
    this.#meta = opts.meta;
    this.#api = opts.safeStorage ?? electronSafeStorage;
    this.#platform = opts.platform ?? process.platform;
  }

  #assertAvailable(): void {
    if (!this.#api.isEncryptionAvailable()) {
      throw new AppError(ErrorCode.VaultLocked, 'The system key store (Electron safeStorage) is not available. Use a vault passphrase instead.', { backend: 'safeStorage', reason: 'unavailable' });
    }
    if (this.#platform === 'linux' && this.#api.getSelectedStorageBackend?.() === 'basic_text') {
      throw new AppError(
        ErrorCode.VaultLocked,
        'No desktop secret service (GNOME Keyring or KWallet) is running, so safeStorage would only obfuscate the key. Start one, or use a vault passphrase instead.',
        { backend: 'safeStorage', reason: 'basic_text' },
      );
    }
  }

  async get(): Promise<Buffer | null> {
    const stored = this.#meta.getMeta(SAFE_STORAGE_META_KEY);
    if (stored === null) return null;
    this.#assertAvailable();
    let text: string;
    try {
      text = this.#api.decryptString(Buffer.from(stored, 'base64'));
    } catch (e) {
      throw new AppError(
        ErrorCode.VaultLocked,
        'The system key store could not decrypt the vault key (another OS user, a reinstalled system or a reset keyring). Restore the keyring, or reset the vault and add the accounts again.',
        { backend: 'safeStorage', reason: 'decrypt_failed' },
        { cause: e },
      );
    }
    const key = Buffer.from(text, 'base64');
    if (key.length !== KEY_BYTES) throw new AppError(ErrorCode.VaultCorrupt, 'The safeStorage entry does not hold a valid vault key. Reset the vault and add the accounts again.', { backend: 'safeStorage' });
    return key;
  }

  async set(key: Buffer): Promise<void> {
    assertKey(key);
    this.#assertAvailable();
    this.#meta.setMeta(SAFE_STORAGE_META_KEY, this.#api.encryptString(key.toString('base64')).toString('base64'));
  }

  async delete(): Promise<void> {
    this.#meta.deleteMeta(SAFE_STORAGE_META_KEY);
  }

  describe(): KeyStoreDescription {
    return { backend: 'safeStorage', label: 'system key store (Electron safeStorage)', writable: true };
  }
}
