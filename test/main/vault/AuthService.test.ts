import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { AuditLog } from '../../../src-main/vault/AuditLog';
import { AuthService } from '../../../src-main/vault/AuthService';
import { PasswordHasher } from '../../../src-main/vault/passwordHasher';
import { passwordProblems } from '../../../src-main/vault/passwordPolicy';
import { silentLogger } from '../../../src-main/util/logger';
import { ManualClock } from '../../support/ManualClock';
import { openTestDb } from './vaultFixtures';

const GOOD = 'Sunny-Day-42';
const MIN = 60_000;

function setup(opts: { bcryptCost?: number } = {}) {
  const { db } = openTestDb();
  const clock = new ManualClock();
  const audit = new AuditLog({ db, clock });
  const auth = new AuthService({ db, clock, logger: silentLogger, audit, bcryptCost: opts.bcryptCost ?? 4, ttlMs: 60 * MIN, idleTimeoutMs: 10 * MIN });
  return { db, clock, audit, auth };
}

describe('password policy', () => {
  it('lists every missing part', () => {
    expect(passwordProblems('abc')).toEqual(['at least 8 characters', 'an upper-case letter', 'a digit', 'a symbol (such as ! ? # or -)']);
    expect(passwordProblems('ABCDEFG1!')).toEqual(['a lower-case letter']);
    expect(passwordProblems('Abcdefg1')).toEqual(['a symbol (such as ! ? # or -)']);
    expect(passwordProblems(GOOD)).toEqual([]);
    expect(passwordProblems(`A1!${'a'.repeat(70)}`)).toEqual(['at most 72 bytes']);
  });

  it('createUser refuses policy violations with InvalidInput naming what is missing', async () => {
    const { auth } = setup();
    for (const [pw, missing] of [['Short1!', 'at least 8'], ['alllower1!', 'upper-case'], ['ALLUPPER1!', 'lower-case'], ['NoDigits!!', 'digit'], ['NoSymbol12', 'symbol']] as const) {
      await expect(auth.createUser({ username: 'alice', password: pw }, { userId: null, actor: 'cli' })).rejects.toMatchObject({
        code: ErrorCode.InvalidInput,
        message: expect.stringContaining(missing),
      });
    }
    expect(auth.hasUsers()).toBe(false);
  });
});

describe('AuthService users and login', () => {
  it('hashes with bcrypt cost 12 by default and signs in with it', async () => {
    const { db, auth } = setup({ bcryptCost: 12 });
    const alice = await auth.createUser({ username: 'alice', password: GOOD }, { userId: null, actor: 'cli' });
    const { password_hash } = db.prepare('SELECT password_hash FROM users WHERE id = ?').get(alice.id) as { password_hash: string };
    expect(password_hash).toMatch(/^\$2[aby]\$12\$/);
    expect(PasswordHasher.costOf(password_hash)).toBe(12);
    expect(new PasswordHasher().cost).toBe(12);
    const { token, user } = await auth.login({ username: 'ALICE', password: GOOD, address: '127.0.0.1' });
    expect(user).toMatchObject({ id: alice.id, username: 'alice', isAdmin: true });
    expect(auth.authenticate(token)).toMatchObject({ id: alice.id, username: 'alice' });
  });

  it('the first user is admin; later users need an admin; duplicates conflict', async () => {
    const { auth } = setup();
    const admin = await auth.createUser({ username: 'admin', password: GOOD }, { userId: null, actor: 'cli' });
    expect(admin.isAdmin).toBe(true);
    await expect(auth.createUser({ username: 'bob', password: GOOD }, { userId: null, actor: 'anon' })).rejects.toMatchObject({ code: ErrorCode.Unauthorized });
    const bob = await auth.createUser({ username: 'bob', password: GOOD }, { userId: admin.id, actor: 'user:admin' });
    expect(bob.isAdmin).toBe(false);
    await expect(auth.createUser({ username: 'Bob', password: GOOD }, { userId: admin.id, actor: 'user:admin' })).rejects.toMatchObject({ code: ErrorCode.Conflict });
    expect(() => auth.listUsers(bob.id)).toThrow(/Only an administrator/);
    expect(auth.listUsers(admin.id).map((u) => u.username)).toEqual(['admin', 'bob']);
  });

  it('wrong password and unknown user get the same answer, and both are audited as failures', async () => {
    const { auth, audit } = setup();
    await auth.createUser({ username: 'alice', password: GOOD }, { userId: null, actor: 'cli' });
    const wrongPw = auth.login({ username: 'alice', password: 'Sunny-Day-43', address: '10.0.0.1' });
    const noUser = auth.login({ username: 'mallory', password: GOOD, address: '10.0.0.1' });
    await expect(wrongPw).rejects.toMatchObject({ code: ErrorCode.AuthFailed, message: 'Wrong user name or password.' });
    await expect(noUser).rejects.toMatchObject({ code: ErrorCode.AuthFailed, message: 'Wrong user name or password.' });
    const fails = audit.list({ action: 'auth.login' }).filter((e) => !e.success);
    expect(fails.map((e) => e.target).sort()).toEqual(['alice', 'mallory']);
    expect(JSON.stringify(fails)).not.toContain('Sunny-Day');
  });

  it('locks out the 6th attempt after 5 failures (even with the right password), per user and address, for 15 minutes', async () => {
    const { auth, clock } = setup();
    await auth.createUser({ username: 'alice', password: GOOD }, { userId: null, actor: 'cli' });
    for (let i = 0; i < 5; i++) {
      await expect(auth.login({ username: 'alice', password: `Wrong-${i}-pw`, address: '10.0.0.9' })).rejects.toMatchObject({ code: ErrorCode.AuthFailed });
      clock.advance(MIN);
    }
    await expect(auth.login({ username: 'alice', password: GOOD, address: '10.0.0.9' })).rejects.toMatchObject({ code: ErrorCode.RateLimited, message: expect.stringMatching(/Too many failed sign-in attempts/) });
    // Another address is not affected.
    await expect(auth.login({ username: 'alice', password: GOOD, address: '10.0.0.10' })).resolves.toMatchObject({ user: { username: 'alice' } });
    // 15 minutes after the first failure one more attempt opens.
    clock.advance(10 * MIN);
    await expect(auth.login({ username: 'alice', password: GOOD, address: '10.0.0.9' })).resolves.toMatchObject({ user: { username: 'alice' } });
  });
});

