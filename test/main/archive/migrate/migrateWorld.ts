/**
 * Test wiring for the migration job: a real store on disk with an imported archive, a real Bluesky
 * account on the dev-env PDS, the pair, the connector and the archive media files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ArchiveMediaFiles } from '../../../../src-main/archive/ArchiveMediaFiles';
import { importArchive } from '../../../../src-main/archive/importArchive';
import { MigrationJob } from '../../../../src-main/archive/migrate/MigrationJob';
import { planForMigration } from '../../../../src-main/archive/migrate/planForMigration';
import type { MigrationJobDeps, MigrationRunInput } from '../../../../src-main/archive/migrate/types';
import type { BlueskyConnector } from '../../../../src-main/connectors/bluesky/BlueskyConnector';
import { openStore, type Store } from '../../../../src-main/store/createStore';
import type { SyncStorePort } from '../../../../src-main/sync/ports';
import { createSyncStorePort } from '../../../../src-main/sync/storePort';
import { systemClock, type Clock } from '../../../../src-main/util/clock';
import { silentLogger } from '../../../../src-main/util/logger';
import { OWNER, writeArchiveZip, type FixtureArchive } from '../../../support/archiveFixtures';
import { listAllPosts, type ListedRecord, type PdsAccount, type PdsHarness } from '../../../support/pds';
import { wire } from '../../connectors/bluesky/helpers';

let n = 0;

export interface MigrateWorld {
  dir: string;
  store: Store;
  port: SyncStorePort;
  xAccountId: number;
  bskyAccountId: number;
  pairId: number;
  bsky: PdsAccount;
  connector: BlueskyConnector;
  media: ArchiveMediaFiles;
  plan(o?: Parameters<typeof planForMigration>[0]['options']): ReturnType<typeof planForMigration>;
  job(extra?: Partial<MigrationJobDeps>): MigrationJob;
  input(plan: MigrationRunInput['plan'], extra?: Partial<MigrationRunInput>): MigrationRunInput;
  records(): Promise<ListedRecord[]>;
  close(): Promise<void>;
}

export async function newWorld(pds: PdsHarness, archive: FixtureArchive | null, opts: { clock?: Clock } = {}): Promise<MigrateWorld> {
  const clock = opts.clock ?? systemClock;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chirp-migrate-'));
  const store = openStore(path.join(dir, 'chirp.db'), { clock }).store;
  const profileId = store.profiles.ensureDefaultProfile().id;
  const xAccountId = store.accounts.upsert({ profileId, platform: 'x', handle: OWNER.username, remoteId: OWNER.accountId }).id;
  if (archive) {
    const zip = path.join(dir, 'archive.zip');
    writeArchiveZip(zip, archive);
    await importArchive({ input: zip, accountId: xAccountId, store, dataDir: path.join(dir, 'data'), clock });
  }
  const bsky = await pds.createAccount(`mig${++n}${Date.now().toString(36).slice(-4)}.test`);
  const { connector } = wire(pds.url);
  await connector.login(bsky.handle, bsky.appPassword);
  const bskyAccountId = store.accounts.upsert({ profileId, platform: 'bsky', handle: bsky.handle, remoteId: bsky.did, serviceUrl: pds.url }).id;
  const pairId = store.pairs.create({ profileId, xAccountId, bskyAccountId }).id;
  const port = createSyncStorePort(store);
  const media = new ArchiveMediaFiles(path.join(dir, 'data'));
  return {
    dir, store, port, xAccountId, bskyAccountId, pairId, bsky, connector, media,
    plan: (o) => planForMigration({ store, accountId: xAccountId, pairIds: [pairId], options: o, mediaSize: (m) => media.size(m) }),
    job: (extra = {}) => new MigrationJob({ store: port, connector, media, clock, logger: silentLogger, transaction: (fn) => store.db.transaction(fn), ...extra }),
    input: (plan, extra = {}) => ({ plan, pairId, bskyAccountId, bskyDid: bsky.did, bskyHandle: bsky.handle, pace: null, ...extra }),
    records: () => listAllPosts(pds.url, bsky.did),
    async close() {
      await media.cleanup();
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A real PNG of random pixels: incompressible, so `side` 700 gives about 1.5 MB. */
export async function noisePng(side: number, seed = 1): Promise<Buffer> {
  const px = Buffer.alloc(side * side * 3);
  let s = seed;
  for (let i = 0; i < px.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    px[i] = s >> 16;
  }
  return sharp(px, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
}

export async function smallPng(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 30, b: 90 } } }).png().toBuffer();
}

export const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((m, t) => ((m[t] = (m[t] ?? 0) + 1), m), {});
