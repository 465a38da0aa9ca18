import { AtpAgent } from '@atproto/api';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useServers, type Person } from '../support/syncWorld';

const CHILD = fileURLToPath(new URL('../support/cliChild.ts', import.meta.url));
const world = useServers();

function runChild(p: Person, args: string[], killAt: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      env: { ...process.env, ...p.env, CHIRP_TEST_SANDBOX_URL: world.s.sandbox.url, CHIRP_TEST_KILL_AT: killAt },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

describe('kill -9 of a real chirpsyncer process in the middle of publishing, then a restart', () => {
  it('X → Bluesky: killed right after the 3rd remote create; the restart adopts it — no duplicate, nothing missing', async () => {
    const p = await world.person('kill');
    for (let i = 0; i < 6; i++) world.s.sandbox.seedPost(p.xName, { text: `killed run post ${i}`, createdAt: Date.now() - (6 - i) * 60_000 });
    const child = await runChild(p, ['sync', '--once', '--direction', 'x-to-bsky'], 'after-remote-create:3');
    expect(child.signal).toBe('SIGKILL');
    expect((await p.bskyRecords()).length).toBe(3);
    const restart = await p.cli(['sync', '--once', '--direction', 'x-to-bsky']);
    expect(restart.code).toBe(0);
    const texts = (await p.bskyRecords()).map((r) => String(r.value.text)).sort();
    expect(texts).toEqual(Array.from({ length: 6 }, (_, i) => `killed run post ${i}`));
  }, 120_000);

  it('Bluesky → X: killed right after the 2nd tweet was created; the restart finds it on X instead of posting again', async () => {
    const p = await world.person('killb');
    const agent = new AtpAgent({ service: world.s.pds.url });
    await agent.login({ identifier: p.bsky.handle, password: p.bsky.password });
    for (let i = 0; i < 4; i++) {
      await agent.com.atproto.repo.createRecord({ repo: agent.session!.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: `bsky killed ${i}`, createdAt: new Date(Date.now() + i).toISOString() } });
    }
    const child = await runChild(p, ['sync', '--once', '--direction', 'bsky-to-x'], 'after-remote-create:2');
    expect(child.signal).toBe('SIGKILL');
    expect(p.xPosts().length).toBe(2);
    const restart = await p.cli(['sync', '--once', '--direction', 'bsky-to-x']);
    expect(restart.code).toBe(0);
    expect(p.xPosts().map((t) => t.text).sort()).toEqual(['bsky killed 0', 'bsky killed 1', 'bsky killed 2', 'bsky killed 3']);
    const status = await p.cli(['status']);
    expect(status.out.join('\n')).toMatch(/interrupted|ok/);
  }, 120_000);
});
