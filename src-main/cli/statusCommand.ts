import { SyncQueries } from '../store/SyncQueries';
import { EXIT } from './io';
import type { Command } from './commands';
import { configOf, withCore } from './withCore';
import { existsSync } from 'node:fs';

const when = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—');

export const statusCommand: Command = {
  usage: 'chirpsyncer status',
  summary: 'accounts, last runs, what is queued or needs attention',
  options: {},
  async run(_a, io) {
    const config = configOf(io);
    if (!existsSync(config.databasePath)) {
      io.out(`No data yet at ${config.databasePath}. Add your accounts first (\`chirpsyncer accounts add x\` and \`accounts add bsky\`, or the TWITTER_*/BSKY_* variables in the README), then run \`chirpsyncer sync --once\`.`);
      return EXIT.ok;
    }
    return withCore(io, config, async (core) => {
      const { store } = core;
      const profile = store.profiles.ensureDefaultProfile();
      const accounts = store.accounts.listByProfile(profile.id);
      io.out(`Database: ${config.databasePath}`);
      io.out(`Vault: ${core.vault ? `open, key from ${core.vault.status().backend}` : `not open — ${core.vaultProblem}`}`);
      if (!accounts.length) io.out('Accounts: none yet.');
      for (const a of accounts) io.out(`Account ${a.id}: ${a.platform === 'x' ? 'X' : 'Bluesky'} @${a.handle} — ${store.posts.count(a.id)} posts indexed`);
      const q = new SyncQueries(store.db);
      for (const p of store.pairs.listByProfile(profile.id)) {
        io.out(`Pair ${p.id}: X→Bluesky ${p.xToBskyEnabled ? 'on' : 'off'}, Bluesky→X ${p.bskyToXEnabled ? 'on' : 'off'}`);
        for (const r of store.runs.listRecent(p.id, 4)) {
          io.out(`  ${when(r.startedAt)} ${r.direction} ${r.status}: created ${r.created}, skipped ${r.skipped}, failed ${r.failed}${r.error ? ` — ${r.error}` : ''}`);
        }
        for (const status of ['sent', 'unknown', 'failed', 'poison'] as const) {
          const open = store.intents.listByStatus(p.id, status, 1000);
          if (open.length) io.out(`  ${open.length} post part(s) ${status === 'poison' ? 'given up on' : status === 'failed' ? 'waiting to retry' : 'with an unknown outcome'}${open[0]?.lastError ? ` (latest: ${open[0].lastError})` : ''}`);
        }
        for (const s of q.skipCounts(p.id)) io.out(`  skipped ${s.direction} (${s.reason}): ${s.n}`);
      }
      return EXIT.ok;
    });
  },
};
