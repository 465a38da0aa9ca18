/**
 * Two real servers and the real CLI, wired together for two-sided sync tests (STYLE.md §21):
 * a Bluesky PDS (@atproto/dev-env) and the X sandbox, both on 127.0.0.1. All X traffic (the
 * library's global fetch included) is routed to the sandbox; pbs.twimg.com image URLs are answered
 * by a local stand-in CDN with real PNG bytes, so media are downloaded and uploaded for real.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { runCli } from '../../src-main/cli';
import { withOverrides, type CoreOverrides } from '../../src-main/cli/withCore';
import { listAllPosts, startPds, type ListedRecord, type PdsAccount, type PdsHarness } from './pds';
import { routeXTo, type XRouting } from './xRouting';
import { XSandbox } from './xSandbox/XSandbox';
import type { PostView } from './xSandbox/state';

const CDN_HOSTS = new Set(['pbs.twimg.com', 'video.twimg.com']);

export interface Servers {
  pds: PdsHarness;
  sandbox: XSandbox;
  routing: XRouting;
  fetch: typeof fetch;
  /** Every CDN URL that was downloaded. */
  cdnHits: string[];
  close(): Promise<void>;
}

async function png(seed: number): Promise<Uint8Array> {
  const buf = await sharp({ create: { width: 64 + seed, height: 48, channels: 3, background: { r: (seed * 40) % 255, g: 120, b: 200 } } }).png().toBuffer();
  return new Uint8Array(buf);
}

export async function startServers(opts: { sandboxNow?: () => number } = {}): Promise<Servers> {
  const pds = await startPds();
  const sandbox = await XSandbox.start({ now: opts.sandboxNow });
  const routing = routeXTo(sandbox.url, { installGlobal: false });
  const cdnHits: string[] = [];
  const image = await png(1);
  const withCdn = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (CDN_HOSTS.has(url.hostname)) {
      cdnHits.push(url.href);
      return new Response(Buffer.from(image), { status: 200, headers: { 'content-type': 'image/png' } });
    }
    return routing.fetch(input, init);
  }) as typeof fetch;
  const real = globalThis.fetch;
  globalThis.fetch = withCdn;
  return {
    pds,
    sandbox,
    routing,
    fetch: withCdn,
    cdnHits,
    async close() {
      globalThis.fetch = real;
      await sandbox.close();
      await pds.close();
    },
  };
}

export interface CliResult {
  code: number;
  out: string[];
  err: string[];
}

/** One person: an X account in the sandbox, a Bluesky account on the PDS, a data folder. */
export interface Person {
  xName: string;
  bsky: PdsAccount;
  env: NodeJS.ProcessEnv;
  dir: string;
  cli(args: string[], overrides?: CoreOverrides, signal?: AbortSignal): Promise<CliResult>;
  bskyRecords(): Promise<ListedRecord[]>;
  xPosts(): PostView[];
  cleanup(): void;
}

let n = 0;

export async function newPerson(s: Servers, name: string): Promise<Person> {
  const id = `${name}${++n}`.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 14);
  const xPassword = `X-pass-${randomBytes(6).toString('hex')}`;
  s.sandbox.addAccount({ screenName: id, name: `Person ${id}`, password: xPassword });
  const bsky = await s.pds.createAccount(`${id}.test`);
  const dir = mkdtempSync(join(tmpdir(), 'chirp-e2e-'));
  const env: NodeJS.ProcessEnv = {
    HOME: dir,
    CHIRPSYNCER_DATA_DIR: join(dir, 'data'),
    DATABASE_PATH: join(dir, 'data', 'chirpsyncer.db'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    TWITTER_USERNAME: id,
    TWITTER_PASSWORD: xPassword,
    BSKY_USERNAME: bsky.handle,
    BSKY_PASSWORD: bsky.appPassword,
    BSKY_SERVICE: s.pds.url,
    LOG_LEVEL: 'debug',
  };
  return {
    xName: id,
    bsky,
    env,
    dir,
    async cli(args, overrides = {}, signal) {
      const out: string[] = [];
      const err: string[] = [];
      const io = withOverrides({ env, out: (l) => out.push(l), err: (l) => err.push(l), isTty: false, fetch: s.fetch, signal }, overrides);
      const code = await runCli(args, io);
      return { code, out, err };
    },
    bskyRecords: () => listAllPosts(s.pds.url, bsky.did),
    xPosts: () => s.sandbox.state.posts(id),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The servers for one test file, started once, and a `person()` factory whose data folders are
 * removed at the end: the setup every two-sided test file needs.
 */
export function useServers(opts: { sandboxNow?: () => number } = {}): { readonly s: Servers; person(name: string): Promise<Person> } {
  const made: Person[] = [];
  let servers: Servers | undefined;
  beforeAll(async () => {
    servers = await startServers(opts);
  }, 120_000);
  afterAll(async () => {
    for (const p of made) p.cleanup();
    await servers?.close();
  });
  return {
    get s() {
      if (!servers) throw new Error('useServers: the servers are not started yet (use them inside tests or hooks).');
      return servers;
    },
    async person(name) {
      const p = await newPerson(this.s, name);
      made.push(p);
      return p;
    },
  };
}
