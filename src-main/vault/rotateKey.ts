/**
 * Key rotation and its crash recovery. Order of effects, chosen so no crash loses the old key:
 *  1. decrypt every row with the old key (fail before changing anything);
 *  2. commit an escrow: the old key sealed under the new key, plus the new key's check value;
 *  3. store the new key in the target key store;
 *  4. one transaction: every row re-sealed, key check + backend updated, escrow removed.
 * A crash after 3 leaves "new key in the store, rows under the old key": `recoverRotation` finds the
 * escrow at the next open and finishes the job. A failure in 4 puts the old key back.
 */
import type Database from 'better-sqlite3';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { assertKey, keyMatchesCheck, makeKeyCheck, packSealed, seal, tryOpen, unpackSealed } from './crypto';
import { reseal, type CredentialTable } from './credentialRows';
import type { KeyStore, KeyStoreBackend } from './KeyStore';
import { META, type VaultMeta } from './VaultMeta';

const ESCROW_AAD = Buffer.from('chirpsyncer/vault/rotation-escrow/v1');

export interface RotationCtx {
  db: Database.Database;
  table: CredentialTable;
  meta: VaultMeta;
  clock: Clock;
  logger: Logger;
  random: (n: number) => Buffer;
}

export interface RotationResult {
  rotated: number;
  fromBackend: KeyStoreBackend;
  toBackend: KeyStoreBackend;
  /** False when the old key could not be removed from the store we moved away from (logged as a warning). */
  oldKeyRemoved: boolean | null;
}

function sameLocation(a: KeyStore, b: KeyStore): boolean {
  const da = a.describe();
  const db = b.describe();
  return da.backend === db.backend && da.label === db.label;
}

async function resolveTarget(current: { key: Buffer; store: KeyStore }, target: KeyStore | Buffer, random: (n: number) => Buffer) {
  if (Buffer.isBuffer(target)) {
    assertKey(target, 'new vault key');
    return { store: current.store, key: Buffer.from(target), needsSet: true };
  }
  if (!target.describe().writable) {
    // ENCRYPTION_KEY style: the store already carries the key we must move to.
    const key = await target.get();
    if (!key) throw new AppError(ErrorCode.ConfigInvalid, `The target key store (${target.describe().label}) has no key to rotate to.`);
    return { store: target, key, needsSet: false };
  }
  return { store: target, key: random(32), needsSet: true };
}

export async function rotateKey(ctx: RotationCtx, current: { key: Buffer; store: KeyStore }, target: KeyStore | Buffer) {
  const next = await resolveTarget(current, target, ctx.random);
  if (next.key.equals(current.key)) throw new AppError(ErrorCode.InvalidInput, 'The new vault key is the same as the current one; rotation needs a different key.');
  if (next.needsSet && !next.store.describe().writable) {
    await next.store.set(next.key); // throws the store's own explanation (e.g. ENCRYPTION_KEY cannot be changed by the app)
  }
  const resealed = reseal(ctx.table.all.all(), current.key, next.key, ctx.random);
  ctx.db.transaction(() => {
    ctx.meta.setMeta(META.pendingCheck, makeKeyCheck(next.key, ctx.random));
    ctx.meta.setMeta(META.escrow, packSealed(seal(next.key, current.key, ESCROW_AAD, ctx.random)));
  })();
  const shared = sameLocation(current.store, next.store);
  try {
    if (next.needsSet) await next.store.set(next.key);
  } catch (e) {
    clearEscrow(ctx.meta);
    throw e;
  }
  try {
    ctx.db.transaction(() => {
      for (const r of resealed) ctx.table.rewrite.run(r.sealed.iv, r.sealed.tag, r.sealed.ciphertext, r.id, r.kind);
      ctx.meta.setMeta(META.keyCheck, makeKeyCheck(next.key, ctx.random));
      ctx.meta.setMeta(META.backend, next.store.describe().backend);
      ctx.meta.setMeta(META.rotatedAt, String(ctx.clock.now()));
      clearEscrow(ctx.meta);
    })();
  } catch (e) {
    await restoreAfterFailedCommit(ctx, current, next, shared);
    throw new AppError(ErrorCode.Internal, 'Key rotation failed while saving the re-encrypted credentials; the old key is still in use and nothing changed.', undefined, { cause: e });
  }
  const oldKeyRemoved = shared || !current.store.describe().writable ? null : await removeOldKey(ctx.logger, current.store);
  const summary: RotationResult = { rotated: resealed.length, fromBackend: current.store.describe().backend, toBackend: next.store.describe().backend, oldKeyRemoved };
  return { key: next.key, store: next.store, summary };
}

async function restoreAfterFailedCommit(ctx: RotationCtx, current: { key: Buffer; store: KeyStore }, next: { store: KeyStore; needsSet: boolean }, shared: boolean) {
  try {
    if (shared) await current.store.set(current.key);
    else if (next.needsSet) await next.store.delete();
    clearEscrow(ctx.meta);
  } catch (e) {
    // The escrow stays in vault_meta, so the next open can still recover the old key.
    ctx.logger.error('vault rotation rollback incomplete; the escrow is kept for recovery at next open', { error: e });
  }
}

async function removeOldKey(logger: Logger, store: KeyStore): Promise<boolean> {
  try {
    await store.delete();
    return true;
  } catch (e) {
    logger.warn('vault rotated, but the old key could not be removed from its previous store', { label: store.describe().label, error: e });
    return false;
  }
}

function clearEscrow(meta: VaultMeta): void {
  meta.deleteMeta(META.pendingCheck);
  meta.deleteMeta(META.escrow);
}

/**
 * Called by openVault when the store's key fails the key check. If an interrupted rotation left an
 * escrow that this key opens, finish the rotation and return true; otherwise return false.
 */
export function recoverRotation(ctx: RotationCtx, key: Buffer, backend: KeyStoreBackend): boolean {
  const pending = ctx.meta.getMeta(META.pendingCheck);
  const escrow = ctx.meta.getMeta(META.escrow);
  if (!pending || !escrow || !keyMatchesCheck(key, pending)) return false;
  const oldKey = tryOpen(key, unpackSealed(escrow), ESCROW_AAD);
  const check = ctx.meta.getMeta(META.keyCheck);
  if (!oldKey || !check || !keyMatchesCheck(oldKey, check)) return false;
  const resealed = reseal(ctx.table.all.all(), oldKey, key, ctx.random);
  ctx.db.transaction(() => {
    for (const r of resealed) ctx.table.rewrite.run(r.sealed.iv, r.sealed.tag, r.sealed.ciphertext, r.id, r.kind);
    ctx.meta.setMeta(META.keyCheck, makeKeyCheck(key, ctx.random));
    ctx.meta.setMeta(META.backend, backend);
    ctx.meta.setMeta(META.rotatedAt, String(ctx.clock.now()));
    clearEscrow(ctx.meta);
  })();
  oldKey.fill(0);
  ctx.logger.warn('vault: finished a key rotation that was interrupted', { rotated: resealed.length });
  return true;
}

/** The store's key matches the vault: an escrow left behind means a rotation was rolled back; drop it. */
export function dropStaleEscrow(meta: VaultMeta): void {
  if (meta.getMeta(META.escrow) !== null || meta.getMeta(META.pendingCheck) !== null) clearEscrow(meta);
}
