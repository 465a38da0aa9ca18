import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../src-main/compose';
import { EventHub } from '../../src-main/ipc/EventHub';
import { createAppServices } from '../../src-main/services/createAppServices';
import { silentLogger } from '../../src-main/util/logger';
import { scanForSecrets, sqliteFiles, type Haystack } from '../main/vault/scanForSecrets';
import { newPerson, startServers, type Person, type Servers } from '../support/syncWorld';

let s: Servers;
let me: Person;
const outputs: Haystack[] = [];
const secrets: Record<string, string> = {};

beforeAll(async () => {
  s = await startServers();
  me = await newPerson(s, 'secret');
  s.sandbox.seedPost(me.xName, { text: 'a post to sync', createdAt: Date.now() - 60_000 });
  const run = async (args: string[]) => {
    const r = await me.cli(args);
    outputs.push({ where: `cli ${args.join(' ')}`, data: [...r.out, ...r.err].join('\n') });
    return r;
  };
  expect((await run(['accounts', 'add', 'x'])).code).toBe(0);
  expect((await run(['accounts', 'add', 'bsky'])).code).toBe(0);
  expect((await run(['sync', '--once'])).code).toBe(0);
  for (const args of [['status'], ['accounts', 'list'], ['accounts', 'test'], ['posts', 'list']]) await run(args);
  // Every IPC channel that returns data, through the same services the desktop and web UI use.
  const core = await compose({ env: me.env, fetch: s.fetch, logSink: { write() {} } });
  try {
    const services = createAppServices(core, new EventHub(silentLogger));
    const accounts = await services.listAccounts();
    const answers = {
      status: await services.status(),
      accounts,
      posts: await services.listPosts({ limit: 100 }),
      runs: await services.syncHistory({ limit: 50 }),
      settings: await services.getSettings(),
      tests: await Promise.all(accounts.map((a) => services.testAccount({ accountId: a.id }))),
    };
    outputs.push({ where: 'ipc answers', data: JSON.stringify(answers) });
    // The real secrets as the vault holds them (the X session cookies and Bluesky tokens were made by the servers).
    const x = accounts.find((a) => a.platform === 'x')!;
    const b = accounts.find((a) => a.platform === 'bsky')!;
    const cookies = core.credentials!.get(x.id, 'x.cookies')!;
    const session = core.credentials!.get(b.id, 'bsky.session')!;
    Object.assign(secrets, {
      xPassword: String(me.env.TWITTER_PASSWORD),
      bskyAppPassword: String(me.env.BSKY_PASSWORD),
      encryptionKey: String(me.env.ENCRYPTION_KEY),
      authToken: cookies.authToken,
      ct0: cookies.ct0,
      accessJwt: session.accessJwt,
      refreshJwt: session.refreshJwt,
    });
  } finally {
    core.close();
  }
}, 180_000);

afterAll(async () => {
  me?.cleanup();
  await s?.close();
});

describe('secrets never leave the vault (issue 4, acceptance 3)', () => {
  it('the sync really used the accounts (so the scan is meaningful)', async () => {
    expect((await me.bskyRecords()).map((r) => r.value.text)).toEqual(['a post to sync']);
    expect(Object.values(secrets).every((v) => v.length >= 8)).toBe(true);
  });

  it('zero hits in the database file (+WAL), the log files, every CLI output and every IPC answer', () => {
    const dbFile = String(me.env.DATABASE_PATH);
    const logDir = join(String(me.env.CHIRPSYNCER_DATA_DIR), 'logs');
    const logs: Haystack[] = readdirSync(logDir).map((f) => ({ where: join(logDir, f), data: readFileSync(join(logDir, f)) }));
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.reduce((n, l) => n + l.data.length, 0)).toBeGreaterThan(1000);
    const findings = scanForSecrets(secrets, [...sqliteFiles(dbFile), ...logs, ...outputs]);
    expect(findings).toEqual([]);
    // The scan itself can see a secret when one is there.
    expect(scanForSecrets({ ct0: secrets.ct0! }, [{ where: 'planted', data: `x-csrf-token: ${secrets.ct0}` }])).toHaveLength(1);
  });
});
