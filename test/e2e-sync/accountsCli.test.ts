import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../src-main/compose';
import { EventHub } from '../../src-main/ipc/EventHub';
import { createAppServices } from '../../src-main/services/createAppServices';
import { silentLogger } from '../../src-main/util/logger';
import { newPerson, startServers, type Person, type Servers } from '../support/syncWorld';

let s: Servers;
let me: Person;

beforeAll(async () => {
  s = await startServers();
  me = await newPerson(s, 'acct');
}, 120_000);

afterAll(async () => {
  me?.cleanup();
  await s?.close();
});

describe('chirpsyncer accounts (vault-backed) and the audit trail', () => {
  it('add, list, test, and remove only with the typed confirmation phrase', async () => {
    expect((await me.cli(['accounts', 'add', 'x'])).out.join('\n')).toMatch(/Added X account @acct\d+ \(account \d+\)/);
    expect((await me.cli(['accounts', 'add', 'bsky'])).code).toBe(0);
    const list = (await me.cli(['accounts', 'list'])).out.join('\n');
    expect(list).toMatch(/X\s+@acct\d+\s+stored: x\.cookies/);
    expect(list).toMatch(/Bluesky\s+@acct\d+\.test\s+stored: bsky\.app-password, bsky\.session|stored: bsky\.session, bsky\.app-password/);
    const test = await me.cli(['accounts', 'test']);
    expect(test.code).toBe(0);
    expect(test.out.join('\n')).toMatch(/Bluesky @acct\d+\.test: Connected: Bluesky as @acct\d+\.test\nX @acct\d+: Connected: X as @acct\d+/);

    const xId = /(\d+)\s+X/.exec(list)![1]!;
    const ask = await me.cli(['accounts', 'remove', xId]);
    expect(ask.code).toBe(2);
    const phrase = /--confirm "([^"]+)"/.exec(ask.err.join('\n'))![1]!;
    expect(phrase).toMatch(/^remove account @acct\d+$/);
    const wrong = await me.cli(['accounts', 'remove', xId, '--confirm', 'yes']);
    expect(wrong.code).not.toBe(0);
    expect((await me.cli(['accounts', 'list'])).out.join('\n')).toMatch(/X\s+@acct/);
    const ok = await me.cli(['accounts', 'remove', xId, '--confirm', phrase]);
    expect(ok.code).toBe(0);
    expect((await me.cli(['accounts', 'list'])).out.join('\n')).not.toMatch(/X\s+@acct/);

    const core = await compose({ env: me.env, fetch: s.fetch, logSink: { write() {} } });
    try {
      const services = createAppServices(core, new EventHub(silentLogger));
      await services.setSetting({ key: 'syncBskyToX', value: false });
      const actions = core.security.audit.list({ limit: 200 }).map((e) => `${e.action}:${e.success}`);
      for (const a of ['credential.create:true', 'credential.test:true', 'destructive.run:true', 'settings.change:true']) expect(actions).toContain(a);
      expect(actions.some((a) => a.startsWith('credential.delete'))).toBe(true);
    } finally {
      core.close();
    }
  });
});
