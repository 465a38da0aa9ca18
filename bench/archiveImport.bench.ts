/**
 * Archive import benchmark (issue 3): generate an X archive ZIP with `posts` posts in several
 * `tweets-part*.js` files (realistic mix of originals, self-threads, replies, retweets, quotes,
 * photos, long notes), then import it into a fresh store on disk in a child process, so the peak
 * RSS is the importer's own and not the generator's. Prints wall time, peak RSS and posts/s.
 *
 *   import { benchArchiveImport } from './archiveImport.bench';
 *   await benchArchiveImport({ posts: 100_000 });
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OWNER, type FixtureNote, type FixtureTweet, tweetEntry, noteEntry, ZipWriter } from '../test/support/archiveFixtures';

export interface ArchiveImportBenchResult {
  posts: number;
  parts: number;
  zipBytes: number;
  generateMs: number;
  importMs: number;
  postsPerSecond: number;
  peakRssBytes: number;
  peakHeapBytes: number;
  inserted: number;
  status: string;
}

const POSTS_PER_PART = 25_000;
const CHILD_ENV = 'CHIRP_BENCH_ARCHIVE_CHILD';
const T0 = Date.UTC(2015, 0, 1);

function benchTweet(i: number, notes: FixtureNote[]): FixtureTweet {
  const tweetId = String(1_000_000_000_000_000_000n + BigInt(i) * 1000n);
  const createdAt = T0 + i * 600_000;
  const kind = i % 20;
  const t: FixtureTweet = { id: tweetId, createdAt, fullText: `Post ${i} about #topic${i % 50} &amp; things https://t.co/b${i}`, urls: [{ url: `https://t.co/b${i}`, expanded: `https://example.com/${i}` }], hashtags: [`topic${i % 50}`], likes: i % 97, retweets: i % 13 };
  if (kind < 2 && i > 0) t.reply = { statusId: String(1_000_000_000_000_000_000n + BigInt(i - 1) * 1000n), userId: OWNER.accountId, screenName: OWNER.username };
  else if (kind < 5) {
    t.reply = { statusId: '900000000000000001', userId: '2000000002', screenName: 'alice' };
    t.fullText = `@alice ${t.fullText}`;
    t.displayStart = 7;
  } else if (kind === 5) t.fullText = `RT @carol: ${t.fullText}`;
  else if (kind === 6) t.media = [{ type: 'photo', file: `P${i}.jpg`, bytes: Buffer.alloc(2048, i % 251) }];
  if (i % 500 === 250) {
    const full = `${'A long note sentence that keeps going. '.repeat(10)}End ${i}.`;
    t.fullText = `${full.slice(0, 270)}…`;
    t.urls = [];
    t.hashtags = [];
    notes.push({ noteTweetId: `${tweetId}9`, createdAt: createdAt + 250, text: full });
  }
  return t;
}

/** Writes the ZIP one part at a time: the generator never holds more than one part in memory. */
export function generateBenchArchive(file: string, posts: number): { parts: number } {
  const zip = new ZipWriter(file);
  zip.add('data/account.js', Buffer.from(`window.YTD.account.part0 = ${JSON.stringify([{ account: { accountId: OWNER.accountId, username: OWNER.username, accountDisplayName: OWNER.displayName } }], null, 2)}`));
  const notes: FixtureNote[] = [];
  const manifestFiles: { fileName: string; globalName: string; count: string }[] = [];
  const parts = Math.max(1, Math.ceil(posts / POSTS_PER_PART));
  // Parts in a scrambled order, as in real archives: part k holds the k-th slice counted from the end.
  for (let k = 0; k < parts; k++) {
    const from = (parts - 1 - k) * POSTS_PER_PART;
    const to = Math.min(posts, from + POSTS_PER_PART);
    const tweets: FixtureTweet[] = [];
    for (let i = from; i < to; i++) tweets.push(benchTweet(i, notes));
    const name = k === 0 ? 'data/tweets.js' : `data/tweets-part${k}.js`;
    const body = tweets.map((t) => JSON.stringify(tweetEntry(t), null, 2)).join(',\n');
    zip.add(name, Buffer.from(`window.YTD.tweets.part${k} = [\n${body}\n]`));
    manifestFiles.push({ fileName: name, globalName: `YTD.tweets.part${k}`, count: String(tweets.length) });
    for (const t of tweets) for (const m of t.media ?? []) zip.add(`data/tweets_media/${t.id}-${m.file}`, m.bytes!, { store: true });
  }
  zip.add('data/note-tweet.js', Buffer.from(`window.YTD.note_tweet.part0 = ${JSON.stringify(notes.map(noteEntry), null, 2)}`));
  const manifest = { userInfo: { accountId: OWNER.accountId, userName: OWNER.username }, archiveInfo: { generationDate: new Date().toISOString(), isPartialArchive: false }, dataTypes: { tweets: { mediaDirectory: 'data/tweets_media', files: manifestFiles }, noteTweet: { files: [{ fileName: 'data/note-tweet.js', globalName: 'YTD.note_tweet.part0', count: String(notes.length) }] } } };
  zip.add('data/manifest.js', Buffer.from(`window.__THAR_CONFIG = ${JSON.stringify(manifest, null, 2)}`));
  zip.finish();
  return { parts };
}

