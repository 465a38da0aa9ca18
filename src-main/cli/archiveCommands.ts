import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { runImportCommand } from '../archive/importCommand';
import { BSKY_CREATES_PER_HOUR } from '../archive/migrate/Pacer';
import { runMigrateCommand } from '../archive/migrate/runMigrateCommand';
import { DEFAULT_CREATES_PER_HOUR } from '../archive/simulateMigration';
import { EXIT } from './io';
import type { Command } from './commands';
import { configOf, coreOverridesOf, withCore } from './withCore';

function dateArg(name: string, v: unknown): number | null {
  if (v === undefined) return null;
  const t = Date.parse(String(v));
  // Date.parse rolls 2023-04-31 over to May 1st; a date must round-trip to be real.
  const day = /^(\d{4}-\d{2}-\d{2})/.exec(String(v))?.[1];
  const dayMs = day ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  if (!day || Number.isNaN(t) || Number.isNaN(dayMs) || new Date(dayMs).toISOString().slice(0, 10) !== day) throw new AppError(ErrorCode.InvalidInput, `--${name} must be a date like 2019-06-30, not "${String(v)}".`, { field: name });
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
    if (!existsSync(resolve(input))) throw new AppError(ErrorCode.InvalidInput, `There is no file or folder at ${resolve(input)}. Give the path of the ZIP from X's "Download your data", or of its unpacked folder.`, { field: 'archive' });
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

function untilArg(v: unknown): number | null {
  const t = dateArg('until', v);
  // A bare day means "up to the end of that day" (UTC), as people read it.
  return t !== null && /^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? t + 86_399_999 : t;
}

function paceArg(v: unknown): number | null {
  if (v === undefined) return DEFAULT_CREATES_PER_HOUR;
  const pace = Number(v);
  if (!Number.isInteger(pace) || pace < 0 || pace > BSKY_CREATES_PER_HOUR) {
    throw new AppError(ErrorCode.InvalidInput, `--pace is posts per hour, 1 to ${BSKY_CREATES_PER_HOUR} (Bluesky's write budget), or 0 for no pacing (local test servers only); not "${String(v)}".`, { field: 'pace' });
  }
  return pace === 0 ? null : pace;
}

function dailyCapArg(v: unknown): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 11_666) throw new AppError(ErrorCode.InvalidInput, `--daily-cap is posts per day, 1 to 11666 (Bluesky's 35,000 points/day), not "${String(v)}".`, { field: 'daily-cap' });
  return n;
}

function excludeArg(v: unknown): string[] {
  if (v === undefined) return [];
  const ids = String(v).split(',').map((s) => s.trim()).filter(Boolean);
  const bad = ids.find((id) => !/^\d{1,20}$/.test(id));
  if (bad !== undefined) throw new AppError(ErrorCode.InvalidInput, `--exclude takes X post ids separated by commas (like 1650000000000000100,1650000000000000200); "${bad}" is not one.`, { field: 'exclude' });
  return ids;
}

export const migrateCommand: Command = {
  usage: 'chirpsyncer migrate [--simulate | --yes] [--since DATE] [--until DATE] [--pace N] [--daily-cap N] [--exclude id,id] [--replies skip|link]',
  summary: 'publish the imported archive to Bluesky (backdated, paced, resumable); without --yes it only shows the plan. --pace 0 = no pacing, for local test servers and benchmarks only',
  options: { simulate: { type: 'boolean' }, yes: { type: 'boolean' }, since: { type: 'string' }, until: { type: 'string' }, pace: { type: 'string' }, exclude: { type: 'string' }, 'daily-cap': { type: 'string' }, replies: { type: 'string' } },
  async run({ values }, io) {
    const replies = values.replies ?? 'skip';
    if (replies !== 'skip' && replies !== 'link') throw new AppError(ErrorCode.InvalidInput, `--replies must be skip or link, not "${String(replies)}".`, { field: 'replies' });
    const options = { dateFrom: dateArg('since', values.since), dateTo: untilArg(values.until), excludeIds: excludeArg(values.exclude), repliesToOthers: replies as 'skip' | 'link' };
    const pace = paceArg(values.pace);
    const dailyCap = dailyCapArg(values['daily-cap']);
    if (options.dateFrom !== null && options.dateTo !== null && options.dateFrom > options.dateTo) throw new AppError(ErrorCode.InvalidInput, '--since is after --until: nothing could match. Swap the two dates.', { field: 'since' });
    if (!existsSync(configOf(io).databasePath)) throw new AppError(ErrorCode.NotFound, 'Nothing to migrate yet: import an archive first with `chirpsyncer import <zip>`.');
    const yes = values.yes === true && values.simulate !== true;
    return withCore(io, configOf(io), async (core) => {
      const result = await runMigrateCommand({ core, fetch: io.fetch ?? ((input, init) => globalThis.fetch(input, init)), out: io.out, isTty: io.isTty, signal: io.signal, crash: coreOverridesOf(io).crash, options, pace, yes, dailyCap });
      if (result.kind === 'preview') {
        if (values.simulate === true) return EXIT.ok;
        io.err('Nothing was published. Run `chirpsyncer migrate --yes` with the same options to start.');
        return EXIT.usage;
      }
      return result.reports.every((r) => r.status === 'completed' || r.status === 'daily_cap') ? EXIT.ok : EXIT.failed;
    });
  },
};
