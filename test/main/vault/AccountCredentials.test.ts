import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { RemoteError } from '../../../src-main/connectors/limits/types';
import { AccountCredentials, credentialId, vaultBskySessionStore, type CredentialTester } from '../../../src-main/vault/AccountCredentials';
import { AuditLog } from '../../../src-main/vault/AuditLog';
import { credentialsFromEnv, parseCookieHeader } from '../../../src-main/vault/credentialKinds';
import { openVault } from '../../../src-main/vault/openVault';
import { resetVault } from '../../../src-main/vault/resetVault';
import { StepUpService } from '../../../src-main/vault/StepUpService';
import { ManualClock } from '../../support/ManualClock';
import { captureLogger, MemoryKeyStore, openTestDb } from './vaultFixtures';

const USER = { userId: 7, actor: 'user:alice' };
const APP_PW = 'wxyz-1234-abcd-5678';

async function setup(tester?: CredentialTester) {
  const { db } = openTestDb();
  const clock = new ManualClock();
  const secrets = new Set<string>();
  const { logger, lines } = captureLogger(secrets);
  const audit = new AuditLog({ db, clock, secrets });
  const keyStore = new MemoryKeyStore();
  const vault = await openVault({ db, keyStore, clock, logger, secrets, audit });
  const stepUp = new StepUpService({ db, clock, audit });
  const removedRows: number[] = [];
  const creds = new AccountCredentials({ vault, audit, stepUp, secrets, tester, accountLabel: (id) => (id === 1 ? '@alice.bsky.social' : `@acct${id}`), deleteAccountRow: (id) => removedRows.push(id) });
  return { db, clock, secrets, logger, lines, audit, keyStore, vault, stepUp, creds, removedRows };
}

describe('AccountCredentials', () => {
  it('adds validated credentials per account and lists kinds without secrets', async () => {
    const s = await setup();
    expect(s.creds.add({ accountId: 1, kind: 'bsky.app-password', secret: { identifier: '@Alice.BSKY.social', appPassword: APP_PW } }, USER)).toEqual({ created: true });
    s.creds.add({ accountId: 2, kind: 'x.cookies', secret: { authToken: 'a'.repeat(40), ct0: 'c'.repeat(32) } }, USER);
    expect(s.creds.get(1, 'bsky.app-password')).toEqual({ identifier: 'alice.bsky.social', appPassword: APP_PW, service: 'https://bsky.social' });
    const list = s.creds.list();
    expect(list.map((a) => [a.accountId, a.kinds])).toEqual([[1, ['bsky.app-password']], [2, ['x.cookies']]]);
    expect(JSON.stringify(list)).not.toContain(APP_PW);
    expect(s.creds.list([2]).map((a) => a.accountId)).toEqual([2]);
    expect(s.audit.list({ userId: 7 }).map((e) => e.action)).toEqual(['credential.create', 'credential.create']);
  });

  it('refuses invalid credentials naming the field, not the value', async () => {
    const s = await setup();
    let err: AppError | undefined;
    try {
      s.creds.add({ accountId: 1, kind: 'x.password', secret: { username: 'alice', password: '' } }, USER);
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.code).toBe(ErrorCode.InvalidInput);
    expect(err?.message).toMatch(/x\.password credential is not valid: password/);
    expect(() => s.creds.add({ accountId: 1, kind: 'bsky.app-password', secret: { identifier: 'a', appPassword: 'p', service: 'ftp://x' } }, USER)).toThrow(/service/);
    expect(() => s.creds.add({ accountId: 0, kind: 'x.cookies', secret: {} }, USER)).toThrow(/accountId/);
    expect(() => s.creds.add({ accountId: 1, kind: 'x.magic' as never, secret: {} }, USER)).toThrow(/Unknown credential kind/);
  });

  it('remove is refused without a valid step-up token for that account, then erases the credentials', async () => {
    const s = await setup();
    s.creds.add({ accountId: 1, kind: 'bsky.app-password', secret: { identifier: 'alice.bsky.social', appPassword: APP_PW } }, USER);
    expect(() => s.creds.remove({ accountId: 1, token: null }, USER)).toThrow(expect.objectContaining({ code: ErrorCode.StepUpRequired }));
    const other = s.stepUp.confirm({ action: 'account-remove', target: '@acct2', phrase: 'remove account @acct2', userId: 7 });
    expect(() => s.creds.remove({ accountId: 1, token: other.token }, USER)).toThrow(expect.objectContaining({ code: ErrorCode.StepUpRequired, details: expect.objectContaining({ reason: 'other_target' }) }));
    expect(s.creds.list()).toHaveLength(1);
    expect(s.removedRows).toEqual([]);
    const { token } = s.stepUp.confirm({ action: 'account-remove', target: s.creds.label(1), phrase: 'remove account @alice.bsky.social', userId: 7 });
    expect(s.creds.remove({ accountId: 1, token }, USER)).toEqual({ removedCredentials: 1 });
    expect(s.creds.list()).toEqual([]);
    expect(s.removedRows).toEqual([1]);
    const actions = s.audit.list({ userId: 7 }).map((e) => `${e.action}:${e.success}`);
    expect(actions.slice(0, 4)).toEqual(['destructive.run:true', 'credential.delete:true', 'stepup.use:true', 'stepup.confirm:true']);
    expect(actions.filter((a) => a === 'stepup.refused:false')).toHaveLength(2);
  });

  it('test explains remote failures in plain words, never with the secret, and audits the outcome', async () => {
    const outcomes: unknown[] = [
      new RemoteError('auth', 'bsky', `Invalid identifier or password: ${APP_PW}`, { status: 401 }),
      new RemoteError('needs_2fa', 'x', 'LoginAcid'),
      new RemoteError('network', 'bsky', 'ECONNREFUSED'),
      new AppError(ErrorCode.RateLimited, `slow down, ${APP_PW}`),
      new Error(`boom ${APP_PW}`),
    ];
    const s = await setup(async () => {
      const next = outcomes.shift();
      if (next) throw next;
      return { detail: 'signed in as @alice.bsky.social' };
    });
    s.creds.add({ accountId: 1, kind: 'bsky.app-password', secret: { identifier: 'alice.bsky.social', appPassword: APP_PW } }, USER);
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await s.creds.test({ accountId: 1, kind: 'bsky.app-password' }, USER));
    expect(results.map((r) => r.code)).toEqual([ErrorCode.AuthFailed, ErrorCode.AuthNeeds2fa, ErrorCode.NetworkDown, ErrorCode.RateLimited, ErrorCode.Internal, null]);
    expect(results[0]!.message).toMatch(/rejected these credentials/);
    expect(results[3]!.message).toBe('slow down, [redacted]');
    expect(results[5]).toEqual({ ok: true, code: null, message: 'Connected: signed in as @alice.bsky.social' });
    expect(JSON.stringify(results)).not.toContain(APP_PW);
    const audited = s.audit.list({ action: 'credential.test' });
    expect(audited.map((e) => e.success)).toEqual([true, false, false, false, false, false]);
    expect(JSON.stringify(audited)).not.toContain(APP_PW);
    expect(await s.creds.test({ accountId: 9, kind: 'x.cookies' }, USER)).toMatchObject({ ok: false, code: ErrorCode.NotFound });
  });

  it('keeps the Bluesky session in the vault through the connector-shaped session store', async () => {
    const s = await setup();
    const store = vaultBskySessionStore(s.creds, 1, USER);
    expect(await store.load()).toBeNull();
    const session = { did: 'did:plc:abc', handle: 'alice.bsky.social', accessJwt: 'eyJ.access.jwt', refreshJwt: 'eyJ.refresh.jwt', service: 'https://pds.example' };
    await store.save(session);
    expect(await store.load()).toEqual(session);
    expect(s.vault.has(credentialId(1), 'bsky.session')).toBe(true);
    await store.save(null);
    expect(await store.load()).toBeNull();
  });
});

