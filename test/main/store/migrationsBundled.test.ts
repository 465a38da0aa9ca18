/**
 * The migrations must be found at run time from a bundled build too (no bundler glob): bundle the
 * store as ESM and as CommonJS into a temp folder, copy `migrations/` beside the bundle (what the
 * build does), and migrate a real database through the bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../../src-main/store/migrations';
import { tempDir } from './storeFixtures';

const repoRoot = process.cwd();
const entry = path.join(repoRoot, 'src-main/store/Database.ts');
const migrationsSrc = path.join(repoRoot, 'src-main/store/migrations');

describe('migrations from a bundled build', () => {
  const dir = tempDir('chirp-bundle-');
  // Bare imports (better-sqlite3) resolve from the bundle's folder upwards: give it node_modules.
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.cpSync(migrationsSrc, path.join(dir, 'migrations'), { recursive: true });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const latest = loadMigrations().length;

  it('an ESM bundle reads migrations/ next to itself', async () => {
    const outfile = path.join(dir, 'store.mjs');
    await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
    const mod = (await import(pathToFileURL(outfile).href)) as typeof import('../../../src-main/store/Database');
    expect(mod.defaultMigrationsDir()).toBe(path.join(dir, 'migrations') + path.sep);
    const db = mod.openDatabase(path.join(dir, 'esm.db'));
    try {
      expect(mod.migrate(db).to).toBe(latest);
    } finally {
      db.close();
    }
  });

  it('a CommonJS bundle (no import.meta.url) falls back to its __dirname', async () => {
    const outfile = path.join(dir, 'store.cjs');
    await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'silent' });
    const mod = createRequire(import.meta.url)(outfile) as typeof import('../../../src-main/store/Database');
    expect(mod.defaultMigrationsDir()).toBe(path.join(dir, 'migrations'));
    const db = mod.openDatabase(path.join(dir, 'cjs.db'));
    try {
      expect(mod.migrate(db)).toMatchObject({ from: 0, to: latest });
    } finally {
      db.close();
    }
  });
});
