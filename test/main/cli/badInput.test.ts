import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli';
import { compose } from '../../../src-main/compose';
import { EventHub } from '../../../src-main/ipc/EventHub';
import { createAppServices } from '../../../src-main/services/createAppServices';
import { silentLogger } from '../../../src-main/util/logger';
import { ErrorCode } from '../../../src-shared/errors';

function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'chirp-cli-'));
  const env: NodeJS.ProcessEnv = { HOME: dir, XDG_DATA_HOME: join(dir, 'share'), ENCRYPTION_KEY: 'ab'.repeat(32) };
  const run = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { env: { ...env, ...extra }, out: (l) => out.push(l), err: (l) => err.push(l), isTty: false });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const written = () => (existsSync(join(dir, 'share')) ? readdirSync(join(dir, 'share'), { recursive: true }) : []);
  return { dir, env, run, written };
}

describe('CLI: bad input is refused with a sentence and exit 2, and nothing is created', () => {
  const cases: [string, string[], NodeJS.ProcessEnv, RegExp][] = [
    ['sync without accounts', ['sync', '--once'], {}, /No X account is configured/],
    ['serve without a first admin', ['serve'], {}, /CHIRPSYNCER_ADMIN_USER/],
    ['serve with a weak first admin password', ['serve'], { CHIRPSYNCER_ADMIN_USER: 'me', CHIRPSYNCER_ADMIN_PASSWORD: 'weak' }, /at least 8 characters/],
    ['accounts add of an unknown network', ['accounts', 'add', 'mastodon'], {}, /accounts add x/],
    ['import of a path that does not exist', ['import', '/nope/archive.zip'], {}, /no file or folder at \/nope\/archive\.zip/],
    ['migrate with an inverted date window', ['migrate', '--simulate', '--since', '2024-01-01', '--until', '2020-01-01'], {}, /--since is after --until/],
    ['migrate with an impossible date', ['migrate', '--simulate', '--since', '2023-04-31'], {}, /must be a date like/],
    ['posts list with an extra argument', ['posts', 'list', 'extra'], {}, /posts list/],
    ['an unknown command', ['frobnicate'], {}, /Unknown command "frobnicate"/],
    ['a bad option value', ['posts', 'list', '--limit', '0'], {}, /--limit must be a whole number from 1 to 1000/],
  ];
  for (const [name, args, extra, message] of cases) {
    it(name, async () => {
      const f = fresh();
      const r = await f.run(args, extra);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(f.written()).toEqual([]);
    });
  }

  it('status and posts list on a fresh machine explain what to do and create nothing', async () => {
    const f = fresh();
    expect((await f.run(['status'])).out).toMatch(/Add your accounts first/);
    expect((await f.run(['posts', 'list'])).out).toBe('No posts in the index yet.');
    expect(f.written()).toEqual([]);
  });

  it('"Sync now" in the UI with no accounts is refused with the reason, not started silently', async () => {
    const f = fresh();
    const core = await compose({ env: { ...f.env, CHIRPSYNCER_DATA_DIR: join(f.dir, 'data') }, logSink: { write() {} } });
    try {
      const services = createAppServices(core, new EventHub(silentLogger));
      await expect(services.runSync({})).rejects.toMatchObject({ code: ErrorCode.ConfigInvalid, message: expect.stringMatching(/No X account is configured/) });
      expect((await services.status()).nextSyncAt).toBeNull();
    } finally {
      core.close();
    }
  });

  it('a database made with another key still opens for status; the vault says why it is closed', async () => {
    const f = fresh();
    expect((await f.run(['settings', 'set', 'crossDelete', 'true'])).code).toBe(0);
    const other = { ENCRYPTION_KEY: 'cd'.repeat(32) };
    const st = await f.run(['status'], other);
    expect(st.code).toBe(0);
    expect(st.out).toMatch(/Vault: not open — .*does not match this vault/);
    const v = await f.run(['vault', 'reset', '--confirm', 'erase all stored credentials'], other);
    expect(v.code).toBe(0);
    expect((await f.run(['vault', 'status'], other)).out).toMatch(/Vault open, key from: env/);
  });
});