describe('sessions', () => {
  async function signedIn() {
    const s = setup();
    const alice = await s.auth.createUser({ username: 'alice', password: GOOD }, { userId: null, actor: 'cli' });
    const login = await s.auth.login({ username: 'alice', password: GOOD, address: '127.0.0.1' });
    return { ...s, alice, login };
  }

  it('stores only a hash of the token', async () => {
    const { db, login } = await signedIn();
    const rows = db.prepare('SELECT * FROM sessions').all() as Array<{ token_hash: string }>;
    expect(rows).toHaveLength(1);
    expect(login.token.length).toBeGreaterThanOrEqual(43);
    expect(JSON.stringify(rows)).not.toContain(login.token);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an expired session is rejected with SessionExpired and removed', async () => {
    const { auth, clock, login } = await signedIn();
    for (let i = 0; i < 6; i++) {
      clock.advance(9 * MIN); // keep it from going idle
      auth.authenticate(login.token);
    }
    clock.advance(7 * MIN); // 61 minutes after login: past the 60-minute expiry
    expect(() => auth.authenticate(login.token)).toThrow(expect.objectContaining({ code: ErrorCode.SessionExpired, message: 'Your session has expired. Sign in again.' }));
    expect(() => auth.authenticate(login.token)).toThrow(expect.objectContaining({ code: ErrorCode.Unauthorized }));
  });

  it('an idle session is rejected after the idle timeout', async () => {
    const { auth, clock, login } = await signedIn();
    clock.advance(10 * MIN);
    expect(() => auth.authenticate(login.token)).toThrow(expect.objectContaining({ code: ErrorCode.SessionExpired, details: { reason: 'idle' } }));
  });

  it('logout revokes the token; a made-up token is Unauthorized', async () => {
    const { auth, login, audit } = await signedIn();
    expect(auth.logout(login.token)).toBe(true);
    expect(() => auth.authenticate(login.token)).toThrow(expect.objectContaining({ code: ErrorCode.Unauthorized }));
    expect(() => auth.authenticate('x'.repeat(43))).toThrow(expect.objectContaining({ code: ErrorCode.Unauthorized }));
    expect(audit.list({ action: 'auth.logout' })).toHaveLength(1);
  });

  it('changing the password needs the current one and signs out the other sessions', async () => {
    const { auth, alice, login } = await signedIn();
    const other = await auth.login({ username: 'alice', password: GOOD, address: '127.0.0.2' });
    const me = auth.authenticate(login.token);
    await expect(auth.changePassword({ userId: alice.id, current: 'Nope-Nope-1', next: 'Rainy-Day-43' })).rejects.toMatchObject({ code: ErrorCode.AuthFailed });
    await expect(auth.changePassword({ userId: alice.id, current: GOOD, next: 'weak' })).rejects.toMatchObject({ code: ErrorCode.InvalidInput });
    await auth.changePassword({ userId: alice.id, current: GOOD, next: 'Rainy-Day-43', keepSessionId: me.sessionId });
    expect(auth.authenticate(login.token).id).toBe(alice.id);
    expect(() => auth.authenticate(other.token)).toThrow(expect.objectContaining({ code: ErrorCode.Unauthorized }));
    await expect(auth.login({ username: 'alice', password: 'Rainy-Day-43', address: '127.0.0.1' })).resolves.toBeTruthy();
  });

  it('deleting a user removes their sessions', async () => {
    const { auth, alice } = await signedIn();
    const bob = await auth.createUser({ username: 'bob', password: GOOD }, { userId: alice.id, actor: 'user:alice' });
    const bobLogin = await auth.login({ username: 'bob', password: GOOD, address: '127.0.0.1' });
    expect(() => auth.deleteUser(bob.id, alice.id)).toThrow(/Only an administrator/);
    auth.deleteUser(alice.id, bob.id);
    expect(() => auth.authenticate(bobLogin.token)).toThrow(expect.objectContaining({ code: ErrorCode.Unauthorized }));
    expect(auth.getUser(bob.id)).toBeNull();
  });
});
