/**
 * Opens the vault: reads vault_meta, gets the key from the key store, verifies it against the key
 * check value before touching any row, and creates the vault on first use. Every way this can go
 * wrong (other backend, key missing, wrong key, metadata lost while rows exist) is an AppError with
 * a recovery path — never a silent failure and never a fresh empty vault over old data.
 */
import { randomBytes } from 'node:crypto';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { assertKey, keyMatchesCheck, makeKeyCheck } from './crypto';
import { CredentialTable } from './credentialRows';
import type { KeyStoreBackend } from './KeyStore';
import { dropStaleEscrow, recoverRotation, type RotationCtx } from './rotateKey';
import { Vault, type VaultDeps } from './Vault';
import { META, VaultMeta } from './VaultMeta';

export interface OpenVaultOptions extends VaultDeps {
  /**
   * The vault was recorded with another backend but this store may hold the same key (e.g. the
   * keychain key exported into ENCRYPTION_KEY). When true and the key check passes, the new backend
   * is recorded (and audited); when false a mismatch is refused with an explanation.
   */
  acceptBackendChange?: boolean;
}

const RESET_HINT = 'reset the vault (this erases the stored credentials; add the accounts again afterwards)';

export async function openVault(opts: OpenVaultOptions): Promise<Vault> {
  const random = opts.random ?? randomBytes;
  const meta = new VaultMeta(opts.db, opts.clock);
  const table = new CredentialTable(opts.db);
  const desc = opts.keyStore.describe();
  const recorded = meta.getMeta(META.backend) as KeyStoreBackend | null;
  const check = meta.getMeta(META.keyCheck);
  const rows = table.count.get()!.n;

  if (check === null || recorded === null) {
    if (rows > 0) {
      throw new AppError(
        ErrorCode.VaultCorrupt,
        `The vault metadata is missing but ${rows} encrypted credential(s) exist, so the key cannot be verified. Nothing was changed. Restore the database from a backup, or ${RESET_HINT}.`,
        { credentials: rows },
      );
    }
    return createVault(opts, meta, random);
  }
  if (recorded !== desc.backend && !opts.acceptBackendChange) {
    throw new AppError(
      ErrorCode.VaultLocked,
      `This vault's key is kept by the ${recorded} key store, but this run uses ${desc.label}. Nothing was changed. Start again with the ${recorded} key store available; to move the vault to another key store, open it as before and rotate the key; or ${RESET_HINT}.`,
      { recordedBackend: recorded, backend: desc.backend, reason: 'backend_changed' },
    );
  }
  const key = await opts.keyStore.get();
  if (key === null) {
    throw new AppError(
      ErrorCode.VaultLocked,
      `${desc.label} holds no key for this vault (it was deleted or this is another machine/user). ${rows} stored credential(s) cannot be read without it. Restore the key (keychain backup, the original ENCRYPTION_KEY or passphrase), or ${RESET_HINT}.`,
      { backend: desc.backend, reason: 'key_missing', credentials: rows },
    );
  }
  assertKey(key);
  const ctx: RotationCtx = { db: opts.db, table, meta, clock: opts.clock, logger: opts.logger, random };
  if (keyMatchesCheck(key, check)) dropStaleEscrow(meta);
  else if (!recoverRotation(ctx, key, desc.backend)) {
    throw new AppError(
      ErrorCode.VaultLocked,
      `The key from ${desc.label} does not match this vault (the key check failed), so no credential was read. Nothing was changed. Use the original key (the previous ENCRYPTION_KEY, passphrase or keychain entry), or ${RESET_HINT}.`,
      { backend: desc.backend, reason: 'wrong_key', credentials: rows },
    );
  }
  if (recorded !== desc.backend) {
    meta.setMeta(META.backend, desc.backend);
    opts.audit?.write({ action: 'vault.backend_change', target: 'vault', success: true, details: { from: recorded, to: desc.backend } });
  }
  opts.logger.info('vault opened', { backend: desc.backend, credentials: rows });
  return new Vault(opts, meta, key);
}

async function createVault(opts: OpenVaultOptions, meta: VaultMeta, random: (n: number) => Buffer): Promise<Vault> {
  let key = await opts.keyStore.get();
  if (key === null) {
    key = random(32);
    await opts.keyStore.set(key);
  }
  assertKey(key);
  const backend = opts.keyStore.describe().backend;
  const k = key;
  opts.db.transaction(() => {
    meta.setMeta(META.backend, backend);
    meta.setMeta(META.keyCheck, makeKeyCheck(k, random));
    meta.setMeta(META.createdAt, String(opts.clock.now()));
  })();
  opts.audit?.write({ action: 'vault.create', target: 'vault', success: true, details: { backend } });
  opts.logger.info('vault created', { backend });
  return new Vault(opts, meta, key);
}

