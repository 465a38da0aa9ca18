import { existsSync } from 'node:fs';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { EXIT } from './io';
import type { Command } from './commands';
import { configOf, withCore } from './withCore';

function limitOf(v: unknown): number {
  if (v === undefined) return 20;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new AppError(ErrorCode.InvalidInput, `--limit must be a whole number from 1 to 1000, not "${String(v)}".`, { field: 'limit' });
  return n;
}

export const postsCommand: Command = {
  usage: 'chirpsyncer posts list [--platform x|bsky] [--limit N]',
  summary: 'the newest posts in the local index',
  options: { platform: { type: 'string' }, limit: { type: 'string' } },
  async run({ values, positionals }, io) {
    if (positionals[0] !== 'list' || positionals.length > 1) throw new AppError(ErrorCode.InvalidInput, 'Use `chirpsyncer posts list`.', { field: 'subcommand' });
    const platform = values.platform as string | undefined;
    if (platform !== undefined && platform !== 'x' && platform !== 'bsky') throw new AppError(ErrorCode.InvalidInput, `--platform must be x or bsky, not "${platform}".`, { field: 'platform' });
    const limit = limitOf(values.limit);
    const config = configOf(io);
    if (!existsSync(config.databasePath)) {
      io.out('No posts in the index yet.');
      return EXIT.ok;
    }
    return withCore(io, config, async ({ store }) => {
      const profile = store.profiles.ensureDefaultProfile();
      const accounts = store.accounts.listByProfile(profile.id).filter((a) => !platform || a.platform === platform);
      const posts = accounts.flatMap((a) => store.posts.listByAccount(a.id, { limit })).sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
      if (!posts.length) io.out('No posts in the index yet.');
      for (const p of posts) {
        const text = p.text.replace(/\s+/g, ' ').slice(0, 80);
        io.out(`${new Date(p.createdAt).toISOString().slice(0, 16)}  ${p.platform.padEnd(4)} ${p.madeByEngine ? 'copy' : p.kind.padEnd(4)}  ${p.id}  ${text}`);
      }
      return EXIT.ok;
    });
  },
};
