import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMigrationPlan, loadIndexedPosts, peekArchiveAccount, runImportCommand } from '../../../src-main/archive/importCommand';
import { simulateMigration } from '../../../src-main/archive/simulateMigration';
import { openStore, type Store } from '../../../src-main/store/createStore';
import { OWNER, richArchive, writeArchiveZip } from '../../support/archiveFixtures';
import { ManualClock } from '../../support/ManualClock';

let dir: string;
let zip: string;
let store: Store;
let profileId: number;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chirp-archive-cli-'));
  zip = path.join(dir, 'rich.zip');
  writeArchiveZip(zip, richArchive());
  store = openStore(path.join(dir, 'chirp.db'), { clock: new ManualClock() }).store;
  profileId = store.profiles.ensureDefaultProfile().id;
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('import command pieces', () => {
  it('peeks at the owner without scanning', async () => {
    expect(await peekArchiveAccount(zip)).toEqual({ accountId: OWNER.accountId, username: OWNER.username, displayName: OWNER.displayName });
  });

  it('binds a new X account from account.js, imports, and prints the report', async () => {
    const lines: string[] = [];
    const code = await runImportCommand({ input: zip, store, profileId, dataDir: path.join(dir, 'data'), out: (l) => lines.push(l) });
    expect(code).toBe(0);
    expect(lines[0]).toBe(`Added X account @${OWNER.username} (${OWNER.accountId}) for this archive.`);
    expect(lines.filter((l) => l.startsWith('Checking '))).toHaveLength(4);
    expect(lines).toContain('Importing: 17 of 17 posts');
    expect(lines).toContain('Read 17 posts: 14 posts/threads, 1 replies, 1 retweets, 1 deleted.');
    expect(lines).toContain('Stored: 17 new, 0 updated, 0 unchanged, 1 marked deleted.');
    expect(lines.at(-1)).toMatch(/^Difference: 1 media file\(s\) are missing/);
    const account = store.accounts.getByRemote(profileId, 'x', OWNER.accountId)!;
    expect(account.handle).toBe(OWNER.username);
    expect(store.posts.count(account.id, { includeDeleted: true })).toBe(17);
  });

  it('a second run reuses the account and reports JSON when asked', async () => {
    const lines: string[] = [];
    expect(await runImportCommand({ input: zip, store, profileId, dataDir: path.join(dir, 'data'), out: (l) => lines.push(l), json: true })).toBe(0);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ status: 'differences', counts: { inserted: 0, unchanged: 17 } });
    expect(store.accounts.listByProfile(profileId).filter((a) => a.platform === 'x')).toHaveLength(1);
  });

  it('prints a refusal in plain words and exits 1', async () => {
    const lines: string[] = [];
    expect(await runImportCommand({ input: path.join(dir, 'missing.zip'), store, profileId, dataDir: dir, out: (l) => lines.push(l) })).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^Import failed: No archive found at .*missing\.zip/)]);
  });

  it('loads the index for a simulation and formats the plan', () => {
    const account = store.accounts.getByRemote(profileId, 'x', OWNER.accountId)!;
    const posts = loadIndexedPosts(store.posts, account.id);
    expect(posts).toHaveLength(17);
    const plan = simulateMigration({ posts });
    expect(plan.counts.skipped.deleted).toBe(1);
    const text = formatMigrationPlan(plan);
    expect(text[0]).toBe('Would publish 14 posts as 15 Bluesky records: 8 single posts, 1 threads with 5 continuations.');
    expect(text).toContain('Skipped: 1 reply to other, 1 repost, 1 deleted.');
    expect(text).toContain('Time at 1,000 posts/hour: about 1 minutes.');
  });
});
