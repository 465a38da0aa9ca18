import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { KeytarKeyStore, loadKeytar } from '../../../src-main/vault/KeytarKeyStore';
import { openVault } from '../../../src-main/vault/openVault';
import { META } from '../../../src-main/vault/VaultMeta';
import { silentLogger } from '../../../src-main/util/logger';
import { ManualClock } from '../../support/ManualClock';
import { keyringAvailability, keyringSuiteTitle } from '../../support/keyring';
import { openTestDb, repoRoot, tempDir } from './vaultFixtures';

const run = promisify(execFile);
const ring = await keyringAvailability();
const SERVICE = `ChirpSyncer-test-${process.pid}-${randomBytes(3).toString('hex')}`;
const child = path.join(repoRoot, 'test/main/vault/fixtures/keytarVaultChild.ts');
const created: Array<{ service: string; account: string }> = [];

async function runChild(...args: string[]): Promise<{ backend: string; isNewVault: boolean; label: string; value: { appPassword: string } | null; pid: number }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', child, ...args], { cwd: repoRoot, env: process.env, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe.skipIf(!ring.available && !ring.required)(keyringSuiteTitle('KeytarKeyStore against the real OS keyring (D-Bus)', ring), () => {
  afterAll(async () => {
    if (!ring.available) return;
    const keytar = await loadKeytar();
    for (const c of created) await keytar.deletePassword(c.service, c.account);
  });

  it('the keyring is reachable (CHIRP_REQUIRE_KEYRING makes this a failure, not a skip)', () => {
    expect(ring.reason).toBe('');
    expect(ring.available).toBe(true);
  });

  it('stores, reads and deletes a key in the keyring', async () => {
    const account = `unit-${randomBytes(4).toString('hex')}`;
    created.push({ service: SERVICE, account });
    const store = new KeytarKeyStore({ service: SERVICE, account });
    expect(await store.get()).toBeNull();
    const key = randomBytes(32);
    await store.set(key);
    expect((await new KeytarKeyStore({ service: SERVICE, account }).get())!.equals(key)).toBe(true);
    await store.delete();
    expect(await store.get()).toBeNull();
  });

  it('a vault created in one process opens in a second, real node process with the key from the keyring', async () => {
    const file = path.join(tempDir(), 'keytar.db');
    const secret = `app-pw-${randomBytes(6).toString('hex')}`;
    const first = await runChild('write', file, SERVICE, secret);
    const { db } = openTestDb(file);
    const vaultId = db.prepare(`SELECT value FROM vault_meta WHERE key = '${META.vaultId}'`).get() as { value: string };
    created.push({ service: SERVICE, account: `vault-${vaultId.value}` });
    expect(first).toMatchObject({ backend: 'keytar', isNewVault: true, value: { appPassword: secret } });
    const second = await runChild('read', file, SERVICE);
    expect(second.pid).not.toBe(first.pid);
    expect(second).toMatchObject({ backend: 'keytar', isNewVault: false, value: { appPassword: secret } });
    expect(second.label).toBe(first.label);
    // The key really lives in the keyring: this process reads it and it opens the vault too.
    const keytar = await loadKeytar();
    const stored = await keytar.getPassword(SERVICE, `vault-${vaultId.value}`);
    expect(Buffer.from(stored!, 'base64').length).toBe(32);
    const store = new KeytarKeyStore({ service: SERVICE, account: `vault-${vaultId.value}` });
    const vault = await openVault({ db, keyStore: store, clock: new ManualClock(), logger: silentLogger, secrets: new Set() });
    expect(vault.get('acct:1', 'bsky.app-password')).toEqual({ appPassword: secret });
    // Deleting the keychain entry: the next open says the key is missing instead of starting empty.
    await keytar.deletePassword(SERVICE, `vault-${vaultId.value}`);
    await expect(openVault({ db, keyStore: store, clock: new ManualClock(), logger: silentLogger, secrets: new Set() })).rejects.toMatchObject({
      code: ErrorCode.VaultLocked,
      details: { reason: 'key_missing' },
    });
    db.close();
  });
});
