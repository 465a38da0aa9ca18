/**
 * Builds the core once: config → logger → store (migrated) → security services → vault →
 * remote caller → sync service. No electron here; main.ts, cli.ts and serve call it and add only
 * their transport (STYLE.md §2). Nothing is cached in a module.
 */
import { chmodSync, existsSync } from 'node:fs';
import { parseEnv, type EnvConfig } from './config/env';
import { AppError, ErrorCode } from '../src-shared/errors';
import { createRemoteCaller, type ControlledRemoteCaller } from './connectors/limits/createRemoteCaller';
import { openStore, type Store } from './store/createStore';
import { createCredentialTester } from './sync/credentialTester';
import { SyncService } from './sync/SyncService';
import type { SyncEvent } from './sync/SyncEngine';
import type { CrashPoint } from './sync/publishUnit';
import { systemClock, type Clock } from './util/clock';
import { createLogger, type LogSink, type Logger } from './util/logger';
import { rotatingFileSink } from './util/rotatingLog';
import { AccountCredentials } from './vault/AccountCredentials';
import type { KeyStore } from './vault/KeyStore';
import type { Vault } from './vault/Vault';
import { createSecurityServices, openVaultWithChosenKeyStore, type SecurityServices } from './vault/vaultServices';

export interface ComposeOptions {
  env: NodeJS.ProcessEnv;
  config?: EnvConfig;
  clock?: Clock;
  /** Every remote call of the core goes through it; default the global fetch at call time. */
  fetch?: typeof fetch;
  logSink?: LogSink;
  /** Desktop: true (OS keychain first). Headless: false unless asked. */
  preferKeychain?: boolean;
  passphrase?: string;
  safeStorage?: KeyStore;
  emit?: (e: SyncEvent) => void;
  /** Tests only: simulate a crash at a named point of the publisher. */
  crash?: (p: CrashPoint) => void;
  /** Per-attempt timeout of remote calls (default 30 s); tests shorten it. */
  callTimeoutMs?: number;
  /** Tests only: bcrypt cost below 12. */
  bcryptCost?: number;
}

export interface Core {
  config: EnvConfig;
  clock: Clock;
  logger: Logger;
  /** The live set of secret strings the logger masks; the vault adds what it decrypts. */
  secrets: Set<string>;
  store: Store;
  caller: ControlledRemoteCaller;
  security: SecurityServices;
  /** null when no key is available (then sessions are kept in memory only and `vaultProblem` says why). */
  vault: Vault | null;
  vaultProblem: string | null;
  credentials: AccountCredentials | null;
  sync: SyncService;
  close(): void;
}

export async function compose(opts: ComposeOptions): Promise<Core> {
  const config = opts.config ?? parseEnv(opts.env);
  const clock = opts.clock ?? systemClock;
  const secrets = new Set<string>();
  const logger = createLogger({ level: config.logLevel, sink: opts.logSink ?? rotatingFileSink(`${config.dataDir}/logs`), secrets });
  const { store } = openStore(config.databasePath, { clock, logger });
  try {
    restrictToOwner(config.databasePath);
    // A run still "running" at start-up belongs to a process that died (one app instance at a time).
    const interrupted = store.runs.markInterrupted();
    if (interrupted) logger.warn('marked runs of a previous process as interrupted', { runs: interrupted });
    const security = createSecurityServices({ db: store.db.raw, clock, logger, secrets, bcryptCost: opts.bcryptCost });
    const opened = await openVaultWithChosenKeyStore({
      db: store.db.raw,
      clock,
      logger,
      secrets,
      audit: security.audit,
      env: opts.env,
      preferKeychain: opts.preferKeychain ?? false,
      passphrase: opts.passphrase ?? (opts.env.CHIRPSYNCER_VAULT_PASSPHRASE || undefined),
      safeStorage: opts.safeStorage,
    }).catch((e: unknown) => {
      // A wrong key or damaged vault must not lock the person out of everything else (status, the
      // index, `vault reset`): the core runs without the vault and says why wherever it is needed.
      if (e instanceof AppError && (e.code === ErrorCode.VaultLocked || e.code === ErrorCode.VaultCorrupt)) return { status: 'locked' as const, reason: e.message };
      throw e;
    });
    const vault = opened.status === 'ready' ? opened.vault : null;
    const vaultProblem = opened.status === 'ready' ? null : opened.reason;
    const fetchFn: typeof fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const caller = createRemoteCaller({
      clock,
      logger,
      timeoutMs: opts.callTimeoutMs,
      onOutcome: (o) => store.apiUsage.record(o.spec.service, o.spec.account, o.spec.op, o.ok ? 'ok' : (o.status ?? o.errorKind ?? 'error'), o.at),
    });
    const tester = createCredentialTester({ caller, logger, clock, fetch: fetchFn });
    const credentials = vault
      ? new AccountCredentials({ vault, audit: security.audit, stepUp: security.stepUp, secrets, tester, accountLabel: (id) => accountLabel(store, id), deleteAccountRow: (id) => store.accounts.delete(id) })
      : null;
    const sync = new SyncService({ store, caller, clock, logger, fetch: fetchFn, config, credentials, secrets, emit: opts.emit, crash: opts.crash });
    return {
      config, clock, logger, secrets, store, caller, security, vault, vaultProblem, credentials, sync,
      close: () => {
        vault?.close();
        store.close();
      },
    };
  } catch (e) {
    store.close();
    throw e;
  }
}

/** The database holds password hashes and the encrypted vault: readable by its owner only. */
function restrictToOwner(dbPath: string): void {
  if (dbPath === ':memory:') return;
  for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

function accountLabel(store: Store, id: number): string {
  const a = store.accounts.get(id);
  return a ? `@${a.handle}` : `account ${id}`;
}