describe('env credentials', () => {
  it('maps TWITTER_* and BSKY_* (as parsed by config/env) to the vault credential shapes', () => {
    expect(credentialsFromEnv({ x: { cookies: 'auth_token=abc123; ct0=def456; other=1' }, bsky: { identifier: '@Bob.example', password: APP_PW, service: 'https://pds.example' } })).toEqual([
      { platform: 'x', kind: 'x.cookies', secret: { authToken: 'abc123', ct0: 'def456' } },
      { platform: 'bsky', kind: 'bsky.app-password', secret: { identifier: 'bob.example', appPassword: APP_PW, service: 'https://pds.example' } },
    ]);
    expect(credentialsFromEnv({ x: { username: '@bob', password: 'pw-1', email: 'bob@example.com' }, bsky: null })).toEqual([
      { platform: 'x', kind: 'x.password', secret: { username: 'bob', password: 'pw-1', email: 'bob@example.com' } },
    ]);
    expect(credentialsFromEnv({ x: null, bsky: null })).toEqual([]);
    expect(() => parseCookieHeader('ct0=only')).toThrow(/authToken/);
  });
});

describe('resetVault', () => {
  it('needs a step-up token, erases credentials and metadata, removes the key, and a fresh vault opens after', async () => {
    const s = await setup();
    s.creds.add({ accountId: 1, kind: 'bsky.app-password', secret: { identifier: 'alice.bsky.social', appPassword: APP_PW } }, USER);
    const deps = { db: s.db, stepUp: s.stepUp, audit: s.audit, logger: s.logger, keyStore: s.keyStore };
    await expect(resetVault(deps, { token: undefined }, USER)).rejects.toMatchObject({ code: ErrorCode.StepUpRequired });
    expect(s.vault.list()).toHaveLength(1);
    const { token } = s.stepUp.confirm({ action: 'vault-reset', target: 'vault', phrase: 'erase all stored credentials', userId: 7 });
    expect(await resetVault(deps, { token }, USER)).toEqual({ erased: 1, keyRemoved: true });
    expect(s.keyStore.key).toBeNull();
    expect(s.db.prepare('SELECT count(*) AS n FROM vault_meta').get()).toEqual({ n: 0 });
    const fresh = await openVault({ db: s.db, keyStore: s.keyStore, clock: s.clock, logger: s.logger, secrets: s.secrets, audit: s.audit });
    expect(fresh.list()).toEqual([]);
    expect(s.keyStore.key?.length).toBe(32);
    expect(s.audit.list({ action: 'vault.reset' })[0]).toMatchObject({ userId: 7, success: true, details: { erased: 1, keyRemoved: true } });
  });
});
