import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/Database';
import { openVault } from '../../../src-main/vault/openVault';
import { silentLogger } from '../../../src-main/util/logger';
import { ManualClock } from '../../support/ManualClock';
import { MemoryKeyStore, tempDir } from './vaultFixtures';

describe('migration 0002_vault', () => {
  it('applies over 0001 with data in it, keeps that data, and gives a working vault', async () => {
    const db = openDatabase(path.join(tempDir(), 'mig.db'));
    migrate(db, { target: 1 });
    db.raw.prepare("INSERT INTO profiles (id, name, created_at) VALUES (1, 'default', 1)").run();
    expect(db.raw.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'credentials'").get()).toBeUndefined();
    const result = migrate(db, { target: 2 });
    expect(result.applied).toEqual(['0002_vault']);
    expect(schemaVersion(db)).toBe(2);
    expect(db.raw.prepare('SELECT name FROM profiles').all()).toEqual([{ name: 'default' }]);
    const tables = (db.raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
    for (const t of ['vault_meta', 'credentials', 'users', 'sessions', 'login_attempts', 'app_lock', 'audit_log', 'audit_archive', 'step_up_tokens']) expect(tables).toContain(t);
    const vault = await openVault({ db: db.raw, keyStore: new MemoryKeyStore(), clock: new ManualClock(), logger: silentLogger, secrets: new Set() });
    vault.put('account:1', 'x.cookies', { authToken: 'tok', ct0: 'ct0v' });
    expect(vault.get('account:1', 'x.cookies')).toEqual({ authToken: 'tok', ct0: 'ct0v' });
    // The row constraints hold: a short IV is refused by the schema itself.
    expect(() => db.raw.prepare("INSERT INTO credentials VALUES ('a', 'k', x'00', zeroblob(16), x'00', 1, 1)").run()).toThrow(/CHECK constraint/);
    migrate(db);
    db.close();
  });
});
