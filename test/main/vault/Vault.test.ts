import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { AuditLog } from '../../../src-main/vault/AuditLog';
import { openVault } from '../../../src-main/vault/openVault';
import { META } from '../../../src-main/vault/VaultMeta';
import { ManualClock } from '../../support/ManualClock';
import { captureLogger, MemoryKeyStore, openTestDb } from './vaultFixtures';

const BSKY = { identifier: 'alice.example.com', appPassword: 'abcd-efgh-ijkl-mnop', service: 'https://pds.example' };
const XCOOKIES = { authToken: 'f00dfacecafe0123456789abcdef0123456789ab', ct0: 'c70c70c70c70c70c70c70c70c70c70c7' };

function setup(store = new MemoryKeyStore()) {
  const { db, file } = openTestDb();
  const clock = new ManualClock();
  const secrets = new Set<string>();
  const { logger, lines } = captureLogger(secrets);
  const audit = new AuditLog({ db, clock, secrets });
  const deps = { db, keyStore: store, clock, logger, secrets, audit };
  return { db, file, clock, secrets, logger, lines, audit, store, deps };
}

async function expectAppError(p: Promise<unknown> | (() => unknown), code: ErrorCode, re?: RegExp): Promise<AppError> {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(AppError);
  const ae = err as AppError;
  expect(ae.code).toBe(code);
  if (re) expect(ae.message).toMatch(re);
  return ae;
}

describe('Vault round trip', () => {
  it('creates a key on first open, stores secrets and reads them back after reopening', async () => {
    const s = setup();
    const vault = await openVault(s.deps);
    expect(s.store.key?.length).toBe(32);
    expect(vault.put('acct:1', 'bsky.app-password', BSKY)).toEqual({ created: true });
    expect(vault.put('acct:2', 'x.cookies', XCOOKIES)).toEqual({ created: true });
    expect(vault.put('acct:1', 'bsky.app-password', { ...BSKY, appPassword: 'zzzz-yyyy-xxxx-wwww' })).toEqual({ created: false });
    const again = await openVault(s.deps);
    expect(again.get('acct:1', 'bsky.app-password')).toEqual({ ...BSKY, appPassword: 'zzzz-yyyy-xxxx-wwww' });
    expect(again.get('acct:2', 'x.cookies')).toEqual(XCOOKIES);
    expect(again.get('acct:3', 'x.cookies')).toBeNull();
    const listed = again.list();
    expect(listed.map((c) => [c.id, c.kind])).toEqual([['acct:1', 'bsky.app-password'], ['acct:2', 'x.cookies']]);
    expect(JSON.stringify(listed)).not.toContain('abcd');
    expect(again.status()).toMatchObject({ backend: 'keytar', credentialCount: 2, rotatedAt: null });
    expect(s.audit.list().map((e) => e.action)).toEqual(['credential.update', 'credential.create', 'credential.create', 'vault.create']);
  });

  it('uses a fresh random IV for every write of the same secret', async () => {
    const s = setup();
    const vault = await openVault(s.deps);
    vault.put('a', 'k', 'same secret value');
    const iv1 = (s.db.prepare('SELECT iv FROM credentials').get() as { iv: Buffer }).iv;
    vault.put('a', 'k', 'same secret value');
    const row = s.db.prepare('SELECT iv, tag FROM credentials').get() as { iv: Buffer; tag: Buffer };
    expect(row.iv.length).toBe(12);
    expect(row.tag.length).toBe(16);
    expect(row.iv.equals(iv1)).toBe(false);
  });

  it('registers every secret it hands out with the logger so later log lines mask it', async () => {
    const s = setup();
    const vault = await openVault(s.deps);
    vault.put('acct:1', 'bsky.app-password', BSKY);
    s.secrets.clear();
    vault.get('acct:1', 'bsky.app-password');
    expect(s.secrets.has(BSKY.appPassword)).toBe(true);
    expect(s.secrets.has(BSKY.identifier)).toBe(false);
    s.logger.info(`connector got ${BSKY.appPassword}`);
    expect(s.lines.at(-1)).toContain('[redacted]');
    expect(s.lines.at(-1)).not.toContain(BSKY.appPassword);
  });

  it('deletes every kind under an id and audits it', async () => {
    const s = setup();
    const vault = await openVault(s.deps);
    vault.put('acct:1', 'bsky.app-password', BSKY);
    vault.put('acct:1', 'bsky.session', { accessJwt: 'aaaa.bbbb.cccc', refreshJwt: 'dddd.eeee.ffff' });
    expect(vault.delete('acct:1')).toBe(2);
    expect(vault.list()).toEqual([]);
    expect(s.audit.list({ action: 'credential.delete' })[0]).toMatchObject({ target: 'acct:1', success: true, details: { removed: 2 } });
  });

  it('rejects bad ids, kinds and non-JSON secrets with InvalidInput', async () => {
    const vault = await openVault(setup().deps);
    await expectAppError(() => vault.put('', 'k', 'x'), ErrorCode.InvalidInput, /id/);
    await expectAppError(() => vault.put('a', 'Bad Kind', 'x'), ErrorCode.InvalidInput, /kind/);
    await expectAppError(() => vault.put('a', 'k', undefined), ErrorCode.InvalidInput, /JSON/);
  });
});

