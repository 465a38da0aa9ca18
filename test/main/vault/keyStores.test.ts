import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { chooseKeyStore } from '../../../src-main/vault/chooseKeyStore';
import { EnvKeyStore, parseEncryptionKey } from '../../../src-main/vault/EnvKeyStore';
import { KeytarKeyStore, type KeytarLoader } from '../../../src-main/vault/KeytarKeyStore';
import { openVault } from '../../../src-main/vault/openVault';
import { DEFAULT_SCRYPT, PASSPHRASE_META_KEY, PassphraseKeyStore } from '../../../src-main/vault/PassphraseKeyStore';
import { META, VaultMeta } from '../../../src-main/vault/VaultMeta';
import { silentLogger } from '../../../src-main/util/logger';
import { ManualClock } from '../../support/ManualClock';
import { openTestDb } from './vaultFixtures';

const PASS = 'Correct-Horse-9';
const FAST = { N: 2 ** 12, r: 8, p: 1 };
const missingKeytar: KeytarLoader = async () => {
  throw new Error("Cannot find module 'keytar': libsecret-1.so.0: cannot open shared object file");
};
const deadKeyring: KeytarLoader = async () => ({
  getPassword: async () => {
    throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
  },
  setPassword: async () => {},
  deletePassword: async () => true,
});

function meta() {
  const { db } = openTestDb();
  const clock = new ManualClock();
  return { db, clock, meta: new VaultMeta(db, clock) };
}

function catchAppError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an AppError');
}

describe('EnvKeyStore / ENCRYPTION_KEY', () => {
  const key = randomBytes(32);
  it('accepts 32 bytes as base64, base64url and hex', async () => {
    expect(parseEncryptionKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString('base64url')).equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString('hex').toUpperCase()).equals(key)).toBe(true);
    expect((await new EnvKeyStore({ ENCRYPTION_KEY: ` ${key.toString('hex')}\n` }).get())!.equals(key)).toBe(true);
  });

  it('refuses short, long and non-key values with ConfigInvalid naming the variable and not echoing the value', () => {
    for (const bad of [randomBytes(16).toString('base64'), randomBytes(33).toString('hex'), 'correct horse battery staple', key.toString('hex').slice(0, 63) + 'g']) {
      const err = catchAppError(() => new EnvKeyStore({ ENCRYPTION_KEY: bad }));
      expect(err.code).toBe(ErrorCode.ConfigInvalid);
      expect(err.message).toMatch(/^ENCRYPTION_KEY must be a 32-byte key/);
      expect(err.message).not.toContain(bad);
      expect(err.details).toEqual({ variable: 'ENCRYPTION_KEY' });
    }
    expect(catchAppError(() => new EnvKeyStore({})).message).toMatch(/ENCRYPTION_KEY is not set/);
  });

  it('cannot store a key and says how to rotate instead', async () => {
    const store = new EnvKeyStore({ ENCRYPTION_KEY: key.toString('base64') });
    await expect(store.set()).rejects.toMatchObject({ code: ErrorCode.ConfigInvalid, message: expect.stringMatching(/ENCRYPTION_KEY.*rotate/) });
    expect(store.describe()).toEqual({ backend: 'env', label: 'environment variable ENCRYPTION_KEY', writable: false });
  });
});

describe('PassphraseKeyStore', () => {
  it('wraps a key under scrypt with stored salt and N/r/p, and unwraps it with the same passphrase', async () => {
    const m = meta();
    const key = randomBytes(32);
    await new PassphraseKeyStore({ passphrase: PASS, meta: m.meta }).set(key);
    const stored = JSON.parse(m.meta.getMeta(PASSPHRASE_META_KEY)!);
    expect(stored).toMatchObject({ alg: 'scrypt', N: DEFAULT_SCRYPT.N, r: 8, p: 1 });
    expect(Buffer.from(stored.salt, 'base64').length).toBe(16);
    expect((await new PassphraseKeyStore({ passphrase: PASS, meta: m.meta }).get())!.equals(key)).toBe(true);
  });

  it('a wrong passphrase is VaultLocked with a plain message', async () => {
    const m = meta();
    await new PassphraseKeyStore({ passphrase: PASS, meta: m.meta, params: FAST }).set(randomBytes(32));
    await expect(new PassphraseKeyStore({ passphrase: 'Correct-Horse-8', meta: m.meta }).get()).rejects.toMatchObject({
      code: ErrorCode.VaultLocked,
      message: expect.stringMatching(/passphrase is wrong/),
    });
  });

  it('damaged or hostile stored parameters are VaultCorrupt (no huge allocation)', async () => {
    const m = meta();
    await new PassphraseKeyStore({ passphrase: PASS, meta: m.meta, params: FAST }).set(randomBytes(32));
    const stored = JSON.parse(m.meta.getMeta(PASSPHRASE_META_KEY)!);
    m.meta.setMeta(PASSPHRASE_META_KEY, JSON.stringify({ ...stored, N: 2 ** 30 }));
    await expect(new PassphraseKeyStore({ passphrase: PASS, meta: m.meta }).get()).rejects.toMatchObject({ code: ErrorCode.VaultCorrupt });
  });

  it('holds no key before set, and a weak passphrase cannot protect a new key', async () => {
    const m = meta();
    expect(await new PassphraseKeyStore({ passphrase: 'weak', meta: m.meta }).get()).toBeNull();
    await expect(new PassphraseKeyStore({ passphrase: 'weakpass', meta: m.meta }).set(randomBytes(32))).rejects.toMatchObject({
      code: ErrorCode.InvalidInput,
      message: expect.stringMatching(/vault passphrase needs an upper-case letter, a digit, a symbol/),
    });
  });

  it('backs a whole vault: reopen with the passphrase, wrong passphrase refused', async () => {
    const m = meta();
    const deps = { db: m.db, clock: m.clock, logger: silentLogger, secrets: new Set<string>() };
    const v = await openVault({ ...deps, keyStore: new PassphraseKeyStore({ passphrase: PASS, meta: m.meta, params: FAST }) });
    v.put('acct:1', 'bsky.app-password', { appPassword: 'aaaa-bbbb-cccc-dddd' });
    const again = await openVault({ ...deps, keyStore: new PassphraseKeyStore({ passphrase: PASS, meta: m.meta }) });
    expect(again.get('acct:1', 'bsky.app-password')).toEqual({ appPassword: 'aaaa-bbbb-cccc-dddd' });
    await expect(openVault({ ...deps, keyStore: new PassphraseKeyStore({ passphrase: 'Wrong-Horse-9', meta: m.meta }) })).rejects.toMatchObject({ code: ErrorCode.VaultLocked });
  });
});

