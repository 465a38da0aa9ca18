/**
 * Archive migration benchmark (issue 3): an X archive of N posts (singles with links, tags and
 * emoji, self-threads, long posts that split) imported into a real store, then migrated into a
 * real local PDS with pacing off; then a resume that finds nothing left to do. The local part alone
 * (plan, drafts, CIDs, intents, commits) is timed against an offline write path, because the
 * in-process PDS would blur CPU figures. Prints figures with the input size; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ArchiveMediaFiles } from '../src-main/archive/ArchiveMediaFiles';
import { importArchive } from '../src-main/archive/importArchive';
import { MigrationJob } from '../src-main/archive/migrate/MigrationJob';
import { planForMigration } from '../src-main/archive/migrate/planForMigration';
import type { MigrationConnector } from '../src-main/archive/migrate/types';
import { batchCreates } from '../src-main/connectors/bluesky/batchCreates';
import { openStore, type Store } from '../src-main/store/createStore';
import { createSyncStorePort } from '../src-main/sync/storePort';
import { systemClock } from '../src-main/util/clock';
import { silentLogger } from '../src-main/util/logger';
import { OWNER, writeArchiveZip, type FixtureTweet } from '../test/support/archiveFixtures';
import { startPds } from '../test/support/pds';
import { wire } from '../test/main/connectors/bluesky/helpers';
import { fmt } from './stats';

const LONG = Array.from({ length: 9 }, (_, i) => `Long benchmark sentence ${i + 1} goes on a while.`).join(' ');

function tweets(n: number): FixtureTweet[] {
  const t0 = Date.UTC(2016, 0, 1);
  return Array.from({ length: n }, (_, i): FixtureTweet => {
    const id = String(1000000000000000000n + BigInt(i + 1));
    const t: FixtureTweet = { id, fullText: `Bench post ${i} #tag https://t.co/b${i} café ${'😀'.repeat(i % 4)}`, createdAt: t0 + i * 60_000, urls: [{ url: `https://t.co/b${i}`, expanded: `https://example.com/${i}` }], hashtags: ['tag'] };
    if (i % 10 === 9) t.reply = { statusId: String(1000000000000000000n + BigInt(i)), userId: OWNER.accountId, screenName: OWNER.username };
    if (i % 25 === 0) t.fullText = `${LONG} ${i}`;
    return t;
  });
}

interface World {
  dir: string;
  store: Store;
  xAccountId: number;
  pair(bskyDid: string, handle: string): { pairId: number; bskyAccountId: number };
}

async function importedWorld(n: number, zip: string): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'chirp-bench-migrate-'));
  const { store } = openStore(join(dir, 'b.db'), { clock: systemClock, logger: silentLogger });
  const profileId = store.profiles.ensureDefaultProfile().id;
  const xAccountId = store.accounts.upsert({ profileId, platform: 'x', handle: OWNER.username, remoteId: OWNER.accountId }).id;
  await importArchive({ input: zip, accountId: xAccountId, store, dataDir: join(dir, 'data'), clock: systemClock });
  if (store.posts.count(xAccountId) !== n) throw new Error(`bench: imported ${store.posts.count(xAccountId)} of ${n} posts`);
  return {
    dir, store, xAccountId,
    pair(did, handle) {
      const bskyAccountId = store.accounts.upsert({ profileId, platform: 'bsky', handle, remoteId: did }).id;
      return { pairId: store.pairs.create({ profileId, xAccountId, bskyAccountId }).id, bskyAccountId };
    },
  };
}

async function migrate(w: World, connector: MigrationConnector, did: string, handle: string, pairId: number, bskyAccountId: number) {
  const media = new ArchiveMediaFiles(join(w.dir, 'data'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { plan } = await planForMigration({ store: w.store, accountId: w.xAccountId, pairIds: [pairId] });
  const job = new MigrationJob({ store: createSyncStorePort(w.store), connector, media, clock: systemClock, logger: silentLogger, transaction: (fn) => w.store.db.transaction(fn) });
  const report = await job.run({ plan, pairId, bskyAccountId, bskyDid: did, bskyHandle: handle, pace: null });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await media.cleanup();
  return { report, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, records: plan.counts.creates };
}

/** The connector's real batch path (record build, local CIDs, ≤ 200 per call) with the network left out. */
function offlineConnector(did: string): MigrationConnector {
  return {
    applyCreates: (drafts) =>
      batchCreates(drafts, {
        did, logger: silentLogger, upload: async () => [], applyWrites: async (writes) => writes.map(() => ({})),
        lookup: async () => null, createOrLookup: async () => { throw new Error('offline'); }, maybeWritten: () => false,
      }),
    getPost: async () => null,
  };
}

export async function benchMigrate(opts: { posts: number }): Promise<void> {
  const n = opts.posts;
  const zipDir = mkdtempSync(join(tmpdir(), 'chirp-bench-archive-'));
  const zip = join(zipDir, 'archive.zip');
  writeArchiveZip(zip, { account: OWNER, parts: [{ file: 'tweets.js', tweets: tweets(n) }] });
  const pds = await startPds();
  const worlds: World[] = [];
  try {
    const acct = await pds.createAccount('benchmig.test');
    const { connector } = wire(pds.url);
    await connector.login(acct.handle, acct.appPassword);
    const w = await importedWorld(n, zip);
    worlds.push(w);
    const { pairId, bskyAccountId } = w.pair(acct.did, acct.handle);
    const run = await migrate(w, connector, acct.did, acct.handle, pairId, bskyAccountId);
    const posts = run.report.migrated.units;
    console.log(`migrate archive → local PDS, ${fmt(n, 0)} posts (${fmt(run.records, 0)} records), pacing off: ${fmt(run.wallMs / 1000, 2)} s wall, ${fmt(posts / (run.wallMs / 1000))} posts/s, ${fmt(run.report.migrated.records / (run.wallMs / 1000))} records/s (status ${run.report.status}, failed ${run.report.failed.length}; process CPU incl. the in-process PDS ${fmt(run.cpuMs / Math.max(1, posts), 2)} ms/post). A widely used peer does ~40 posts/s.`);
    const resume = await migrate(w, connector, acct.did, acct.handle, pairId, bskyAccountId);
    console.log(`migrate resume with nothing left (${fmt(resume.report.alreadyDone.units, 0)} posts already done, ${resume.report.migrated.records} made): ${fmt(resume.wallMs, 0)} ms (plan from the index + link checks)`);

    const local = await importedWorld(n, zip);
    worlds.push(local);
    const offDid = 'did:plc:benchmigrateofflinexxxxx';
    const offPair = local.pair(offDid, 'offline.test');
    const off = await migrate(local, offlineConnector(offDid), offDid, 'offline.test', offPair.pairId, offPair.bskyAccountId);
    console.log(`migrate local CPU per post (plan, drafts + facets, records + CIDs, intents + commits; no network), ${fmt(n, 0)} posts: ${fmt(off.cpuMs / Math.max(1, off.report.migrated.units) * 1000, 0)} µs/post, ${fmt(off.wallMs / 1000, 2)} s wall`);
  } finally {
    for (const w of worlds) {
      w.store.close();
      rmSync(w.dir, { recursive: true, force: true });
    }
    rmSync(zipDir, { recursive: true, force: true });
    await pds.close();
  }
}
