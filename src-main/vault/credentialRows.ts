/**
 * SQL and sealing for `credentials` rows. Associated data binds each ciphertext to its (id, kind),
 * so a row copied over another one fails authentication instead of decrypting as the wrong secret.
 */
import type Database from 'better-sqlite3';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { seal, tryOpen, type Sealed } from './crypto';

export interface CredentialRow {
  id: string;
  kind: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
  created_at: number;
  updated_at: number;
}

export interface CredentialSummary {
  id: string;
  kind: string;
  createdAt: number;
  updatedAt: number;
}

const ID_MAX = 200;
const KIND_RE = /^[a-z][a-z0-9._-]{0,63}$/;

export function assertIdKind(id: string, kind: string): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > ID_MAX || id.includes('\0')) {
    throw new AppError(ErrorCode.InvalidInput, `A credential id must be 1–${ID_MAX} characters without NUL.`, { field: 'id' });
  }
  if (typeof kind !== 'string' || !KIND_RE.test(kind)) {
    throw new AppError(ErrorCode.InvalidInput, 'A credential kind must be lower-case letters, digits, ".", "_" or "-", starting with a letter (e.g. "bsky.app-password").', { field: 'kind' });
  }
}

export function aadFor(id: string, kind: string): Buffer {
  return Buffer.from(`chirpsyncer/vault/v1\0${id}\0${kind}`, 'utf8');
}

export function sealRow(key: Buffer, id: string, kind: string, plaintext: Buffer, random?: (n: number) => Buffer): Sealed {
  return seal(key, plaintext, aadFor(id, kind), random);
}

/** Decrypts a row or throws VaultCorrupt naming the row (the key was verified before, so this is tampering or damage). */
export function openRow(key: Buffer, row: CredentialRow): Buffer {
  const out = tryOpen(key, row, aadFor(row.id, row.kind));
  if (out === null) {
    throw new AppError(
      ErrorCode.VaultCorrupt,
      `The stored credential "${row.id}" (${row.kind}) failed its integrity check: it was altered or damaged. Remove it and add the account again; the other credentials are not affected.`,
      { id: row.id, kind: row.kind },
    );
  }
  return out;
}

export class CredentialTable {
  readonly get: Database.Statement<[string, string], CredentialRow>;
  readonly all: Database.Statement<[], CredentialRow>;
  readonly summaries: Database.Statement<[], { id: string; kind: string; created_at: number; updated_at: number }>;
  readonly upsert: Database.Statement<[string, string, Buffer, Buffer, Buffer, number, number]>;
  readonly rewrite: Database.Statement<[Buffer, Buffer, Buffer, string, string]>;
  readonly deleteId: Database.Statement<[string]>;
  readonly deleteOne: Database.Statement<[string, string]>;
  readonly deleteAll: Database.Statement<[]>;
  readonly count: Database.Statement<[], { n: number }>;

  constructor(db: Database.Database) {
    this.get = db.prepare('SELECT * FROM credentials WHERE id = ? AND kind = ?');
    this.all = db.prepare('SELECT * FROM credentials ORDER BY id, kind');
    this.summaries = db.prepare('SELECT id, kind, created_at, updated_at FROM credentials ORDER BY id, kind');
    this.upsert = db.prepare(
      `INSERT INTO credentials (id, kind, iv, tag, ciphertext, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id, kind) DO UPDATE SET iv = excluded.iv, tag = excluded.tag, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
    );
    this.rewrite = db.prepare('UPDATE credentials SET iv = ?, tag = ?, ciphertext = ? WHERE id = ? AND kind = ?');
    this.deleteId = db.prepare('DELETE FROM credentials WHERE id = ?');
    this.deleteOne = db.prepare('DELETE FROM credentials WHERE id = ? AND kind = ?');
    this.deleteAll = db.prepare('DELETE FROM credentials');
    this.count = db.prepare('SELECT count(*) AS n FROM credentials');
  }
}

/** Decrypts every row with `from` (throwing on the first bad row) and returns them re-sealed under `to`. */
export function reseal(rows: CredentialRow[], from: Buffer, to: Buffer, random?: (n: number) => Buffer): Array<{ id: string; kind: string; sealed: Sealed }> {
  return rows.map((row) => {
    const plain = openRow(from, row);
    try {
      return { id: row.id, kind: row.kind, sealed: sealRow(to, row.id, row.kind, plain, random) };
    } finally {
      plain.fill(0);
    }
  });
}

/**
 * Fields of a credential that identify rather than authenticate. Masking them in logs would hide
 * handles and server URLs everywhere (and they are not secret), so they are not registered.
 */
const NON_SECRET_KEYS = /^(identifier|username|handle|did|service|serviceUrl|email|screenName|userId|kind)$/;

/** Collects the secret string leaves of a credential so the logger can mask them wherever they appear. */
export function secretStrings(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 8) return out;
  if (typeof value === 'string') {
    if (value.length >= 4) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) secretStrings(v, out, depth + 1);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (!NON_SECRET_KEYS.test(k)) secretStrings(v, out, depth + 1);
  }
  return out;
}
