/**
 * Picks the key store for this run. The backend recorded in vault_meta wins (so an existing vault
 * is never reopened with a store that cannot hold its key); for a new vault the order is
 * ENCRYPTION_KEY → OS keychain (when preferred and reachable) → safeStorage (desktop) → passphrase.
 * When only a passphrase could work and none was given, the answer is "needs-passphrase" with the
 * reason, so the UI/CLI can ask for one instead of crashing.
 */
import { AppError, ErrorCode } from '../../src-shared/errors';
import { ENV_KEY_VAR, EnvKeyStore } from './EnvKeyStore';
import type { KeyStore, KeyStoreBackend, MetaStore } from './KeyStore';
import { KeytarKeyStore, type KeytarLoader } from './KeytarKeyStore';
import { PassphraseKeyStore, type ScryptParams } from './PassphraseKeyStore';
import { META, type VaultMeta } from './VaultMeta';

export interface ChooseKeyStoreOptions {
  env: Record<string, string | undefined>;
  /** Desktop: true. Headless: usually false (no keychain on a server). */
  preferKeychain: boolean;
  passphrase?: string;
  meta: VaultMeta;
  /** The Electron safeStorage adapter, passed in by main.ts (this module never imports electron). */
  safeStorage?: KeyStore;
  keytarLoader?: KeytarLoader;
  keytarService?: string;
  scryptParams?: ScryptParams;
}

export type KeyStoreChoice =
  | { status: 'ready'; keyStore: KeyStore; backend: KeyStoreBackend; isNewVault: boolean; notes: string[] }
  | { status: 'needs-passphrase'; reason: string; isNewVault: boolean; notes: string[] };

export async function chooseKeyStore(opts: ChooseKeyStoreOptions): Promise<KeyStoreChoice> {
  const recorded = opts.meta.getMeta(META.backend) as KeyStoreBackend | null;
  const envValue = opts.env[ENV_KEY_VAR];
  if (envValue !== undefined && envValue.trim() !== '') {
    // An explicit ENCRYPTION_KEY is the operator's choice; openVault reports a backend mismatch.
    return ready(new EnvKeyStore(opts.env), recorded === null, []);
  }
  if (recorded !== null) return chooseRecorded(recorded, opts);
  return chooseForNewVault(opts);
}

async function chooseRecorded(recorded: KeyStoreBackend, opts: ChooseKeyStoreOptions): Promise<KeyStoreChoice> {
  switch (recorded) {
    case 'env':
      throw new AppError(
        ErrorCode.ConfigInvalid,
        `This vault's key comes from ${ENV_KEY_VAR}, which is not set. Start with the same ${ENV_KEY_VAR} as before; without it the stored credentials cannot be read (reset the vault to start over).`,
        { variable: ENV_KEY_VAR, backend: 'env' },
      );
    case 'passphrase':
      return opts.passphrase
        ? ready(passphraseStore(opts.passphrase, opts.meta, opts.scryptParams), false, [])
        : { status: 'needs-passphrase', reason: 'This vault is protected by a passphrase. Type it to unlock.', isNewVault: false, notes: [] };
    case 'keytar': {
      const store = keytarStore(opts);
      await store.probe(); // an unreachable keychain throws VaultLocked with the recovery path
      return ready(store, false, []);
    }
    case 'safeStorage':
      if (opts.safeStorage) return ready(opts.safeStorage, false, []);
      throw new AppError(
        ErrorCode.VaultLocked,
        `This vault's key is protected by the desktop app (Electron safeStorage). Open it from the desktop app, and rotate it to a passphrase or ${ENV_KEY_VAR} there to use it headless.`,
        { backend: 'safeStorage' },
      );
    default:
      throw new AppError(ErrorCode.VaultCorrupt, `vault_meta names an unknown key store "${String(recorded)}". The database may come from a newer app version; update the app or restore a backup.`);
  }
}

async function chooseForNewVault(opts: ChooseKeyStoreOptions): Promise<KeyStoreChoice> {
  const notes: string[] = [];
  if (opts.preferKeychain) {
    const store = keytarStore(opts);
    try {
      await store.probe();
      return ready(store, true, notes);
    } catch (e) {
      notes.push(e instanceof AppError ? e.message : `The OS keychain is not available: ${String(e)}`);
    }
  }
  if (opts.safeStorage) return ready(opts.safeStorage, true, notes);
  if (opts.passphrase) return ready(passphraseStore(opts.passphrase, opts.meta, opts.scryptParams), true, notes);
  const reason = opts.preferKeychain
    ? 'The OS keychain is not available, so the vault needs a passphrase (or ENCRYPTION_KEY for headless runs). Choose one to continue.'
    : `Choose a vault passphrase, or set ${ENV_KEY_VAR} for headless runs.`;
  return { status: 'needs-passphrase', reason, isNewVault: true, notes };
}

function ready(keyStore: KeyStore, isNewVault: boolean, notes: string[]): KeyStoreChoice {
  return { status: 'ready', keyStore, backend: keyStore.describe().backend, isNewVault, notes };
}

function keytarStore(opts: ChooseKeyStoreOptions): KeytarKeyStore {
  return new KeytarKeyStore({ account: `vault-${opts.meta.vaultId()}`, service: opts.keytarService, loader: opts.keytarLoader });
}

function passphraseStore(passphrase: string, meta: MetaStore, params?: ScryptParams): PassphraseKeyStore {
  return new PassphraseKeyStore({ passphrase, meta, params });
}
