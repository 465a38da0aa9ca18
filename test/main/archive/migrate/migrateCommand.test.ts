import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../src-main/cli';
import { withOverrides, type CoreOverrides } from '../../../../src-main/cli/withCore';
import { OWNER, writeArchiveZip, type FixtureTweet } from '../../../support/archiveFixtures';
import { crashAt } from '../../../support/crash';
import { listAllPosts, startPds, type PdsAccount, type PdsHarness } from '../../../support/pds';
import { countBy } from './migrateWorld';

let pds: PdsHarness;
let dir: string;
let zip: string;
const T0 = Date.UTC(2018, 4, 1, 10, 0, 0);
const DAY = 86_400_000;
const tid = (k: number) => String(1300000000000000000n + BigInt(k));
/** 12 posts, one a day from 2018-05-01, and a self-reply thread on days 3 → 4. */
const TWEETS: FixtureTweet[] = Array.from({ length: 12 }, (_, i) => ({
  id: tid(i + 1),
  fullText: `Command post day ${i + 1}`,
  createdAt: T0 + i * DAY,
  ...(i === 3 ? { reply: { statusId: tid(3), userId: OWNER.accountId, screenName: OWNER.username } } : {}),
}));

beforeAll(async () => {
  pds = await startPds();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chirp-migrate-cli-'));
  zip = path.join(dir, 'archive.zip');
  writeArchiveZip(zip, { account: OWNER, parts: [{ file: 'tweets.js', tweets: TWEETS }] });
}, 120_000);
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await pds?.close();
});

let n = 0;
async function person() {
  const bsky: PdsAccount = await pds.createAccount(`cli${++n}${Date.now().toString(36).slice(-4)}.test`);
  const home = fs.mkdtempSync(path.join(dir, 'home-'));
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    CHIRPSYNCER_DATA_DIR: path.join(home, 'data'),
    DATABASE_PATH: path.join(home, 'data', 'chirpsyncer.db'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    BSKY_USERNAME: bsky.handle,
    BSKY_PASSWORD: bsky.appPassword,
    BSKY_SERVICE: pds.url,
  };
  const cli = async (args: string[], overrides: CoreOverrides = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, withOverrides({ env, out: (l) => out.push(l), err: (l) => err.push(l), isTty: false }, overrides));
    return { code, out, err };
  };
  expect((await cli(['import', zip])).code).toBe(0);
  return { bsky, cli, texts: async () => (await listAllPosts(pds.url, bsky.did)).map((r) => String(r.value.text)) };
}

describe('chirpsyncer migrate', () => {
  it('without --yes prints the plan and the warnings, publishes nothing and exits 2', async () => {
    const p = await person();
    const r = await p.cli(['migrate']);
    expect(r.code).toBe(2);
    const text = r.out.join('\n');
    expect(text).toContain(`X account @${OWNER.username}: 12 posts in the index.`);
    expect(text).toContain('Would publish 12 posts as 12 Bluesky records: 10 single posts, 1 threads with 1 continuations.');
    expect(text).toMatch(/"archived from …" label/);
    expect(text).toMatch(/labelled as spam.*dedicated Bluesky account/);
    expect(r.err).toEqual(['Nothing was published. Run `chirpsyncer migrate --yes` with the same options to start.']);
    expect(await p.texts()).toEqual([]);
    // --simulate is the same preview, with exit 0.
    expect((await p.cli(['migrate', '--simulate'])).code).toBe(0);
  });

  it('refuses bad options with exit 2 and says what to type', async () => {
    const p = await person();
    const pace = await p.cli(['migrate', '--yes', '--pace', '5000']);
    expect(pace.code).toBe(2);
    expect(pace.err[0]).toMatch(/--pace is posts per hour, 1 to 1666 .* or 0 for no pacing/);
    const ex = await p.cli(['migrate', '--yes', '--exclude', '123,abc']);
    expect(ex.code).toBe(2);
    expect(ex.err[0]).toMatch(/"abc" is not one/);
    expect(await p.texts()).toEqual([]);
  });

  it('with --yes publishes the date window minus exclusions, prints progress and the report; a rerun has nothing to do', async () => {
    const p = await person();
    const r = await p.cli(['migrate', '--yes', '--pace', '0', '--since', '2018-05-03', '--until', '2018-05-10', '--exclude', tid(6)]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toContain('with pacing off');
    expect(text).toMatch(/Migrating: 100% \(7\/7 records/);
    expect(text).toMatch(/Migrated 7 Bluesky records \(7 posts\) in/);
    expect(text).toContain('Skipped 5: 4 outside date window, 1 excluded.');
    expect((await p.texts()).sort()).toEqual([3, 4, 5, 7, 8, 9, 10].map((d) => `Command post day ${d}`).sort());
    const again = await p.cli(['migrate', '--yes', '--pace', '0', '--since', '2018-05-03', '--until', '2018-05-10', '--exclude', tid(6)]);
    expect(again.code).toBe(0);
    expect(again.out.join('\n')).toMatch(/Migrated 0 Bluesky records \(0 posts\)[\s\S]*Already on Bluesky from earlier runs: 7 posts\./);
  });

  it('a crash during the run exits 1; the next run finishes without duplicates', async () => {
    const p = await person();
    const crash = crashAt('after-remote-create', 1);
    const first = await p.cli(['migrate', '--yes', '--pace', '0'], { crash: crash.hook });
    expect(crash.fired()).toBe(true);
    expect(first.code).toBe(1);
    const second = await p.cli(['migrate', '--yes']);
    expect(second.code).toBe(0);
    expect(second.out.join('\n')).toContain('at up to 1,000 posts/hour');
    const texts = await p.texts();
    expect(texts).toHaveLength(12);
    expect(Object.values(countBy(texts)).every((c) => c === 1)).toBe(true);
  });
});
