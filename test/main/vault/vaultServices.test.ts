import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { createSecurityServices, openVaultWithChosenKeyStore } from '../../../src-main/vault/vaultServices';
import type { KeytarLoader } from '../../../src-main/vault/KeytarKeyStore';
import { ManualClock } from '../../support/ManualClock';
import { captureLogger, openTestDb } from './vaultFixtures';

const noKeytar: KeytarLoader = async () => {
  throw new Error('libsecret-1.so.0: cannot open shared object file');
};

function deps() {
  const { db } = openTestDb();
  const secrets = new Set<string>();
  const { logger, lines } = captureLogger(secrets);
  const base = { db, clock: new ManualClock(), logger, secrets, bcryptCost: 4 };
  return { ...base, lines, security: createSecurityServices(base) };
}

describe('openVaultWithChosenKeyStore', () => {
  it('headless with ENCRYPTION_KEY: opens an env-backed vault, and again on the next run', async () => {
    const d = deps();
    const env = { ENCRYPTION_KEY: randomBytes(32).toString('hex') };
    const first = await openVaultWithChosenKeyStore({ ...d, audit: d.security.audit, env, preferKeychain: false });
    if (first.status !== 'ready') throw new Error(first.reason);
    first.vault.put('account:1', 'x.cookies', { authToken: 'abcdef', ct0: 'ghijkl' });
    const second = await openVaultWithChosenKeyStore({ ...d, audit: d.security.audit, env, preferKeychain: false });
    if (second.status !== 'ready') throw new Error(second.reason);
    expect(second.vault.get('account:1', 'x.cookies')).toEqual({ authToken: 'abcdef', ct0: 'ghijkl' });
    expect(second.vault.status().backend).toBe('env');
    await expect(openVaultWithChosenKeyStore({ ...d, audit: d.security.audit, env: {}, preferKeychain: false })).rejects.toMatchObject({ code: ErrorCode.ConfigInvalid });
  });

  it('desktop without a keyring: asks for a passphrase (logged reason), then opens with it', async () => {
    const d = deps();
    const opts = { ...d, audit: d.security.audit, env: {}, preferKeychain: true, keytarLoader: noKeytar, scryptParams: { N: 2 ** 12, r: 8, p: 1 } };
    const asked = await openVaultWithChosenKeyStore(opts);
    expect(asked).toMatchObject({ status: 'needs-passphrase', isNewVault: true, reason: expect.stringMatching(/needs a passphrase/) });
    const opened = await openVaultWithChosenKeyStore({ ...opts, passphrase: 'Good-Pass-123' });
    expect(opened.status).toBe('ready');
    expect(d.lines.some((l) => l.includes('vault key store fallback') && l.includes('keytar module could not be loaded'))).toBe(true);
    const again = await openVaultWithChosenKeyStore({ ...opts });
    expect(again).toMatchObject({ status: 'needs-passphrase', isNewVault: false });
  });
});
