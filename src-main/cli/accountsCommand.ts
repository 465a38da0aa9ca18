import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Core } from '../compose';
import { connectBsky, connectX } from '../sync/connectAccounts';
import { stepUpPhrase } from '../vault/stepUpPhrases';
import { EXIT, type CliIo } from './io';
import type { Command } from './commands';
import { configOf, withCore } from './withCore';

const CLI_ACTOR = { userId: null, actor: 'cli' };

function needVault(core: Core) {
  if (!core.credentials) throw new AppError(ErrorCode.VaultLocked, `Accounts can only be stored in the encrypted vault, which is not open: ${core.vaultProblem}. Set ENCRYPTION_KEY (32 bytes, hex or base64) or run where an OS keyring is available.`);
  return core.credentials;
}

async function add(core: Core, which: string | undefined, io: CliIo): Promise<number> {
  const creds = needVault(core);
  const profileId = core.store.profiles.ensureDefaultProfile().id;
  const deps = { ...core, fetch: io.fetch ?? ((i: RequestInfo | URL, n?: RequestInit) => globalThis.fetch(i, n)), credentials: creds, profileId };
  if (which === 'x') {
    if (!core.config.x) throw new AppError(ErrorCode.ConfigInvalid, 'Set TWITTER_COOKIES (or TWITTER_USERNAME and TWITTER_PASSWORD) for the account to add.', { variable: 'TWITTER_COOKIES' });
    const { account } = await connectX(deps);
    io.out(`Added X account @${account.handle} (account ${account.id}); its session cookies are stored encrypted.`);
    return EXIT.ok;
  }
  if (which === 'bsky') {
    if (!core.config.bsky) throw new AppError(ErrorCode.ConfigInvalid, 'Set BSKY_USERNAME and BSKY_PASSWORD (an app password) for the account to add.', { variable: 'BSKY_USERNAME' });
    const { account } = await connectBsky(deps);
    creds.add({ accountId: account.id, kind: 'bsky.app-password', secret: { identifier: core.config.bsky.identifier, appPassword: core.config.bsky.password, service: core.config.bsky.service } }, CLI_ACTOR);
    io.out(`Added Bluesky account @${account.handle} (account ${account.id}); its app password and session are stored encrypted.`);
    return EXIT.ok;
  }
  throw new AppError(ErrorCode.InvalidInput, 'Say which network: `chirpsyncer accounts add x` or `chirpsyncer accounts add bsky`.', { field: 'network' });
}

function list(core: Core, io: CliIo): number {
  const profileId = core.store.profiles.ensureDefaultProfile().id;
  const accounts = core.store.accounts.listByProfile(profileId);
  const kinds = new Map((core.credentials?.list() ?? []).map((c) => [c.accountId, c.kinds]));
  if (!accounts.length) io.out('No accounts yet. Add one with `chirpsyncer accounts add x` or `accounts add bsky`.');
  for (const a of accounts) io.out(`${a.id}  ${a.platform === 'x' ? 'X      ' : 'Bluesky'}  @${a.handle}  stored: ${(kinds.get(a.id) ?? []).join(', ') || 'nothing'}`);
  return EXIT.ok;
}

/** Stored accounts are tested with their stored credentials (audited); without any, the env variables are tried. */
async function test(core: Core, io: CliIo): Promise<number> {
  const accounts = core.store.accounts.listByProfile(core.store.profiles.ensureDefaultProfile().id);
  const stored = new Map((core.credentials?.list() ?? []).map((c) => [c.accountId, c.kinds]));
  const testable = accounts.filter((a) => (stored.get(a.id)?.length ?? 0) > 0);
  if (!testable.length || !core.credentials) return testFromEnv(core, io);
  let failed = 0;
  for (const a of testable) {
    const kinds = stored.get(a.id)!;
    const kind = (a.platform === 'x' ? (['x.cookies', 'x.password'] as const) : (['bsky.session', 'bsky.app-password'] as const)).find((k) => kinds.includes(k));
    if (!kind) continue;
    const r = await core.credentials.test({ accountId: a.id, kind }, CLI_ACTOR);
    if (!r.ok) failed++;
    io.out(`${a.platform === 'x' ? 'X' : 'Bluesky'} @${a.handle}: ${r.ok ? r.message : `failed — ${r.message}`}`);
  }
  return failed ? EXIT.failed : EXIT.ok;
}

