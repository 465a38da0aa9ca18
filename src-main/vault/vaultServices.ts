/**
 * Wiring helpers for compose(): the services that need no key (audit, auth, app lock, step-up),
 * and opening the vault with the key store chooseKeyStore picks. They only construct and connect;
 * every rule lives in the classes they build.
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { AccountCredentials, type AccountCredentialsDeps } from './AccountCredentials';
import { AppLock } from './AppLock';
import { AuditLog } from './AuditLog';
import { AuthService } from './AuthService';
import { chooseKeyStore, type ChooseKeyStoreOptions } from './chooseKeyStore';
import type { KeyStore } from './KeyStore';
import { openVault } from './openVault';
import { StepUpService } from './StepUpService';
import type { Vault } from './Vault';
import { VaultMeta } from './VaultMeta';

export interface SecurityDeps {
  db: Database.Database;
  clock: Clock;
  logger: Logger;
  /** The logger's live secret set. */
  secrets: Set<string>;
  /** Tests only. */
  bcryptCost?: number;
  onLockChange?: (locked: boolean) => void;
}

export interface SecurityServices {
  audit: AuditLog;
  auth: AuthService;
  appLock: AppLock;
  stepUp: StepUpService;
}

export function createSecurityServices(d: SecurityDeps): SecurityServices {
  const audit = new AuditLog({ db: d.db, clock: d.clock, secrets: d.secrets });
  return {
    audit,
    auth: new AuthService({ db: d.db, clock: d.clock, logger: d.logger, audit, bcryptCost: d.bcryptCost }),
    appLock: new AppLock({ db: d.db, clock: d.clock, audit, bcryptCost: d.bcryptCost, onLockChange: d.onLockChange }),
    stepUp: new StepUpService({ db: d.db, clock: d.clock, audit }),
  };
}

export type OpenedVault =
  | { status: 'ready'; vault: Vault; keyStore: KeyStore; notes: string[] }
  | { status: 'needs-passphrase'; reason: string; isNewVault: boolean; notes: string[] };

/** Picks the key store (env → keychain → safeStorage → passphrase) and opens the vault with it. */
export async function openVaultWithChosenKeyStore(
  d: SecurityDeps & { audit: AuditLog; acceptBackendChange?: boolean } & Omit<ChooseKeyStoreOptions, 'meta'>,
): Promise<OpenedVault> {
  const meta = new VaultMeta(d.db, d.clock);
  const choice = await chooseKeyStore({ ...d, meta });
  if (choice.status === 'needs-passphrase') return choice;
  for (const note of choice.notes) d.logger.warn('vault key store fallback', { note });
  const vault = await openVault({ db: d.db, keyStore: choice.keyStore, clock: d.clock, logger: d.logger, secrets: d.secrets, audit: d.audit, acceptBackendChange: d.acceptBackendChange });
  return { status: 'ready', vault, keyStore: choice.keyStore, notes: choice.notes };
}

export function createAccountCredentials(d: Omit<AccountCredentialsDeps, 'stepUp' | 'audit'> & { security: SecurityServices }): AccountCredentials {
  return new AccountCredentials({ ...d, audit: d.security.audit, stepUp: d.security.stepUp });
}
