/**
 * Vault reset: the recovery path when the key is lost (wrong key, keychain entry gone, passphrase
 * forgotten). It works without opening the vault, needs a step-up token for "vault-reset" on
 * "vault", erases every credential and the vault metadata in one transaction, then removes the key
 * from its store. The next openVault creates a fresh vault; accounts must be added again.
 */
import type Database from 'better-sqlite3';
import type { Logger } from '../util/logger';
import type { AuditActor, AuditLog } from './AuditLog';
import type { KeyStore } from './KeyStore';
import type { StepUpService } from './StepUpService';

export interface ResetVaultDeps {
  db: Database.Database;
  stepUp: StepUpService;
  audit: AuditLog;
  logger: Logger;
  /** The store holding the old key, when known; its key is deleted after the rows are gone. */
  keyStore?: KeyStore;
}

export async function resetVault(deps: ResetVaultDeps, input: { token: string | null | undefined }, by: AuditActor): Promise<{ erased: number; keyRemoved: boolean | null }> {
  deps.stepUp.consume({ token: input.token, action: 'vault-reset', target: 'vault', userId: by.userId });
  const erased = deps.db.transaction(() => {
    const n = deps.db.prepare('DELETE FROM credentials').run().changes;
    deps.db.prepare('DELETE FROM vault_meta').run();
    return n;
  })();
  let keyRemoved: boolean | null = null;
  if (deps.keyStore?.describe().writable) {
    try {
      await deps.keyStore.delete();
      keyRemoved = true;
    } catch (e) {
      // The rows are already gone, so the stale key protects nothing; report it instead of failing the reset.
      deps.logger.warn('vault reset: the old key could not be removed from its store', { label: deps.keyStore.describe().label, error: e });
      keyRemoved = false;
    }
  }
  deps.audit.write({ ...by, action: 'vault.reset', target: 'vault', success: true, details: { erased, keyRemoved } });
  deps.audit.write({ ...by, action: 'destructive.run', target: 'vault', success: true, details: { op: 'vault-reset', erased } });
  return { erased, keyRemoved };
}