describe('Vault tamper detection', () => {
  async function tampered(mutate: (db: ReturnType<typeof openTestDb>['db']) => void) {
    const s = setup();
    const vault = await openVault(s.deps);
    vault.put('acct:1', 'bsky.app-password', BSKY);
    vault.put('acct:2', 'x.cookies', XCOOKIES);
    mutate(s.db);
    return { s, vault };
  }
  const flip = (b: Buffer, i = 0) => {
    const c = Buffer.from(b);
    c[i] = c[i]! ^ 0x01;
    return c;
  };

  for (const column of ['ciphertext', 'iv', 'tag'] as const) {
    it(`a flipped bit in the ${column} is a clear VaultCorrupt error naming the row`, async () => {
      const { vault } = await tampered((db) => {
        const row = db.prepare(`SELECT ${column} AS v FROM credentials WHERE id = 'acct:1'`).get() as { v: Buffer };
        db.prepare(`UPDATE credentials SET ${column} = ? WHERE id = 'acct:1'`).run(flip(row.v, 3));
      });
      await expectAppError(() => vault.get('acct:1', 'bsky.app-password'), ErrorCode.VaultCorrupt, /"acct:1".*integrity check/);
      expect(vault.get('acct:2', 'x.cookies')).toEqual(XCOOKIES);
    });
  }

  it('a ciphertext moved to another id (associated data) does not decrypt', async () => {
    const { vault } = await tampered((db) => {
      db.prepare("DELETE FROM credentials WHERE id = 'acct:2'").run();
      db.prepare("UPDATE credentials SET id = 'acct:2' WHERE id = 'acct:1'").run();
    });
    await expectAppError(() => vault.get('acct:2', 'bsky.app-password'), ErrorCode.VaultCorrupt, /"acct:2"/);
  });

  it('a ciphertext relabelled with another kind (associated data) does not decrypt', async () => {
    const { vault } = await tampered((db) => {
      db.prepare("UPDATE credentials SET kind = 'bsky.session' WHERE id = 'acct:1'").run();
    });
    await expectAppError(() => vault.get('acct:1', 'bsky.session'), ErrorCode.VaultCorrupt, /integrity check/);
  });
});

