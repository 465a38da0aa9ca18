/**
 * Acceptance 3 and 5: drive every sensitive operation of the vault module with known secrets, then
 * scan the database file (+WAL), every log line, every error payload (what IPC/HTTP would carry)
 * and every returned value for those secrets; and check that each operation left an audit entry.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, isAppError, type AppErrorPayload } from '../../../src-shared/errors';
import { RemoteError } from '../../../src-main/connectors/limits/types';
import { migrate, openDatabase } from '../../../src-main/store/Database';
import { createLogger } from '../../../src-main/util/logger';
import { AccountCredentials } from '../../../src-main/vault/AccountCredentials';
import { AppLock } from '../../../src-main/vault/AppLock';
import { AuditLog, type AuditAction } from '../../../src-main/vault/AuditLog';
import { AuthService } from '../../../src-main/vault/AuthService';
import { EnvKeyStore } from '../../../src-main/vault/EnvKeyStore';
import { openVault } from '../../../src-main/vault/openVault';
import { PassphraseKeyStore } from '../../../src-main/vault/PassphraseKeyStore';
import { StepUpService } from '../../../src-main/vault/StepUpService';
import { VaultMeta } from '../../../src-main/vault/VaultMeta';
import { ManualClock } from '../../support/ManualClock';
import { scanForSecrets, sqliteFiles } from './scanForSecrets';
import { tempDir } from './vaultFixtures';

const envKey = randomBytes(32);
const SECRETS = {
  vaultPassphrase: 'Vault-Pass-Phrase-91!',
  envKey: envKey.toString('base64'),
  envKeyHex: envKey.toString('hex'),
  appLockPassphrase: 'App-Lock-Secret-77?',
  userPassword: 'Serve-Login-Pw-55#',
  wrongPassword: 'Guessed-Wrong-Pw-12$',
  bskyAppPassword: 'q1w2-e3r4-t5y6-u7i8',
  xAuthToken: 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9',
  xCt0: 'ct0ct0ct0-9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  xPassword: 'X-Account-Password-33%',
  accessJwt: 'eyJhbGciOiJIUzI1NiJ9.access-payload-secret.sig1',
  refreshJwt: 'eyJhbGciOiJIUzI1NiJ9.refresh-payload-secret.sig2',
};

describe('no secret reaches the database file, logs, errors or responses', () => {
  it('after every sensitive operation, and each one is audited', async () => {
    const file = path.join(tempDir(), 'scan.db');
    const db = openDatabase(file);
    migrate(db);
    const clock = new ManualClock();
    const secrets = new Set<string>();
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', sink: { write: (l) => lines.push(l) }, secrets });
    const audit = new AuditLog({ db: db.raw, clock, secrets });
    const errors: AppErrorPayload[] = [];
    const responses: unknown[] = [];
    const capture = async <T>(p: Promise<T> | (() => T)): Promise<T | undefined> => {
      try {
        const v = await (typeof p === 'function' ? p() : p);
        responses.push(v);
        return v;
      } catch (e) {
        errors.push(isAppError(e) ? e.toPayload() : { code: 'INTERNAL' as never, message: String((e as Error).message) });
        logger.error('operation failed', { error: e });
        return undefined;
      }
    };

    // Users, sign-in (success and failure), sessions.
    const auth = new AuthService({ db: db.raw, clock, logger, audit, bcryptCost: 4 });
    const admin = await capture(auth.createUser({ username: 'alice', password: SECRETS.userPassword }, { userId: null, actor: 'cli' }));
    await capture(auth.login({ username: 'alice', password: SECRETS.wrongPassword, address: '127.0.0.1' }));
    const login = await capture(auth.login({ username: 'alice', password: SECRETS.userPassword, address: '127.0.0.1' }));
    await capture(() => auth.authenticate(login!.token));
    const by = { userId: admin!.id, actor: 'user:alice' };

    // App lock.
    const lock = new AppLock({ db: db.raw, clock, audit, bcryptCost: 4 });
    await capture(lock.setPassphrase({ next: SECRETS.appLockPassphrase }));
    await capture(() => lock.lock());
    await capture(lock.unlock(SECRETS.wrongPassword));
    await capture(lock.unlock(SECRETS.appLockPassphrase));

    // Vault behind a passphrase, credentials of every kind, tamper + wrong key errors.
    const meta = new VaultMeta(db.raw, clock);
    const vault = await openVault({ db: db.raw, keyStore: new PassphraseKeyStore({ passphrase: SECRETS.vaultPassphrase, meta, params: { N: 2 ** 12, r: 8, p: 1 } }), clock, logger, secrets, audit });
    const stepUp = new StepUpService({ db: db.raw, clock, audit });
    const creds = new AccountCredentials({
      vault,
      audit,
      stepUp,
      secrets,
      accountLabel: (id) => `@acct${id}`,
      tester: async (_kind, secret) => {
        throw new RemoteError('auth', 'bsky', `401 for ${JSON.stringify(secret)}`);
      },
    });
    await capture(() => creds.add({ accountId: 1, kind: 'bsky.app-password', secret: { identifier: 'alice.bsky.social', appPassword: SECRETS.bskyAppPassword } }, by));
    await capture(() => creds.add({ accountId: 1, kind: 'bsky.session', secret: { did: 'did:plc:abc', handle: 'alice.bsky.social', accessJwt: SECRETS.accessJwt, refreshJwt: SECRETS.refreshJwt, service: 'https://pds.example' } }, by));
    await capture(() => creds.add({ accountId: 2, kind: 'x.cookies', secret: { authToken: SECRETS.xAuthToken, ct0: SECRETS.xCt0 } }, by));
    await capture(() => creds.add({ accountId: 2, kind: 'x.password', secret: { username: 'alice', password: SECRETS.xPassword } }, by));
    await capture(() => creds.add({ accountId: 2, kind: 'x.cookies', secret: { authToken: SECRETS.xAuthToken, ct0: SECRETS.xCt0 } }, by)); // update
    // The connector path: the secret is handed out (and registered with the logger), not a response.
    expect(creds.get(1, 'bsky.app-password')?.appPassword).toBe(SECRETS.bskyAppPassword);
    const tested = await capture(creds.test({ accountId: 1, kind: 'bsky.app-password' }, by));
    expect(tested).toMatchObject({ ok: false });
    logger.info('connector login', { appPassword: SECRETS.bskyAppPassword, note: `using ${SECRETS.xAuthToken}` });
    await capture(() => creds.add({ accountId: 3, kind: 'x.password', secret: { username: 'bob', password: '' } }, by));

    // Rotation to ENCRYPTION_KEY, then a wrong key and a tampered row.
    await capture(vault.rotate(new EnvKeyStore({ ENCRYPTION_KEY: SECRETS.envKey }), by));
    await capture(openVault({ db: db.raw, keyStore: new EnvKeyStore({ ENCRYPTION_KEY: randomBytes(32).toString('hex') }), clock, logger, secrets, audit }));
    await capture(() => new EnvKeyStore({ ENCRYPTION_KEY: SECRETS.envKey.slice(0, 30) }));
    db.raw.prepare("UPDATE credentials SET tag = zeroblob(16) WHERE id = 'account:2' AND kind = 'x.password'").run();
    await capture(() => creds.get(2, 'x.password'));

    // Other modules' audited operations (export, settings that change sync direction).
    audit.write({ ...by, action: 'export', target: 'posts.csv', success: true, details: { rows: 12, token: login!.token } });
    audit.write({ ...by, action: 'settings.change', target: 'syncBskyToX', success: true, details: { from: true, to: false } });

    // Step-up: refusal, confirm, use; destructive removal.
    await capture(() => creds.remove({ accountId: 2, token: 'forged-token-forged-token-forged-token' }, by));
    const su = await capture(() => stepUp.confirm({ action: 'account-remove', target: '@acct2', phrase: 'remove account @acct2', userId: by.userId }));
    await capture(() => creds.remove({ accountId: 2, token: su!.token }, by));
    await capture(() => creds.list());
    await capture(() => vault.status());
    await capture(() => audit.list({ limit: 1000 }));
    auth.logout(login!.token);
    db.close();

    expect(errors.length).toBeGreaterThanOrEqual(6);
    const all = { ...SECRETS, sessionToken: login!.token, stepUpToken: su!.token };
    const findings = scanForSecrets(all, [
      ...sqliteFiles(file),
      { where: 'log', data: lines.join('\n') },
      { where: 'error payloads', data: JSON.stringify(errors) },
      { where: 'responses (minus the tokens handed to the caller)', data: JSON.stringify(responses.filter((r) => r !== login && r !== su)) },
    ]);
    expect(findings).toEqual([]);
    // The scan can fail: the same check over a line with the secret finds it.
    expect(scanForSecrets(all, [{ where: 'probe', data: `x ${Buffer.from(SECRETS.xPassword).toString('base64')} y` }])).toEqual([{ secret: 'xPassword', form: 'base64', where: 'probe' }]);

    const reopened = openDatabase(file);
    const entries = new AuditLog({ db: reopened.raw, clock }).list({ limit: 1000 });
    const seen = (action: AuditAction, success?: boolean) => entries.some((e) => e.action === action && (success === undefined || e.success === success));
    const required: Array<[AuditAction, boolean?]> = [
      ['auth.login', true], ['auth.login', false], ['auth.logout'], ['user.create'], ['app.lock_set'], ['app.lock'], ['app.unlock', true], ['app.unlock', false],
      ['credential.create'], ['credential.update'], ['credential.delete'], ['credential.test', false], ['vault.create'], ['vault.rotate', true],
      ['export'], ['destructive.run'], ['settings.change'], ['stepup.confirm', true], ['stepup.use'], ['stepup.refused'],
    ];
    expect(required.filter(([a, s]) => !seen(a, s))).toEqual([]);
    expect(entries.find((e) => e.action === 'export')?.details).toEqual({ rows: 12, token: '[redacted]' });
    reopened.close();
  });
});
