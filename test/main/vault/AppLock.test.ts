import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { AppLock } from '../../../src-main/vault/AppLock';
import { AuditLog } from '../../../src-main/vault/AuditLog';
import { ManualClock } from '../../support/ManualClock';
import { openTestDb } from './vaultFixtures';

const PASS = 'Lock-It-Up-7';
const MIN = 60_000;

function setup() {
  const { db } = openTestDb();
  const clock = new ManualClock();
  const audit = new AuditLog({ db, clock });
  const changes: boolean[] = [];
  const make = () => new AppLock({ db, clock, audit, bcryptCost: 4, onLockChange: (l) => changes.push(l) });
  return { db, clock, audit, changes, make, lock: make() };
}

describe('AppLock', () => {
  it('is off by default; a policy-violating passphrase is refused', async () => {
    const { lock } = setup();
    expect(lock.status()).toEqual({ enabled: false, locked: false, idleMs: null });
    await expect(lock.setPassphrase({ next: 'password' })).rejects.toMatchObject({ code: ErrorCode.InvalidInput, message: expect.stringMatching(/app passphrase needs an upper-case letter, a digit, a symbol/) });
    expect(lock.isEnabled()).toBe(false);
  });

  it('locks, unlocks with the passphrase, starts locked after a restart, and audits each step', async () => {
    const { lock, make, changes, audit } = setup();
    await lock.setPassphrase({ next: PASS, idleMs: 5 * MIN });
    lock.lock();
    expect(lock.isLocked()).toBe(true);
    await expect(lock.unlock('Lock-It-Up-8')).rejects.toMatchObject({ code: ErrorCode.AuthFailed, message: 'Wrong passphrase.' });
    expect(lock.isLocked()).toBe(true);
    await lock.unlock(PASS);
    expect(lock.isLocked()).toBe(false);
    expect(changes).toEqual([true, false]);
    expect(make().isLocked()).toBe(true);
    const actions = audit.list().map((e) => `${e.action}:${e.success}`).reverse();
    expect(actions).toEqual(['app.lock_set:true', 'app.lock:true', 'app.unlock:false', 'app.unlock:true']);
    expect(JSON.stringify(audit.list())).not.toContain('Lock-It-Up');
  });

  it('auto-locks after the idle time; activity restarts the timer', async () => {
    const { lock, clock } = setup();
    await lock.setPassphrase({ next: PASS, idleMs: 5 * MIN });
    lock.lock();
    await lock.unlock(PASS);
    clock.advance(4 * MIN);
    expect(lock.checkIdle()).toBe(false);
    lock.touch();
    clock.advance(4 * MIN);
    expect(lock.checkIdle()).toBe(false);
    clock.advance(MIN);
    expect(lock.checkIdle()).toBe(true);
    expect(lock.isLocked()).toBe(true);
  });

  it('the 6th wrong passphrase within 15 minutes is locked out, even when right', async () => {
    const { lock, clock } = setup();
    await lock.setPassphrase({ next: PASS });
    lock.lock();
    for (let i = 0; i < 5; i++) await expect(lock.unlock(`Wrong-${i}-Pass`)).rejects.toMatchObject({ code: ErrorCode.AuthFailed });
    await expect(lock.unlock(PASS)).rejects.toMatchObject({ code: ErrorCode.RateLimited });
    clock.advance(15 * MIN);
    await lock.unlock(PASS);
    expect(lock.isLocked()).toBe(false);
  });

  it('changing or removing the passphrase needs the current one', async () => {
    const { lock } = setup();
    await lock.setPassphrase({ next: PASS });
    await expect(lock.setPassphrase({ next: 'Another-One-8', current: 'nope' })).rejects.toMatchObject({ code: ErrorCode.AuthFailed });
    await lock.setPassphrase({ next: 'Another-One-8', current: PASS });
    await expect(lock.disable(PASS)).rejects.toMatchObject({ code: ErrorCode.AuthFailed });
    await lock.disable('Another-One-8');
    expect(lock.status()).toEqual({ enabled: false, locked: false, idleMs: null });
  });
});
