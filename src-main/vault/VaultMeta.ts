/**
 * The `vault_meta` table: backend in use, key check value, KDF parameters, wrapped keys and the
 * rotation escrow. Values are text; nothing here is usable without the master key or passphrase.
 */
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../util/clock';
import type { MetaStore } from './KeyStore';

export const META = {
  vaultId: 'vault_id',
  backend: 'backend',
  keyCheck: 'key_check',
  createdAt: 'created_at',
  rotatedAt: 'rotated_at',
  /** Check value of the key a rotation is moving to; present only while a rotation is in flight. */
  pendingCheck: 'rotation_pending_check',
  /** The old key sealed under the new key, so a crash between "new key stored" and "rows committed" is recoverable. */
  escrow: 'rotation_escrow',
} as const;

export class VaultMeta implements MetaStore {
  #get: Database.Statement<[string], { value: string }>;
  #set: Database.Statement<[string, string, number]>;
  #del: Database.Statement<[string]>;
  #clock: Clock;

  constructor(db: Database.Database, clock: Clock) {
    this.#clock = clock;
    this.#get = db.prepare('SELECT value FROM vault_meta WHERE key = ?');
    this.#set = db.prepare(
      'INSERT INTO vault_meta (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    this.#del = db.prepare('DELETE FROM vault_meta WHERE key = ?');
  }

  getMeta(key: string): string | null {
    return this.#get.get(key)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.#set.run(key, value, this.#clock.now());
  }

  deleteMeta(key: string): void {
    this.#del.run(key);
  }

  /** A random id for this database's vault; names its keychain entry so two data folders never share a key. */
  vaultId(): string {
    const existing = this.getMeta(META.vaultId);
    if (existing) return existing;
    const id = randomBytes(9).toString('base64url');
    this.setMeta(META.vaultId, id);
    return id;
  }
}