describe('KeytarKeyStore without a keyring', () => {
  it('a missing keytar module or dead keyring is VaultLocked offering the passphrase, not a crash', async () => {
    for (const loader of [missingKeytar, deadKeyring]) {
      const store = new KeytarKeyStore({ account: 'vault-x', loader });
      await expect(store.get()).rejects.toMatchObject({ code: ErrorCode.VaultLocked, message: expect.stringMatching(/OS keychain is not available.*passphrase/) });
    }
  });
});

describe('chooseKeyStore', () => {
  const envKey = randomBytes(32).toString('base64');

  it('uses ENCRYPTION_KEY when set and validates it', async () => {
    const m = meta();
    const choice = await chooseKeyStore({ env: { ENCRYPTION_KEY: envKey }, preferKeychain: true, meta: m.meta, keytarLoader: missingKeytar });
    expect(choice).toMatchObject({ status: 'ready', backend: 'env', isNewVault: true });
    await expect(chooseKeyStore({ env: { ENCRYPTION_KEY: 'nope' }, preferKeychain: false, meta: m.meta })).rejects.toMatchObject({ code: ErrorCode.ConfigInvalid });
  });

  it('keychain missing on a new vault: offers the passphrase fallback with the reason', async () => {
    const m = meta();
    const choice = await chooseKeyStore({ env: {}, preferKeychain: true, meta: m.meta, keytarLoader: missingKeytar });
    expect(choice.status).toBe('needs-passphrase');
    if (choice.status !== 'needs-passphrase') return;
    expect(choice.reason).toMatch(/OS keychain is not available.*passphrase/);
    expect(choice.notes[0]).toMatch(/keytar module could not be loaded/);
    const withPass = await chooseKeyStore({ env: {}, preferKeychain: true, passphrase: PASS, meta: m.meta, keytarLoader: deadKeyring });
    expect(withPass).toMatchObject({ status: 'ready', backend: 'passphrase', isNewVault: true });
  });

  it('follows the recorded backend of an existing vault', async () => {
    const m = meta();
    m.meta.setMeta(META.backend, 'passphrase');
    expect(await chooseKeyStore({ env: {}, preferKeychain: true, meta: m.meta })).toMatchObject({ status: 'needs-passphrase', isNewVault: false });
    m.meta.setMeta(META.backend, 'env');
    await expect(chooseKeyStore({ env: {}, preferKeychain: true, meta: m.meta })).rejects.toMatchObject({
      code: ErrorCode.ConfigInvalid,
      message: expect.stringMatching(/comes from ENCRYPTION_KEY, which is not set/),
    });
    m.meta.setMeta(META.backend, 'keytar');
    await expect(chooseKeyStore({ env: {}, preferKeychain: true, passphrase: PASS, meta: m.meta, keytarLoader: deadKeyring })).rejects.toMatchObject({
      code: ErrorCode.VaultLocked,
    });
    m.meta.setMeta(META.backend, 'safeStorage');
    await expect(chooseKeyStore({ env: {}, preferKeychain: false, meta: m.meta })).rejects.toMatchObject({ code: ErrorCode.VaultLocked, message: expect.stringMatching(/desktop app/) });
  });

  it('names the keychain entry after this database so two data folders never share a key', async () => {
    const a = meta();
    const b = meta();
    const ok: KeytarLoader = async () => ({ getPassword: async () => null, setPassword: async () => {}, deletePassword: async () => true });
    const ca = await chooseKeyStore({ env: {}, preferKeychain: true, meta: a.meta, keytarLoader: ok });
    const cb = await chooseKeyStore({ env: {}, preferKeychain: true, meta: b.meta, keytarLoader: ok });
    if (ca.status !== 'ready' || cb.status !== 'ready') throw new Error('expected ready');
    expect(ca.keyStore.describe().label).toMatch(/^OS keychain \(service ChirpSyncer, entry vault-/);
    expect(ca.keyStore.describe().label).not.toBe(cb.keyStore.describe().label);
  });
});