describe('Vault open failures', () => {
  it('a wrong key is refused before any row is read, with a recovery path, and nothing changes', async () => {
    const s = setup();
    (await openVault(s.deps)).put('acct:1', 'x.cookies', XCOOKIES);
    const before = s.db.prepare('SELECT * FROM vault_meta ORDER BY key').all();
    const err = await expectAppError(openVault({ ...s.deps, keyStore: new MemoryKeyStore({ key: randomBytes(32) }) }), ErrorCode.VaultLocked, /does not match this vault.*reset the vault/);
    expect(err.details).toMatchObject({ reason: 'wrong_key', credentials: 1 });
    expect(s.db.prepare('SELECT * FROM vault_meta ORDER BY key').all()).toEqual(before);
    expect((await openVault(s.deps)).get('acct:1', 'x.cookies')).toEqual(XCOOKIES);
  });

  it('a key store that lost the key is reported (never a fresh empty vault over old data)', async () => {
    const s = setup();
    (await openVault(s.deps)).put('acct:1', 'x.cookies', XCOOKIES);
    const err = await expectAppError(openVault({ ...s.deps, keyStore: new MemoryKeyStore() }), ErrorCode.VaultLocked, /holds no key.*1 stored credential/);
    expect(err.details).toMatchObject({ reason: 'key_missing' });
    expect(s.db.prepare('SELECT count(*) AS n FROM credentials').get()).toEqual({ n: 1 });
  });

  it('a change of backend is refused unless accepted, and an accepted change is recorded and audited', async () => {
    const s = setup();
    (await openVault(s.deps)).put('acct:1', 'x.cookies', XCOOKIES);
    const envLike = new MemoryKeyStore({ key: s.store.key!, backend: 'env', label: 'environment variable ENCRYPTION_KEY' });
    const err = await expectAppError(openVault({ ...s.deps, keyStore: envLike }), ErrorCode.VaultLocked, /kept by the keytar key store.*ENCRYPTION_KEY/);
    expect(err.details).toMatchObject({ reason: 'backend_changed', recordedBackend: 'keytar', backend: 'env' });
    const vault = await openVault({ ...s.deps, keyStore: envLike, acceptBackendChange: true });
    expect(vault.get('acct:1', 'x.cookies')).toEqual(XCOOKIES);
    expect(s.db.prepare("SELECT value FROM vault_meta WHERE key = 'backend'").get()).toEqual({ value: 'env' });
    expect(s.audit.list({ action: 'vault.backend_change' })[0]?.details).toEqual({ from: 'keytar', to: 'env' });
  });

  it('lost metadata with rows present is VaultCorrupt and no new key is created', async () => {
    const s = setup();
    (await openVault(s.deps)).put('acct:1', 'x.cookies', XCOOKIES);
    s.db.prepare('DELETE FROM vault_meta').run();
    const fresh = new MemoryKeyStore();
    await expectAppError(openVault({ ...s.deps, keyStore: fresh }), ErrorCode.VaultCorrupt, /metadata is missing but 1 encrypted credential/);
    expect(fresh.key).toBeNull();
    expect(s.db.prepare('SELECT count(*) AS n FROM vault_meta').get()).toEqual({ n: 0 });
  });
});

