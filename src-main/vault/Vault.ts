/**
 * The opened credential vault: the verified master key in memory, rows sealed with AES-256-GCM.
 * Built by `openVault` (which verifies the key first); secrets leave only through `get`, and each
 * one handed out is added to the logger's secret set so it is masked in every later log line.
 */
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import type { AuditActor, AuditLog } from './AuditLog';
import { SYSTEM_ACTOR } from './AuditLog';
import { assertIdKind, CredentialTable, openRow, sealRow, secretStrings, type CredentialSummary } from './credentialRows';
import type { KeyStore, KeyStoreBackend } from './KeyStore';
import { rotateKey, type RotationResult } from './rotateKey';
import { META, type VaultMeta } from './VaultMeta';

export interface VaultDeps {
  db: Database.Database;
  keyStore: KeyStore;
  clock: Clock;
  logger: Logger;
  /** The logger's live secret set (createLogger({secrets})). */
  secrets: Set<string>;
  audit?: AuditLog;
  random?: (n: number) => Buffer;
}

export interface VaultStatus {
  backend: KeyStoreBackend;
  label: string;
  credentialCount: number;
  createdAt: number | null;
  rotatedAt: number | null;
}

export class Vault {
  #deps: VaultDeps & { random: (n: number) => Buffer };
  #table: CredentialTable;
  #meta: VaultMeta;
  #key: Buffer;
  #keyStore: KeyStore;
  #rotating = false;
  #closed = false;

  /** Use `openVault`; this constructor trusts that `key` was already checked against vault_meta. */
  constructor(deps: VaultDeps, meta: VaultMeta, key: Buffer) {
    this.#deps = { ...deps, random: deps.random ?? randomBytes };
    this.#table = new CredentialTable(deps.db);
    this.#meta = meta;
    this.#key = key;
    this.#keyStore = deps.keyStore;
  }

  /** Stores (or replaces) the secret for (id, kind). `secret` is any JSON value. */
  put(id: string, kind: string, secret: unknown, by: AuditActor = SYSTEM_ACTOR): { created: boolean } {
    this.#assertUsable();
    assertIdKind(id, kind);
    const json = JSON.stringify(secret);
    if (json === undefined) throw new AppError(ErrorCode.InvalidInput, `The secret for "${id}" must be a JSON value.`, { field: 'secret' });
    this.#register(secret);
    const plain = Buffer.from(json, 'utf8');
    const sealed = sealRow(this.#key, id, kind, plain, this.#deps.random);
    plain.fill(0);
    const now = this.#deps.clock.now();
    const existed = this.#table.get.get(id, kind) !== undefined;
    this.#table.upsert.run(id, kind, sealed.iv, sealed.tag, sealed.ciphertext, now, now);
    this.#deps.audit?.write({ ...by, action: existed ? 'credential.update' : 'credential.create', target: id, success: true, details: { kind } });
    return { created: !existed };
  }

  /** The secret for (id, kind), or null when none is stored. Tampered rows throw VaultCorrupt. */
  get<T = unknown>(id: string, kind: string): T | null {
    this.#assertUsable();
    assertIdKind(id, kind);
    const row = this.#table.get.get(id, kind);
    if (!row) return null;
    const plain = openRow(this.#key, row);
    const value = JSON.parse(plain.toString('utf8')) as T;
    plain.fill(0);
    this.#register(value);
    return value;
  }

  has(id: string, kind: string): boolean {
    assertIdKind(id, kind);
    return this.#table.get.get(id, kind) !== undefined;
  }

  /** Removes every kind stored under `id`; returns how many rows went. */
  delete(id: string, by: AuditActor = SYSTEM_ACTOR): number {
    this.#assertUsable();
    assertIdKind(id, 'any');
    const removed = this.#table.deleteId.run(id).changes;
    this.#deps.audit?.write({ ...by, action: 'credential.delete', target: id, success: removed > 0, details: { removed } });
    return removed;
  }

  /** Removes one (id, kind) — e.g. a revoked session — and returns whether it existed. */
  deleteKind(id: string, kind: string, by: AuditActor = SYSTEM_ACTOR): boolean {
    this.#assertUsable();
    assertIdKind(id, kind);
    const removed = this.#table.deleteOne.run(id, kind).changes;
    if (removed > 0) this.#deps.audit?.write({ ...by, action: 'credential.delete', target: id, success: true, details: { kind } });
    return removed > 0;
  }

  /** Ids, kinds and timestamps only — never secrets. */
  list(): CredentialSummary[] {
    return this.#table.summaries.all().map((r) => ({ id: r.id, kind: r.kind, createdAt: r.created_at, updatedAt: r.updated_at }));
  }

  status(): VaultStatus {
    const d = this.#keyStore.describe();
    const num = (k: string) => {
      const v = this.#meta.getMeta(k);
      return v === null ? null : Number(v);
    };
    return { backend: d.backend, label: d.label, credentialCount: this.#table.count.get()!.n, createdAt: num(META.createdAt), rotatedAt: num(META.rotatedAt) };
  }

  /**
   * Re-encrypts every row under a new key in one transaction. A KeyStore target moves the vault to
   * that store (a fresh random key, or the env key it carries); a Buffer is a new key for the current store.
   */
  async rotate(target: KeyStore | Buffer, by: AuditActor = SYSTEM_ACTOR): Promise<RotationResult> {
    this.#assertUsable();
    if (this.#rotating) throw new AppError(ErrorCode.Conflict, 'A key rotation is already running; wait for it to finish.');
    this.#rotating = true;
    try {
      const result = await rotateKey(
        { db: this.#deps.db, table: this.#table, meta: this.#meta, clock: this.#deps.clock, logger: this.#deps.logger, random: this.#deps.random },
        { key: this.#key, store: this.#keyStore },
        target,
      );
      this.#key.fill(0);
      this.#key = result.key;
      this.#keyStore = result.store;
      this.#deps.audit?.write({ ...by, action: 'vault.rotate', target: 'vault', success: true, details: { ...result.summary } });
      return result.summary;
    } catch (e) {
      this.#deps.audit?.write({ ...by, action: 'vault.rotate', target: 'vault', success: false, details: { error: e instanceof AppError ? e.code : 'INTERNAL' } });
      throw e;
    } finally {
      this.#rotating = false;
    }
  }

  /** Forgets the key in memory (app lock, shutdown). The Vault must be reopened afterwards. */
  close(): void {
    this.#key.fill(0);
    this.#closed = true;
  }

  #assertUsable(): void {
    if (this.#closed) throw new AppError(ErrorCode.VaultLocked, 'The vault is locked. Unlock the app to use stored credentials.');
  }

  #register(value: unknown): void {
    for (const s of secretStrings(value)) this.#deps.secrets.add(s);
  }
}
