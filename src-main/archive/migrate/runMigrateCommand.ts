/**
 * `chirpsyncer migrate`: preview (the plan and the warnings; nothing is published without --yes)
 * or run the migration job for each X account that has imported archive posts.
 */
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Core } from '../../compose';
import type { CrashPoint } from '../../sync/publishUnit';
import { connectBsky } from '../../sync/connectAccounts';
import { createSyncStorePort } from '../../sync/storePort';
import { ArchiveMediaFiles } from '../ArchiveMediaFiles';
import { formatMigrationPlan } from '../importCommand';
import { DEFAULT_CREATES_PER_HOUR, type MigrationOptions } from '../simulateMigration';
import { formatMigrationReport, MIGRATION_WARNINGS, progressPrinter } from './formatMigration';
import { MigrationJob } from './MigrationJob';
import { planForMigration } from './planForMigration';
import type { MigrationReport } from './types';

export interface MigrateCommandInput {
  core: Pick<Core, 'store' | 'caller' | 'clock' | 'logger' | 'config' | 'credentials' | 'secrets'>;
  fetch: typeof fetch;
  out: (line: string) => void;
  isTty: boolean;
  signal?: AbortSignal;
  crash?: (p: CrashPoint) => void;
  options: Pick<MigrationOptions, 'dateFrom' | 'dateTo' | 'excludeIds' | 'repliesToOthers'>;
  /** Creates per hour; null = pacing off (local servers and benchmarks only). */
  pace: number | null;
  /** false = preview only. */
  yes: boolean;
  dailyCap?: number | null;
}

export type MigrateOutcome = { kind: 'preview' } | { kind: 'ran'; reports: MigrationReport[] };

function archiveAccounts(store: MigrateCommandInput['core']['store'], profileId: number) {
  const xs = store.accounts.listByProfile(profileId).filter((a) => a.platform === 'x' && store.posts.count(a.id, { source: 'archive', includeDeleted: true }) > 0);
  if (!xs.length) throw new AppError(ErrorCode.NotFound, 'Nothing to migrate yet: import an archive first with `chirpsyncer import <zip>`.');
  return xs;
}

export async function runMigrateCommand(i: MigrateCommandInput): Promise<MigrateOutcome> {
  const { store } = i.core;
  const profileId = store.profiles.ensureDefaultProfile().id;
  const xs = archiveAccounts(store, profileId);
  const media = new ArchiveMediaFiles(i.core.config.dataDir);
  try {
    if (!i.yes) {
      for (const a of xs) {
        const pairIds = store.pairs.listByProfile(profileId).filter((p) => p.xAccountId === a.id).map((p) => p.id);
        await printPlan(i, a, pairIds, media);
      }
      for (const l of MIGRATION_WARNINGS) i.out(l);
      if (i.pace === null) i.out('Pacing is off (--pace 0): use that only with a local test server or for benchmarks.');
      return { kind: 'preview' };
    }
    const bsky = await connectBsky({ ...i.core, fetch: i.fetch, profileId });
    const reports: MigrationReport[] = [];
    for (const a of xs) {
      const pair =
        store.pairs.listByProfile(profileId).find((p) => p.xAccountId === a.id && p.bskyAccountId === bsky.account.id) ??
        store.pairs.create({ profileId, xAccountId: a.id, bskyAccountId: bsky.account.id });
      const plan = await printPlan(i, a, [pair.id], media);
      i.out(`Publishing to Bluesky as @${bsky.account.handle}${i.pace === null ? ' with pacing off' : ` at up to ${i.pace.toLocaleString('en-US')} posts/hour`}.`);
      const job = new MigrationJob({ store: createSyncStorePort(store), connector: bsky.connector, media, clock: i.core.clock, logger: i.core.logger, crash: i.crash, transaction: (fn) => store.db.transaction(fn), onProgress: progressPrinter(i.out, i.isTty) });
      const report = await job.run({ plan, pairId: pair.id, bskyAccountId: bsky.account.id, bskyDid: bsky.account.remoteId, bskyHandle: bsky.account.handle, pace: i.pace, dailyCap: i.dailyCap, signal: i.signal });
      for (const l of formatMigrationReport(report)) i.out(l);
      reports.push(report);
      if (report.status === 'stopped' || report.status === 'cancelled') break;
    }
    return { kind: 'ran', reports };
  } finally {
    await media.cleanup();
  }
}

async function printPlan(i: MigrateCommandInput, a: { id: number; handle: string }, pairIds: number[], media: ArchiveMediaFiles) {
  const { plan, indexed } = await planForMigration({
    store: i.core.store,
    accountId: a.id,
    pairIds,
    options: i.options,
    mediaSize: (m) => media.size(m),
    createsPerHour: i.pace ?? DEFAULT_CREATES_PER_HOUR,
    now: i.core.clock.now(),
  });
  i.out(`X account @${a.handle}: ${indexed.toLocaleString('en-US')} posts in the index.`);
  for (const l of formatMigrationPlan(plan)) i.out(`  ${l}`);
  return plan;
}