async function testFromEnv(core: Core, io: CliIo): Promise<number> {
  let failed = 0;
  for (const [name, connect] of [['X', connectX], ['Bluesky', connectBsky]] as const) {
    try {
      const { account } = await connect({ ...core, fetch: io.fetch ?? ((i, n) => globalThis.fetch(i, n)), profileId: core.store.profiles.ensureDefaultProfile().id });
      io.out(`${name}: connected as @${account.handle}.`);
    } catch (e) {
      failed++;
      io.out(`${name}: ${(e as Error).message}`);
    }
  }
  return failed ? EXIT.failed : EXIT.ok;
}

function remove(core: Core, idText: string | undefined, phrase: string | undefined, io: CliIo): number {
  const creds = needVault(core);
  const id = Number(idText);
  if (!Number.isInteger(id) || id < 1) throw new AppError(ErrorCode.InvalidInput, 'Give the account number from `chirpsyncer accounts list`, e.g. `accounts remove 2`.', { field: 'account' });
  if (!core.store.accounts.get(id)) throw new AppError(ErrorCode.NotFound, `There is no account ${id}; see \`chirpsyncer accounts list\`.`);
  const target = creds.label(id);
  const expected = stepUpPhrase('account-remove', target);
  if (!phrase) {
    io.err(`Removing an account deletes its stored credentials and its indexed posts. To confirm, run again with --confirm "${expected}".`);
    return EXIT.usage;
  }
  const { token } = core.security.stepUp.confirm({ action: 'account-remove', target, phrase, userId: null });
  const r = creds.remove({ accountId: id, token }, CLI_ACTOR);
  io.out(`Removed account ${id} (${target}) and ${r.removedCredentials} stored credential(s).`);
  return EXIT.ok;
}

export const accountsCommand: Command = {
  usage: 'chirpsyncer accounts list | add x|bsky | test | remove <id> --confirm "<phrase>"',
  summary: 'store accounts in the encrypted vault, test the connections, remove an account',
  options: { confirm: { type: 'string' } },
  async run({ values, positionals }, io) {
    const [sub, arg] = positionals;
    if (!sub || !['list', 'add', 'test', 'remove'].includes(sub)) throw new AppError(ErrorCode.InvalidInput, `Use one of: accounts list, accounts add x|bsky, accounts test, accounts remove <id>.`, { field: 'subcommand' });
    // Arguments first: a typo is reported as such, before the vault or the database is touched.
    if (sub === 'add' && arg !== 'x' && arg !== 'bsky') throw new AppError(ErrorCode.InvalidInput, 'Say which network: `chirpsyncer accounts add x` or `chirpsyncer accounts add bsky` (the credentials come from the TWITTER_* / BSKY_* variables).', { field: 'network' });
    if (sub === 'remove' && !/^\d+$/.test(arg ?? '')) throw new AppError(ErrorCode.InvalidInput, 'Give the account number from `chirpsyncer accounts list`, e.g. `accounts remove 2`.', { field: 'account' });
    if ((sub === 'list' || sub === 'test') && arg !== undefined) throw new AppError(ErrorCode.InvalidInput, `\`accounts ${sub}\` takes no argument.`, { field: 'subcommand' });
    return withCore(io, configOf(io), async (core) => {
      if (sub === 'list') return list(core, io);
      if (sub === 'add') return add(core, arg, io);
      if (sub === 'test') return test(core, io);
      return remove(core, arg, values.confirm as string | undefined, io);
    });
  },
};
