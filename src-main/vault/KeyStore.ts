/**
 * Where the 32-byte vault master key lives. Every backend (OS keychain via keytar, passphrase via
 * scrypt, ENCRYPTION_KEY from the environment, Electron safeStorage) implements this port, so the
 * vault never knows which one it has and keytar (unmaintained upstream) can be replaced.
 */
export type KeyStoreBackend = 'keytar' | 'passphrase' | 'env' | 'safeStorage';

export interface KeyStoreDescription {
  backend: KeyStoreBackend;
  /** Human words for status screens and error messages ("OS keychain (service ChirpSyncer)"). Never a secret. */
  label: string;
  /** False when `set` cannot persist a key (ENCRYPTION_KEY lives in the environment, not in us). */
  writable: boolean;
}

export interface KeyStore {
  /** The stored key, or null when this store holds none yet. Throws AppError when the store is unreachable or the key cannot be recovered. */
  get(): Promise<Buffer | null>;
  /** Persists `key` (32 bytes), replacing any previous one. */
  set(key: Buffer): Promise<void>;
  /** Removes the stored key (vault reset, or after moving to another backend). */
  delete(): Promise<void>;
  describe(): KeyStoreDescription;
}

/**
 * Small key/value port over `vault_meta` for stores that keep non-secret or wrapped material in the
 * database (scrypt salt and parameters, the safeStorage-encrypted key). Implemented by VaultMeta.
 */
export interface MetaStore {
  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;
  deleteMeta(key: string): void;
}
