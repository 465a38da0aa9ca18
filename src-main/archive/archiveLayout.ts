/**
 * Where things are inside an X archive. Current archives keep everything under `data/`
 * (`tweets.js`, `tweets-part1.js` …, `tweets_media/`); archives from around 2021 and older use
 * `tweet.js` / `tweet-part1.js` and `tweet_media/`. People also re-zip the unpacked folder, which adds
 * a top folder, so the data folder is found by its marker files instead of a fixed path.
 */
import path from 'node:path/posix';

export interface ArchiveLayout {
  /** Folder holding the data files ('' when they sit at the root), without a trailing slash. */
  dataDir: string;
  /** tweets.js / tweets-part*.js or tweet.js / tweet-part*.js, sorted by name (their order carries no meaning). */
  tweetFiles: string[];
  /** True when the posts come from the older `tweet.js` format. */
  legacyFormat: boolean;
  noteFiles: string[];
  deletedFiles: string[];
  accountFile: string | null;
  manifestFile: string | null;
  /** Media files by the tweet id their name starts with (`<tweet id>-<media file name>`). */
  mediaByTweet: Map<string, string[]>;
  mediaFileCount: number;
}

const TWEETS = /^tweets?(?:-part\d+)?\.js$/;
const NOTES = /^note-tweets?(?:-part\d+)?\.js$/;
const DELETED = /^deleted-tweets?(?:-part\d+)?\.js$/;
const MARKERS = new Set(['account.js', 'manifest.js', 'tweets.js', 'tweet.js']);
const MEDIA_DIRS = ['tweets_media', 'tweet_media', 'deleted_tweets_media', 'deleted_tweet_media'];
const MEDIA_NAME = /^(\d{1,20})-(.+)$/;

function depth(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}

/** The shallowest folder holding a marker file; ties prefer `data`, then the name. */
function findDataDir(names: readonly string[]): string | null {
  const dirs = new Set<string>();
  for (const n of names) {
    const base = path.basename(n);
    if (MARKERS.has(base) || TWEETS.test(base)) dirs.add(path.dirname(n) === '.' ? '' : path.dirname(n));
  }
  const sorted = [...dirs].sort((a, b) => depth(a) - depth(b) || Number(path.basename(b) === 'data') - Number(path.basename(a) === 'data') || a.localeCompare(b));
  return sorted[0] ?? null;
}

/** Sorts `x.js` before `x-part1.js` before `x-part2.js` … before `x-part10.js`. */
function byPart(a: string, b: string): number {
  const pa = /-part(\d+)\.js$/.exec(a);
  const pb = /-part(\d+)\.js$/.exec(b);
  return Number(pa?.[1] ?? -1) - Number(pb?.[1] ?? -1) || a.localeCompare(b);
}

export function findLayout(names: readonly string[]): ArchiveLayout | null {
  const dataDir = findDataDir(names);
  if (dataDir === null) return null;
  const inData = (n: string) => (path.dirname(n) === '.' ? '' : path.dirname(n)) === dataDir;
  const files = names.filter(inData).map((n) => ({ n, base: path.basename(n) }));
  const tweetFiles = files.filter((f) => TWEETS.test(f.base)).map((f) => f.n).sort(byPart);
  const at = (base: string) => files.find((f) => f.base === base)?.n ?? null;
  const mediaPrefixes = MEDIA_DIRS.map((d) => (dataDir ? `${dataDir}/${d}/` : `${d}/`));
  const mediaByTweet = new Map<string, string[]>();
  let mediaFileCount = 0;
  for (const n of names) {
    if (!mediaPrefixes.some((p) => n.startsWith(p))) continue;
    const m = MEDIA_NAME.exec(path.basename(n));
    if (!m) continue;
    mediaFileCount++;
    const list = mediaByTweet.get(m[1] ?? '');
    if (list) list.push(n);
    else mediaByTweet.set(m[1] ?? '', [n]);
  }
  return {
    dataDir,
    tweetFiles,
    legacyFormat: tweetFiles.length > 0 && tweetFiles.every((f) => path.basename(f).startsWith('tweet.') || path.basename(f).startsWith('tweet-')),
    noteFiles: files.filter((f) => NOTES.test(f.base)).map((f) => f.n).sort(byPart),
    deletedFiles: files.filter((f) => DELETED.test(f.base)).map((f) => f.n).sort(byPart),
    accountFile: at('account.js'),
    manifestFile: at('manifest.js'),
    mediaByTweet,
    mediaFileCount,
  };
}
