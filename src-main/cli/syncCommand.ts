import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Direction } from '../sync/types';
import { EXIT, type CliIo } from './io';
import { formatRun } from './formatRun';
import { configOf, requireAccounts, withCore } from './withCore';
import type { Command } from './commands';

function direction(v: unknown): Direction | undefined {
  if (v === undefined || v === 'both') return undefined;
  if (v === 'x-to-bsky' || v === 'bsky-to-x') return v;
  throw new AppError(ErrorCode.InvalidInput, `--direction must be x-to-bsky, bsky-to-x or both, not "${String(v)}".`, { field: 'direction' });
}

export const syncCommand: Command = {
  usage: 'chirpsyncer sync --once [--direction x-to-bsky|bsky-to-x|both] | --watch',
  summary: 'copy new posts between X and Bluesky once, or keep doing it every poll interval',
  options: { once: { type: 'boolean' }, watch: { type: 'boolean' }, direction: { type: 'string' } },
  async run({ values }, io) {
    if (!!values.once === !!values.watch) throw new AppError(ErrorCode.InvalidInput, 'Say either --once or --watch.', { field: 'once' });
    const dir = direction(values.direction);
    const config = configOf(io);
    requireAccounts(config);
    return withCore(io, config, async (core) => {
      if (core.vaultProblem) io.err(`Note: sessions are kept in memory only, because the vault is not open: ${core.vaultProblem.replace(/\.+$/, '')}.`);
      if (values.once) {
        const report = await core.sync.runOnce({ direction: dir, manual: true });
        for (const l of formatRun(report)) io.out(l);
        return report.ok ? EXIT.ok : EXIT.failed;
      }
      return watch(io, core, dir);
    });
  },
};

async function watch(io: CliIo, core: import('../compose').Core, dir: Direction | undefined): Promise<number> {
  const minutes = core.store.settings.get(core.store.profiles.ensureDefaultProfile().id, 'pollIntervalMinutes');
  const intervalMs = (core.config.pollIntervalSec ?? minutes * 60) * 1000;
  io.out(`Syncing every ${Math.round(intervalMs / 60000)} min. Press Ctrl+C to stop.`);
  while (!io.signal?.aborted) {
    try {
      const report = await core.sync.runOnce({ direction: dir });
      for (const l of formatRun(report)) io.out(`[${new Date(core.clock.now()).toISOString()}] ${l}`);
    } catch (e) {
      if (e instanceof AppError && (e.code === ErrorCode.ConfigInvalid || e.code === ErrorCode.Cancelled)) throw e;
      io.err(`Run failed: ${(e as Error).message} — trying again next interval.`);
    }
    try {
      await core.clock.sleep(intervalMs, io.signal);
    } catch {
      break;
    }
  }
  io.out('Stopped.');
  return EXIT.ok;
}
