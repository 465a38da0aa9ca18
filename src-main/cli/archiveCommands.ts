import { resolve } from 'node:path';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { formatMigrationPlan, loadIndexedPosts, runImportCommand } from '../archive/importCommand';
import { simulateMigration } from '../archive/simulateMigration';
import { SyncQueries } from '../store/SyncQueries';
import { EXIT } from './io';
import type { Command } from './commands';
import { configOf, withCore } from './withCore';

function dateArg(name: string, v: unknown): number | null {
  if (v === undefined) return null;
  const t = Date.parse(String(v));
  if (!/^\d{4}-\d{2}-\d{2}/.test(String(v)) || Number.isNaN(t)) throw new AppError(ErrorCode.InvalidInput, `--${name} must be a date like 2019-06-30, not "${String(v)}".`, { field: name });
  return t;
}

export const importCommand: Command = {
  usage: 'chirpsyncer import <archive.zip | unpacked folder> [--json]',
  summary: "read an X archive ('Download your data') into the local index; the archive is never changed",
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }, io) {
    const input = positionals[0];
    if (!input || positionals.length > 1) throw new AppError(ErrorCode.InvalidInput, 'Give exactly one archive: `chirpsyncer import ~/Downloads/twitter-2024.zip`.', { field: 'archive' });
    const config = configOf(io);
    return withCore(io, config, async (core) =>
      runImportCommand({
        input: resolve(input),
        store: core.store,
        profileId: core.store.profiles.ensureDefaultProfile().id,
        dataDir: config.dataDir,
        out: io.out,
        json: values.json === true,
        logger: core.logger,
        clock: core.clock,
        signal: io.signal,
      }),
    );
  },
};

export const migrateCommand: Command = {
  usage: 'chirpsyncer migrate --simulate [--since DATE] [--until DATE] [--pace N]',
  summary: 'plan moving the imported archive to Bluesky: counts, skips with reasons, time at the pace',
  options: { simulate: { type: 'boolean' }, since: { type: 'string' }, until: { type: 'string' }, pace: { type: 'string' } },
  async run({ values }, io) {
    if (!values.simulate) {
      throw new AppError(ErrorCode.InvalidInput, 'Publishing an archive to Bluesky is not available in this version yet; `chirpsyncer migrate --simulate` shows what it would do.', { field: 'simulate' });
    }
    const dateFrom = dateArg('since', values.since);
    const dateTo = dateArg('until', values.until);
    const pace = values.pace === undefined ? undefined : Number(values.pace);
    if (pace !== undefined && (!Number.isInteger(pace) || pace < 1 || pace > 1666)) throw new AppError(ErrorCode.InvalidInput, `--pace is posts per hour, 1 to 1666 (Bluesky's write budget), not "${String(values.pace)}".`, { field: 'pace' });
    return withCore(io, configOf(io), async ({ store }) => {
      const profile = store.profiles.ensureDefaultProfile();
      const xAccounts = store.accounts.listByProfile(profile.id).filter((a) => a.platform === 'x');
      if (!xAccounts.length) throw new AppError(ErrorCode.NotFound, 'Nothing to migrate yet: import an archive first with `chirpsyncer import <zip>`.');
      const q = new SyncQueries(store.db);
      for (const a of xAccounts) {
        const posts = loadIndexedPosts(store.posts, a.id);
        const pairIds = store.pairs.listByProfile(profile.id).filter((p) => p.xAccountId === a.id).map((p) => p.id);
        const live = new Set(pairIds.flatMap((id) => [...q.linkedAmong(id, 'x', posts.map((p) => p.id))]));
        const plan = simulateMigration({ posts, options: { dateFrom, dateTo, isSyncedLive: (p) => live.has(p.id) }, budget: { createsPerHour: pace } });
        io.out(`X account @${a.handle}: ${posts.length} posts in the index.`);
        for (const l of formatMigrationPlan(plan)) io.out(`  ${l}`);
      }
      return EXIT.ok;
    });
  },
};
