import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io';
import { accountsCommand } from './accountsCommand';
import { importCommand, migrateCommand } from './archiveCommands';
import { postsCommand } from './postsCommand';
import { serveCommand } from './serveCommand';
import { settingsCommand } from './settingsCommand';
import { vaultCommand } from './vaultCommand';
import { statusCommand } from './statusCommand';
import { syncCommand } from './syncCommand';

export interface Command {
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: { values: Record<string, string | boolean | undefined>; positionals: string[] }, io: CliIo): Promise<number>;
}

export const COMMANDS: Record<string, Command> = {
  sync: syncCommand,
  status: statusCommand,
  posts: postsCommand,
  accounts: accountsCommand,
  settings: settingsCommand,
  vault: vaultCommand,
  import: importCommand,
  migrate: migrateCommand,
  serve: serveCommand,
};

export function usage(): string {
  const rows = Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}`);
  return [
    'chirpsyncer — keep your X and Bluesky posts in sync, on your own machine.',
    '',
    'Commands:',
    ...rows,
    '',
    'Configuration comes from the environment: DATABASE_PATH, ENCRYPTION_KEY, TWITTER_COOKIES or',
    'TWITTER_USERNAME/TWITTER_PASSWORD(/TWITTER_EMAIL), BSKY_USERNAME/BSKY_PASSWORD(/BSKY_SERVICE),',
    'LOG_LEVEL, POLL_INTERVAL. See the README.',
  ].join('\n');
}
