import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { backupDatabase } from '../../../src-main/store/backup';
import { openStore } from '../../../src-main/store/createStore';
import { schemaVersion } from '../../../src-main/store/migrations';
import { makeFixture, xPost } from './storeFixtures';
import type { Fixture } from './storeFixtures';

describe('backupDatabase', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.cleanup());

  it('writes a complete, openable copy with the same schema version and rows (WAL content included)', async () => {
    f.store.posts.upsertMany(f.xAccountId, [xPost('1800000000000000001', { text: 'backed up words' }), xPost('1800000000000000002')]);
    const dest = path.join(f.dir, 'backups', '2026-01-15.db');
    const res = await backupDatabase(f.store.db, dest);
    expect(res.path).toBe(dest);
    expect(res.bytes).toBeGreaterThan(0);
    expect(fs.existsSync(`${dest}.partial`)).toBe(false);
    const { store: copy, migration } = openStore(dest, { clock: f.clock });
    try {
      expect(migration.applied).toEqual([]);
      expect(schemaVersion(copy.db)).toBe(schemaVersion(f.store.db));
      expect(copy.posts.count(f.xAccountId)).toBe(2);
      expect(copy.posts.get(f.xAccountId, '1800000000000000001')!.text).toBe('backed up words');
      const hits = copy.db.raw.prepare("SELECT rowid FROM posts_fts WHERE posts_fts MATCH 'backed'").all();
      expect(hits).toHaveLength(1);
    } finally {
      copy.close();
    }
  });

  it('never overwrites an existing file or the live database', async () => {
    const dest = path.join(f.dir, 'old.db');
    fs.writeFileSync(dest, 'an earlier backup');
    await expect(backupDatabase(f.store.db, dest)).rejects.toMatchObject({ code: ErrorCode.Conflict });
    expect(fs.readFileSync(dest, 'utf8')).toBe('an earlier backup');
    await expect(backupDatabase(f.store.db, f.file)).rejects.toMatchObject({ code: ErrorCode.InvalidInput });
  });
});
