import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/Database';
import { ArchiveImportsRepo } from '../../../src-main/archive/ArchiveImportsRepo';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chirp-archive-mig-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0003_archive', () => {
  it('adds archive_imports on top of 0002 and keeps existing rows', () => {
    const db = openDatabase(path.join(dir, 'm.db'));
    try {
      migrate(db, { target: 2 });
      db.raw.prepare("INSERT INTO profiles (name, created_at) VALUES ('p', 1)").run();
      db.raw.prepare("INSERT INTO accounts (profile_id, platform, handle, remote_id, created_at, updated_at) VALUES (1, 'x', 'o', '1000000001', 1, 1)").run();
      expect(db.raw.prepare("SELECT name FROM sqlite_schema WHERE name = 'archive_imports'").get()).toBeUndefined();
      const res = migrate(db, { target: 3 });
      expect(res.applied).toEqual(['0003_archive']);
      expect(schemaVersion(db)).toBe(3);
      const repo = new ArchiveImportsRepo(db);
      const idNo = repo.start({ accountId: 1, sourcePath: '/a.zip', sourceKind: 'zip', archiveAccountId: '1000000001', username: 'o', generatedAt: null, startedAt: 5 });
      repo.finish(idNo, 'ok', 9, { inserted: 3 }, { status: 'ok' });
      expect(repo.get(idNo)).toMatchObject({ accountId: 1, status: 'ok', finishedAt: 9, counts: { inserted: 3 }, report: { status: 'ok' } });
      expect(() => db.raw.prepare("INSERT INTO archive_imports (account_id, source_path, source_kind, archive_account_id, username, started_at, status) VALUES (1, 'x', 'tar', '1', 'o', 1, 'ok')").run()).toThrow(/CHECK constraint failed/);
      expect(() => repo.start({ accountId: 99, sourcePath: '/a.zip', sourceKind: 'zip', archiveAccountId: '1', username: 'o', generatedAt: null, startedAt: 1 })).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
    }
  });
});