describe('Vault key rotation', () => {
  it('re-encrypts every row under a new key for the same store; the old key no longer opens it', async () => {
    const s = setup();
    const vault = await openVault(s.deps);
    for (let i = 0; i < 20; i++) vault.put(`acct:${i}`, 'bsky.app-password', { ...BSKY, appPassword: `pw-${i}-secret` });
    const oldKey = Buffer.from(s.store.key!);
    const before = s.db.prepare('SELECT id, ciphertext FROM credentials ORDER BY id').all() as Array<{ id: string; ciphertext: Buffer }>;
    s.clock.advance(1000);
    const result = await vault.rotate(randomBytes(32));
    expect(result).toEqual({ rotated: 20, fromBackend: 'keytar', toBackend: 'keytar', oldKeyRemoved: null });
    expect(s.store.key!.equals(oldKey)).toBe(false);
    const after = s.db.prepare('SELECT id, ciphertext FROM credentials ORDER BY id').all() as Array<{ id: string; ciphertext: Buffer }>;
    after.forEach((r, i) => expect(r.ciphertext.equals(before[i]!.ciphertext)).toBe(false));
    for (let i = 0; i < 20; i++) expect(vault.get(`acct:${i}`, 'bsky.app-password')).toMatchObject({ appPassword: `pw-${i}-secret` });
    const reopened = await openVault(s.deps);
    for (let i = 0; i < 20; i++) expect(reopened.get(`acct:${i}`, 'bsky.app-password')).toMatchObject({ appPassword: `pw-${i}-secret` });
    expect(reopened.status().rotatedAt).toBe(s.clock.now());
    await expectAppError(openVault({ ...s.deps, keyStore: new MemoryKeyStore({ key: oldKey }) }), ErrorCode.VaultLocked, /does not match/);
    expect(s.audit.list({ action: 'vault.rotate' })[0]).toMatchObject({ success: true, details: { rotated: 20 } });
  });

  it('moves the vault to another key store, records the backend and removes the old key', async () => {
    const s = setup();
    const vault = await openVault(s.deps);
    vault.put('acct:1', 'x.cookies', XCOOKIES);
    const target = new MemoryKeyStore({ backend: 'passphrase', label: 'other store' });
    const result = await vault.rotate(target);
    expect(result).toEqual({ rotated: 1, fromBackend: 'keytar', toBackend: 'passphrase', oldKeyRemoved: true });
    expect(s.store.key).toBeNull();
    expect(target.key?.length).toBe(32);
    expect(vault.status().backend).toBe('passphrase');
    expect((await openVault({ ...s.deps, keyStore: target })).get('acct:1', 'x.cookies')).toEqual(XCOOKIES);
    expect(s.db.prepare("SELECT count(*) AS n FROM vault_meta WHERE key LIKE 'rotation_%'").get()).toEqual({ n: 0 });
  });

  it('a key store that refuses the new key leaves everything as it was', async () => {
    const s = setup();
    const vault = await openVault(s.deps);
    vault.put('acct:1', 'x.cookies', XCOOKIES);
    const oldKey = Buffer.from(s.store.key!);
    s.store.failSet = true;
    await expect(vault.rotate(randomBytes(32))).rejects.toThrow(/refused/);
    expect(s.store.key!.equals(oldKey)).toBe(true);
    expect(vault.get('acct:1', 'x.cookies')).toEqual(XCOOKIES);
    expect((await openVault(s.deps)).get('acct:1', 'x.cookies')).toEqual(XCOOKIES);
    expect(s.audit.list({ action: 'vault.rotate' })[0]?.success).toBe(false);
  });

  it('a failed commit puts the old key back in the shared store', async () => {
    const s = setup();
    const vault = await openVault(s.deps);
    vault.put('acct:1', 'x.cookies', XCOOKIES);
    const oldKey = Buffer.from(s.store.key!);
    s.db.exec("CREATE TRIGGER no_rewrite BEFORE UPDATE ON credentials BEGIN SELECT RAISE(ABORT, 'disk said no'); END");
    await expectAppError(vault.rotate(randomBytes(32)), ErrorCode.Internal, /old key is still in use/);
    expect(s.store.key!.equals(oldKey)).toBe(true);
    s.db.exec('DROP TRIGGER no_rewrite');
    expect((await openVault(s.deps)).get('acct:1', 'x.cookies')).toEqual(XCOOKIES);
  });

  it('a crash between storing the new key and committing the rows is finished at the next open', async () => {
    const s = setup();
    const vault = await openVault(s.deps);
    vault.put('acct:1', 'x.cookies', XCOOKIES);
    vault.put('acct:2', 'bsky.app-password', BSKY);
    // Simulate the crash: the commit fails and so does the rollback of the key store.
    s.db.exec("CREATE TRIGGER no_rewrite BEFORE UPDATE ON credentials BEGIN SELECT RAISE(ABORT, 'power cut'); END");
    const realSet = s.store.set.bind(s.store);
    let sets = 0;
    s.store.set = async (k: Buffer) => {
      if (++sets > 1) throw new Error('process died');
      await realSet(k);
    };
    await expect(vault.rotate(randomBytes(32))).rejects.toThrow();
    s.db.exec('DROP TRIGGER no_rewrite');
    expect(s.db.prepare(`SELECT count(*) AS n FROM vault_meta WHERE key = '${META.escrow}'`).get()).toEqual({ n: 1 });
    const reopened = await openVault({ ...s.deps, keyStore: new MemoryKeyStore({ key: s.store.key! }) });
    expect(reopened.get('acct:1', 'x.cookies')).toEqual(XCOOKIES);
    expect(reopened.get('acct:2', 'bsky.app-password')).toEqual(BSKY);
    expect(s.db.prepare(`SELECT count(*) AS n FROM vault_meta WHERE key = '${META.escrow}'`).get()).toEqual({ n: 0 });
  });

  it('refuses a new key equal to the current one and a key of the wrong size', async () => {
    const s = setup();
    const vault = await openVault(s.deps);
    await expectAppError(vault.rotate(Buffer.from(s.store.key!)), ErrorCode.InvalidInput, /same as the current/);
    await expectAppError(vault.rotate(randomBytes(16)), ErrorCode.InvalidInput, /exactly 32 bytes/);
  });
});
