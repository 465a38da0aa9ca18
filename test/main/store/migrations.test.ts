import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { APPLICATION_ID, loadMigrations, migrate, schemaVersion } from '../../../src-main/store/migrations';
import { openDatabase } from '../../../src-main/store/Database';
import type { Db } from '../../../src-main/store/Database';
import { tempDir, thrown } from './storeFixtures';

const CORE_TABLES = [
  'profiles', 'accounts', 'account_pairs', 'posts', 'posts_fts', 'media', 'sync_links', 'publish_intents',
  'sync_cursors', 'sync_stats', 'hourly_stats', 'api_usage', 'user_settings',
];

const tables = (db: Db) =>
  (db.raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  const dirs: string[] = [];
  const dbs: Db[] = [];
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
  const open = (file = path.join(dir(), 'chirp.db')) => {
    const db = openDatabase(file);
    dbs.push(db);
    return db;
  };
  const migrationDir = (files: Record<string, string>) => {
    const d = dir();
    for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(d, name), sql);
    return d;
  };
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('finds the shipped migrations next to the module, numbered 1..N, starting with 0001_init', () => {
    const all = loadMigrations();
    expect(all[0]?.name).toBe('0001_init');
    expect(all.map((m) => m.version)).toEqual(all.map((_, i) => i + 1));
  });

  it('0001_init: from version 0 it creates every core table and sets user_version and application_id', () => {
    const db = open();
    expect(migrate(db, { target: 0 })).toEqual({ from: 0, to: 0, applied: [] });
    expect(schemaVersion(db)).toBe(0);
    const res = migrate(db, { target: 1 });
    expect(res).toEqual({ from: 0, to: 1, applied: ['0001_init'] });
    expect(schemaVersion(db)).toBe(1);
    expect(db.raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(tables(db)).toEqual(expect.arrayContaining(CORE_TABLES));
  });

  it('every later migration applies on top of data written at the previous version (migrate to N-1, insert, migrate)', () => {
    const latest = loadMigrations().length;
    const db = open();
    migrate(db, { target: 1 });
    db.raw.prepare("INSERT INTO profiles (name, created_at) VALUES ('default', 5)").run();
    db.raw.prepare("INSERT INTO accounts (profile_id, platform, handle, remote_id, created_at, updated_at) VALUES (1, 'x', 'alice', '42', 5, 5)").run();
    const res = migrate(db);
    expect(res.to).toBe(latest);
    expect(res.applied).toHaveLength(latest - 1);
    expect(schemaVersion(db)).toBe(latest);
    expect(db.raw.prepare('SELECT handle, remote_id FROM accounts').all()).toEqual([{ handle: 'alice', remote_id: '42' }]);
  });

  it('is a no-op when already at the newest version', () => {
    const db = open();
    migrate(db);
    const v = schemaVersion(db);
    expect(migrate(db)).toEqual({ from: v, to: v, applied: [] });
  });

  it('a custom migration chain: data inserted at N-1 survives migration N and N sees it', () => {
    const d = migrationDir({
      '0001_base.sql': 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);',
      '0002_words.sql': 'ALTER TABLE notes ADD COLUMN words INTEGER; UPDATE notes SET words = length(body) - length(replace(body, \' \', \'\')) + 1;',
      'README.md': 'not a migration',
    });
    const db = open();
    migrate(db, { dir: d, target: 1 });
    db.raw.prepare("INSERT INTO notes (body) VALUES ('one two three')").run();
    expect(migrate(db, { dir: d })).toEqual({ from: 1, to: 2, applied: ['0002_words'] });
    expect(db.raw.prepare('SELECT body, words FROM notes').get()).toEqual({ body: 'one two three', words: 3 });
  });

  it('applies all pending migrations in ONE transaction: a failing one leaves the database at its old version', () => {
    const d = migrationDir({
      '0001_a.sql': 'CREATE TABLE a (x INTEGER);',
      '0002_b.sql': 'CREATE TABLE b (x INTEGER);',
      '0003_bad.sql': 'CREATE TABLE c (x INTEGER); INSERT INTO nowhere VALUES (1);',
    });
    const db = open();
    const err = thrown(() => migrate(db, { dir: d }));
    expect(err.code).toBe(ErrorCode.Internal);
    expect(err.message).toContain('0003_bad');
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
    expect(db.raw.pragma('application_id', { simple: true })).toBe(0);
  });

  it('refuses non-contiguous numbering, naming the missing number', () => {
    const d = migrationDir({ '0001_a.sql': 'SELECT 1;', '0003_c.sql': 'SELECT 1;' });
    const err = thrown(() => loadMigrations(d));
    expect(err.code).toBe(ErrorCode.Internal);
    expect(err.message).toContain('expected 0002_*.sql but found 0003_c');
    const dup = migrationDir({ '0001_a.sql': 'SELECT 1;', '0001_b.sql': 'SELECT 1;' });
    expect(thrown(() => loadMigrations(dup)).message).toContain('expected 0002_*.sql but found 0001_b');
  });

  it('refuses a badly named .sql file instead of skipping it', () => {
    const d = migrationDir({ '0001_a.sql': 'SELECT 1;', '2-extra.sql': 'SELECT 1;' });
    expect(thrown(() => loadMigrations(d)).message).toContain('2-extra.sql');
  });

  it('refuses a database newer than the app with StoreTooNew and leaves it unchanged', () => {
    const file = path.join(dir(), 'new.db');
    const db = open(file);
    migrate(db);
    const latest = schemaVersion(db);
    db.raw.pragma(`user_version = ${latest + 3}`);
    db.raw.pragma('wal_checkpoint(TRUNCATE)');
    const before = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const err = thrown(() => migrate(db));
    expect(err.code).toBe(ErrorCode.StoreTooNew);
    expect(err.message).toContain(`schema is version ${latest + 3}`);
    expect(err.message).toContain(`knows up to ${latest}`);
    expect(err.message).toContain('Update the app');
    expect(schemaVersion(db)).toBe(latest + 3);
    db.raw.pragma('wal_checkpoint(TRUNCATE)');
    expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(before);
  });

  it("refuses another program's SQLite database (tables but user_version 0)", () => {
    const db = open();
    db.raw.exec('CREATE TABLE their_stuff (x INTEGER)');
    const err = thrown(() => migrate(db));
    expect(err.code).toBe(ErrorCode.ConfigInvalid);
    expect(err.details?.reason).toBe('foreign_database');
    expect(tables(db)).toEqual(['their_stuff']);
  });

  it('accepts the migrations as data (for builds that embed them) and checks them the same way', () => {
    const db = open();
    expect(migrate(db, { migrations: [{ version: 1, name: '0001_x', sql: 'CREATE TABLE x (v INTEGER);' }] }).to).toBe(1);
    expect(thrown(() => migrate(open(), { migrations: [{ version: 2, name: '0002_x', sql: '' }] })).message).toContain('expected 0001');
  });

  it('refuses an out-of-range target', () => {
    expect(thrown(() => migrate(open(), { target: 999 })).code).toBe(ErrorCode.InvalidInput);
  });
});
