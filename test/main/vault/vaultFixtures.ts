/**
 * Shared fixtures for the vault tests: a SQLite file in a temp dir with the vault migration applied
 * (0002 is self-contained, so it runs without the store's 0001), an in-memory KeyStore twin, and a
 * logger that keeps its lines for secret scans.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { createLogger, type Logger } from '../../../src-main/util/logger';
import type { KeyStore, KeyStoreBackend, KeyStoreDescription } from '../../../src-main/vault/KeyStore';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const vaultMigration = path.join(repoRoot, 'src-main/store/migrations/0002_vault.sql');

export function tempDir(prefix = 'chirp-vault-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function openTestDb(file = path.join(tempDir(), 'test.db')): { db: BetterSqlite3.Database; file: string } {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  if (!db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'vault_meta'").get()) db.exec(fs.readFileSync(vaultMigration, 'utf8'));
  return { db, file };
}

/** In-memory KeyStore twin (STYLE.md §3). */
export class MemoryKeyStore implements KeyStore {
  key: Buffer | null;
  readonly backend: KeyStoreBackend;
  readonly label: string;
  failSet = false;

  constructor(opts: { key?: Buffer | null; backend?: KeyStoreBackend; label?: string } = {}) {
    this.key = opts.key ?? null;
    this.backend = opts.backend ?? 'keytar';
    this.label = opts.label ?? 'memory key store';
  }

  async get(): Promise<Buffer | null> {
    return this.key ? Buffer.from(this.key) : null;
  }

  async set(key: Buffer): Promise<void> {
    if (this.failSet) throw new Error('memory store refused to store the key');
    this.key = Buffer.from(key);
  }

  async delete(): Promise<void> {
    this.key = null;
  }

  describe(): KeyStoreDescription {
    return { backend: this.backend, label: this.label, writable: true };
  }
}

export function captureLogger(secrets: Set<string>): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ level: 'debug', sink: { write: (l) => lines.push(l) }, secrets }), lines };
}
