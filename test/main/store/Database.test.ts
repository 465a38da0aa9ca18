import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { migrate, openDatabase } from '../../../src-main/store/Database';
import type { Db } from '../../../src-main/store/Database';
import { tempDir, thrown } from './storeFixtures';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('openDatabase', () => {
  const dirs: string[] = [];
  const dbs: Db[] = [];
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('creates the file (and missing folders) with WAL, foreign keys, busy timeout and synchronous NORMAL', () => {
    const file = path.join(dir(), 'nested', 'data', 'chirp.db');
    const db = openDatabase(file, { busyTimeoutMs: 1234 });
    dbs.push(db);
    expect(fs.existsSync(file)).toBe(true);
    expect(db.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.raw.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(db.raw.pragma('synchronous', { simple: true })).toBe(1); // 1 = NORMAL
  });

  it('enforces foreign keys once migrated', () => {
    const db = openDatabase(path.join(dir(), 'a.db'));
    dbs.push(db);
    migrate(db);
    const err = thrown(() => db.raw.prepare("INSERT INTO accounts (profile_id, platform, handle, remote_id, created_at, updated_at) VALUES (99, 'x', 'a', '1', 0, 0)").run());
    expect(err.code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });

  it('transaction() commits on return and rolls back everything on throw', () => {
    const db = openDatabase(path.join(dir(), 't.db'));
    dbs.push(db);
    db.raw.exec('CREATE TABLE t (v INTEGER)');
    db.transaction(() => db.raw.prepare('INSERT INTO t VALUES (1)').run());
    expect(() =>
      db.transaction(() => {
        db.raw.prepare('INSERT INTO t VALUES (2)').run();
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.raw.prepare('SELECT v FROM t').all()).toEqual([{ v: 1 }]);
  });

  it('transaction() takes the write lock up front (BEGIN IMMEDIATE), so another connection waits instead of interleaving', () => {
    const file = path.join(dir(), 'lock.db');
    const a = openDatabase(file);
    const b = openDatabase(file, { busyTimeoutMs: 0 });
    dbs.push(a, b);
    a.raw.exec('CREATE TABLE t (v INTEGER)');
    const err = a.transaction(() => {
      a.raw.prepare('SELECT count(*) FROM t').get(); // only a read so far: a deferred transaction would hold no write lock yet
      return thrown(() => b.raw.prepare('INSERT INTO t VALUES (1)').run());
    });
    expect(err.code).toBe('SQLITE_BUSY');
    b.raw.prepare('INSERT INTO t VALUES (2)').run(); // free again after commit
    expect(a.raw.prepare('SELECT v FROM t').all()).toEqual([{ v: 2 }]);
  });

  it('transaction() refuses an async function and keeps nothing it wrote', () => {
    const db = openDatabase(path.join(dir(), 'p.db'));
    dbs.push(db);
    db.raw.exec('CREATE TABLE t (v INTEGER)');
    expect(() => db.transaction((async () => db.raw.prepare('INSERT INTO t VALUES (1)').run()) as () => unknown)).toThrow(/promise/i);
    expect(db.raw.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
  });

  it('refuses a file that is not SQLite and leaves it byte-for-byte unchanged', () => {
    const d = dir();
    const file = path.join(d, 'notes.db');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const before = sha(file);
    const err = thrown(() => openDatabase(file));
    expect(err.code).toBe(ErrorCode.ConfigInvalid);
    expect(err.message).toContain('is not a SQLite database');
    expect(err.message).toContain('left unchanged');
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(d)).toEqual(['notes.db']); // no -wal / -shm side files
  });

  it('refuses a damaged SQLite file (valid header, garbage schema page) and leaves it unchanged', () => {
    const d = dir();
    const file = path.join(d, 'broken.db');
    const db = openDatabase(file);
    migrate(db);
    db.raw.pragma('journal_mode = DELETE'); // fold the WAL back so the file alone holds the data
    db.close();
    const bytes = fs.readFileSync(file);
    crypto.randomFillSync(bytes, 100, 3000); // keep the 100-byte header, wreck the rest of page 1
    fs.writeFileSync(file, bytes);
    const before = sha(file);
    const err = thrown(() => openDatabase(file));
    expect(err.code).toBe(ErrorCode.Internal);
    expect(err.details?.reason).toBe('corrupt');
    expect(err.message).toContain('damaged');
    expect(sha(file)).toBe(before);
  });

  it('refuses a folder as the database path with a message naming a file to use', () => {
    const d = dir();
    const err = thrown(() => openDatabase(d));
    expect(err.code).toBe(ErrorCode.ConfigInvalid);
    expect(err.message).toContain(path.join(d, 'chirpsyncer.db'));
  });

  it('treats an empty file as a new database', () => {
    const file = path.join(dir(), 'empty.db');
    fs.writeFileSync(file, '');
    const db = openDatabase(file);
    dbs.push(db);
    expect(migrate(db).from).toBe(0);
  });

  it('readonly open of a missing file fails instead of creating it', () => {
    const file = path.join(dir(), 'missing.db');
    const err = thrown(() => openDatabase(file, { readonly: true }));
    expect(err.code).toBe(ErrorCode.ConfigInvalid);
    expect(fs.existsSync(file)).toBe(false);
  });
});