interface ChildResult {
  importMs: number;
  peakRssBytes: number;
  peakHeapBytes: number;
  inserted: number;
  read: number;
  status: string;
}

/** Child side: import into a fresh store and report on stdout as one JSON line. */
async function runChild(args: { zip: string; dir: string }): Promise<void> {
  const { openStore } = await import('../src-main/store/createStore');
  const { importArchive } = await import('../src-main/archive/importArchive');
  const { systemClock } = await import('../src-main/util/clock');
  const { store } = openStore(path.join(args.dir, 'bench.db'), { clock: systemClock });
  const profileId = store.profiles.ensureDefaultProfile().id;
  const accountId = store.accounts.upsert({ profileId, platform: 'x', handle: OWNER.username, remoteId: OWNER.accountId }).id;
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
  const start = performance.now();
  try {
    const report = await importArchive({ input: args.zip, accountId, store, dataDir: args.dir });
    const result: ChildResult = { importMs: performance.now() - start, peakRssBytes: process.resourceUsage().maxRSS * 1024, peakHeapBytes: peakHeap, inserted: report.counts.inserted, read: report.counts.read, status: report.status };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(sampler);
    store.close();
  }
}

function runInChild(args: { zip: string; dir: string }): Promise<ChildResult> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self], { cwd: fileURLToPath(new URL('..', import.meta.url)), env: { ...process.env, [CHILD_ENV]: JSON.stringify(args) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`archive import benchmark child exited with ${code}: ${out.slice(-500)}`));
      resolve(JSON.parse(line) as ChildResult);
    });
  });
}

export async function benchArchiveImport(opts: { posts: number }): Promise<ArchiveImportBenchResult> {
  if (!Number.isInteger(opts.posts) || opts.posts < 1) throw new Error(`benchArchiveImport: posts must be a positive whole number, got ${opts.posts}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chirp-bench-archive-'));
  try {
    const zip = path.join(dir, 'archive.zip');
    const g0 = performance.now();
    const { parts } = generateBenchArchive(zip, opts.posts);
    const generateMs = performance.now() - g0;
    const r = await runInChild({ zip, dir });
    if (r.read !== opts.posts) throw new Error(`benchmark archive read ${r.read} posts, expected ${opts.posts}`);
    const result: ArchiveImportBenchResult = {
      posts: opts.posts, parts, zipBytes: fs.statSync(zip).size, generateMs, importMs: r.importMs,
      postsPerSecond: opts.posts / (r.importMs / 1000), peakRssBytes: r.peakRssBytes, peakHeapBytes: r.peakHeapBytes, inserted: r.inserted, status: r.status,
    };
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
    console.log(`archive import: ${result.posts.toLocaleString('en-US')} posts in ${parts} parts (${mb(result.zipBytes)} ZIP)`);
    console.log(`  wall time ${(result.importMs / 1000).toFixed(2)} s, ${Math.round(result.postsPerSecond).toLocaleString('en-US')} posts/s`);
    console.log(`  peak RSS ${mb(result.peakRssBytes)}, peak heap ${mb(result.peakHeapBytes)}; stored ${result.inserted.toLocaleString('en-US')}, status ${result.status}`);
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env[CHILD_ENV]) {
  runChild(JSON.parse(process.env[CHILD_ENV]) as { zip: string; dir: string }).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
