import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src-main/vault/AuditLog';
import { ManualClock } from '../../support/ManualClock';
import { openTestDb } from './vaultFixtures';

const DAY = 86_400_000;

describe('AuditLog', () => {
  it('writes who/what/target/success/details and lists newest first, scoped by user', () => {
    const { db } = openTestDb();
    const clock = new ManualClock();
    const audit = new AuditLog({ db, clock });
    audit.write({ userId: 1, actor: 'user:alice', action: 'export', target: 'posts.csv', success: true, details: { rows: 10 } });
    audit.write({ userId: 2, actor: 'user:bob', action: 'settings.change', target: 'syncBskyToX', success: true, details: { from: true, to: false } });
    audit.write({ action: 'destructive.run', target: '@alice:3', success: false });
    expect(audit.list().map((e) => e.action)).toEqual(['destructive.run', 'settings.change', 'export']);
    expect(audit.list({ userId: 1 })).toEqual([
      { id: 1, at: clock.now(), userId: 1, actor: 'user:alice', action: 'export', target: 'posts.csv', success: true, details: { rows: 10 } },
    ]);
    expect(audit.list({ userId: null }).map((e) => e.actor)).toEqual(['system']);
    expect(audit.list({ limit: 1, beforeId: 3 }).map((e) => e.id)).toEqual([2]);
  });

  it('never stores a secret: secret-looking keys and registered secret values are redacted', () => {
    const { db } = openTestDb();
    const secrets = new Set(['hunter2-app-password']);
    const audit = new AuditLog({ db, clock: new ManualClock(), secrets });
    audit.write({ action: 'credential.test', target: 'acct:1', success: false, details: { password: 'Pa55-word!', error: 'login failed for hunter2-app-password', nested: { ct0: 'abc123abc123' } } });
    const raw = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    expect(raw).not.toContain('Pa55-word!');
    expect(raw).not.toContain('hunter2-app-password');
    expect(raw).not.toContain('abc123abc123');
    expect(audit.list()[0]?.details).toEqual({ password: '[redacted]', error: 'login failed for [redacted]', nested: { ct0: '[redacted]' } });
  });

  it('archives entries older than a given age in one move and purges old archive entries', () => {
    const { db } = openTestDb();
    const clock = new ManualClock();
    const audit = new AuditLog({ db, clock });
    for (let i = 0; i < 5; i++) {
      audit.write({ action: 'auth.login', target: `u${i}`, success: true });
      clock.advance(DAY);
    }
    // Entries are 5, 4, 3, 2 and 1 days old.
    expect(audit.archiveOlderThan(2.5 * DAY)).toBe(3);
    expect(audit.list().map((e) => e.target)).toEqual(['u4', 'u3']);
    expect(audit.archivedCount()).toBe(3);
    expect(audit.archiveOlderThan(2.5 * DAY)).toBe(0);
    expect(audit.purgeArchiveOlderThan(4.5 * DAY)).toBe(1);
    expect(audit.archivedCount()).toBe(2);
    expect(() => audit.archiveOlderThan(-1)).toThrow(/non-negative/);
  });
});
