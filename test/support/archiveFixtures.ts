/**
 * Builds X archives for tests and the benchmark, following the real format (corpus/README.md, "Facts
 * about X archives"): `window.YTD.*` JavaScript files, numbers as strings, HTML-escaped `full_text`,
 * `<tweet id>-<file>` media names. No zip library is installed for writing, so a minimal ZIP writer
 * (stored or deflated entries, UTF-8 names, no zip64) lives here too.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// ---------------------------------------------------------------- tweets

export interface FixtureMedia {
  type: 'photo' | 'video' | 'animated_gif';
  /** Basename of the media URL (photo) or of the mp4 variant (video/GIF), e.g. `abc.jpg`. */
  file: string;
  /** Bytes of the file stored in the archive; omit to leave the file out (a missing media file). */
  bytes?: Buffer;
  durationMs?: number;
  /** For videos: say "photo" in plain entities.media as X sometimes does. */
  plainSaysPhoto?: boolean;
}

export interface FixtureTweet {
  id: string;
  /** Exactly as X stores it: HTML-escaped, with t.co links and any reply prefix. */
  fullText: string;
  createdAt: number;
  displayStart?: number;
  reply?: { statusId: string; userId: string; screenName: string };
  urls?: { url: string; expanded: string; display?: string }[];
  media?: FixtureMedia[];
  hashtags?: string[];
  mentions?: { screenName: string; id: string }[];
  likes?: number;
  retweets?: number;
  lang?: string;
  deletedAt?: number;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** X's legacy date format: "Wed Oct 10 20:19:24 +0000 2018". */
export function xDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

function mediaEntity(t: FixtureTweet, m: FixtureMedia, i: number, plain: boolean) {
  const mediaId = `${t.id.slice(0, -2)}${pad(i)}`;
  const tco = `https://t.co/m${t.id.slice(-6)}`;
  const isVideo = m.type !== 'photo';
  const base = isVideo ? `${m.file.replace(/\.mp4$/, '')}.jpg` : m.file;
  const thumb = `https://pbs.twimg.com/${isVideo ? 'ext_tw_video_thumb' : 'media'}/${base}`;
  const e: Record<string, unknown> = {
    id_str: mediaId,
    media_url_https: thumb,
    url: tco,
    display_url: 'pic.twitter.com/xyz',
    expanded_url: `https://twitter.com/o/status/${t.id}/photo/1`,
    type: plain && m.plainSaysPhoto ? 'photo' : m.type,
    indices: ['0', '0'],
    sizes: { large: { w: '1200', h: '800', resize: 'fit' } },
  };
  if (isVideo && !plain) {
    const dir = m.type === 'animated_gif' ? 'tweet_video' : 'ext_tw_video/1/pu/vid/1280x720';
    e.video_info = {
      aspect_ratio: ['16', '9'],
      ...(m.durationMs === undefined ? {} : { duration_millis: String(m.durationMs) }),
      variants:
        m.type === 'animated_gif'
          ? [{ bitrate: '0', content_type: 'video/mp4', url: `https://video.twimg.com/${dir}/${m.file}` }]
          : [
              { content_type: 'application/x-mpegURL', url: `https://video.twimg.com/${dir}/pl.m3u8?tag=12` },
              { bitrate: '256000', content_type: 'video/mp4', url: `https://video.twimg.com/${dir}/low-${m.file}?tag=12` },
              { bitrate: '2176000', content_type: 'video/mp4', url: `https://video.twimg.com/${dir}/${m.file}?tag=12` },
            ],
    };
  }
  return e;
}

/** One `{ "tweet": {...} }` entry in the archive's shape (numbers as strings, like X writes them). */
export function tweetEntry(t: FixtureTweet, opts: { wrap?: boolean } = {}): unknown {
  const media = t.media ?? [];
  const tweet: Record<string, unknown> = {
    edit_info: { initial: { editTweetIds: [t.id], editableUntil: '2030-01-01T00:00:00.000Z', editsRemaining: '5', isEditEligible: true } },
    retweeted: false,
    source: '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    entities: {
      hashtags: (t.hashtags ?? []).map((h) => ({ text: h, indices: ['0', '0'] })),
      symbols: [],
      user_mentions: (t.mentions ?? []).map((m) => ({ name: m.screenName, screen_name: m.screenName, indices: ['0', '0'], id_str: m.id, id: m.id })),
      urls: (t.urls ?? []).map((u) => ({ url: u.url, expanded_url: u.expanded, display_url: u.display ?? u.expanded.replace(/^https?:\/\//, ''), indices: ['0', '0'] })),
      ...(media.length ? { media: media.map((m, i) => mediaEntity(t, m, i, true)) } : {}),
    },
    display_text_range: [String(t.displayStart ?? 0), String([...t.fullText].length)],
    favorite_count: String(t.likes ?? 0),
    id_str: t.id,
    truncated: false,
    retweet_count: String(t.retweets ?? 0),
    id: t.id,
    created_at: xDate(t.createdAt),
    favorited: false,
    full_text: t.fullText,
    lang: t.lang ?? 'en',
  };
  if (media.length) tweet.extended_entities = { media: media.map((m, i) => mediaEntity(t, m, i, false)) };
  if (t.reply) {
    tweet.in_reply_to_status_id_str = t.reply.statusId;
    tweet.in_reply_to_status_id = t.reply.statusId;
    tweet.in_reply_to_user_id_str = t.reply.userId;
    tweet.in_reply_to_user_id = t.reply.userId;
    tweet.in_reply_to_screen_name = t.reply.screenName;
  }
  if (t.deletedAt !== undefined) tweet.deleted_at = new Date(t.deletedAt).toISOString();
  return opts.wrap === false ? tweet : { tweet };
}

export interface FixtureNote {
  noteTweetId: string;
  createdAt: number;
  text: string;
  urls?: { shortUrl: string; expandedUrl: string }[];
}

export function noteEntry(n: FixtureNote): unknown {
  return {
    noteTweet: {
      noteTweetId: n.noteTweetId,
      updatedAt: new Date(n.createdAt).toISOString(),
      lifecycle: { value: 'b3JpZ2luYWw=', name: 'org.twitter.tweet.lifecycle', originalDescriptor: 'x' },
      createdAt: new Date(n.createdAt).toISOString(),
      core: {
        styletags: [],
        urls: (n.urls ?? []).map((u) => ({ shortUrl: u.shortUrl, displayUrl: u.expandedUrl.replace(/^https?:\/\//, ''), expandedUrl: u.expandedUrl })),
        text: n.text,
        mentions: [],
        cashtags: [],
        hashtags: [],
      },
    },
  };
}

/** `window.YTD.<name> = [ ... ]` exactly as X writes it (two-space JSON). */
export function ytd(globalName: string, items: unknown[]): string {
  return `window.${globalName} = ${JSON.stringify(items, null, 2)}`;
}

// ---------------------------------------------------------------- archives

export interface FixtureArchive {
  account: { accountId: string; username: string; displayName?: string };
  /** Tweet files: `tweets.js`, `tweets-part1.js` … (or `tweet.js` for the old format). */
  parts: { file: string; tweets: FixtureTweet[] }[];
  notes?: FixtureNote[];
  deleted?: FixtureTweet[];
  /** Old format: `tweet.js`, `window.YTD.tweet.part0`, `tweet_media/`, no manifest. */
  legacy?: boolean;
  manifest?: boolean;
  /** Override manifest counts per file (to create a reconciliation difference). */
  manifestCounts?: Record<string, number>;
  generatedAt?: number;
}

/** Entry name → content, in the order the files were produced. */
export function archiveFiles(a: FixtureArchive): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const put = (name: string, text: string | Buffer) => files.set(name, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  const mediaDir = a.legacy ? 'data/tweet_media' : 'data/tweets_media';
  put('data/account.js', ytd('YTD.account.part0', [{ account: { email: 'owner@example.com', createdVia: 'web', username: a.account.username, accountId: a.account.accountId, createdAt: '2011-06-23T13:04:14.000Z', accountDisplayName: a.account.displayName ?? a.account.username } }]));
  const manifestFiles: Record<string, { fileName: string; globalName: string; count: string }[]> = { tweets: [], deletedTweets: [], noteTweet: [] };
  for (const p of a.parts) {
    const partNo = /-part(\d+)\.js$/.exec(p.file)?.[1] ?? '0';
    const globalName = `YTD.${a.legacy ? 'tweet' : 'tweets'}.part${partNo}`;
    put(`data/${p.file}`, ytd(globalName, p.tweets.map((t) => tweetEntry(t))));
    manifestFiles.tweets!.push({ fileName: `data/${p.file}`, globalName, count: String(p.tweets.length) });
  }
  if (a.notes) {
    put('data/note-tweet.js', ytd('YTD.note_tweet.part0', a.notes.map(noteEntry)));
    manifestFiles.noteTweet!.push({ fileName: 'data/note-tweet.js', globalName: 'YTD.note_tweet.part0', count: String(a.notes.length) });
  }
  if (a.deleted) {
    put('data/deleted-tweets.js', ytd('YTD.deleted_tweets.part0', a.deleted.map((t) => tweetEntry(t))));
    manifestFiles.deletedTweets!.push({ fileName: 'data/deleted-tweets.js', globalName: 'YTD.deleted_tweets.part0', count: String(a.deleted.length) });
  }
  for (const t of [...a.parts.flatMap((p) => p.tweets), ...(a.deleted ?? [])]) {
    for (const m of t.media ?? []) if (m.bytes) put(`${t.deletedAt === undefined ? mediaDir : 'data/deleted_tweets_media'}/${t.id}-${m.file}`, m.bytes);
  }
  if (a.manifest !== false && !a.legacy) {
    for (const list of Object.values(manifestFiles)) for (const f of list) if (a.manifestCounts?.[f.fileName] !== undefined) f.count = String(a.manifestCounts[f.fileName]);
    const dataTypes = Object.fromEntries(Object.entries(manifestFiles).filter(([, v]) => v.length).map(([k, v]) => [k, { ...(k === 'tweets' ? { mediaDirectory: mediaDir } : {}), files: v }]));
    const manifest = {
      userInfo: { accountId: a.account.accountId, userName: a.account.username, displayName: a.account.displayName ?? a.account.username },
      archiveInfo: { sizeBytes: '12345', generationDate: new Date(a.generatedAt ?? Date.UTC(2024, 0, 2)).toISOString(), isPartialArchive: false, maxPartSizeBytes: '53687091200' },
      readmeInfo: { fileName: 'data/README.txt', directory: 'data/', name: 'README.txt' },
      dataTypes: { account: { files: [{ fileName: 'data/account.js', globalName: 'YTD.account.part0', count: '1' }] }, ...dataTypes },
    };
    put('data/manifest.js', `window.__THAR_CONFIG = ${JSON.stringify(manifest, null, 2)}`);
  }
  put('Your archive.html', '<!doctype html><title>Your archive</title>');
  return files;
}

export function writeFolder(dir: string, files: Map<string, Buffer>): void {
  for (const [name, data] of files) {
    const p = path.join(dir, ...name.split('/'));
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data);
  }
}

// ---------------------------------------------------------------- zip writer

/** Streams entries to a ZIP file one at a time, so the benchmark can write big archives in bounded memory. */
export class ZipWriter {
  #fd: number;
  #offset = 0;
  #central: Buffer[] = [];
  #count = 0;

  constructor(file: string) {
    this.#fd = fs.openSync(file, 'w');
  }

  /** `name` is written as given — tests use it for hostile names such as `../evil.txt`. */
  add(name: string, data: Buffer, opts: { store?: boolean } = {}): void {
    const nameBuf = Buffer.from(name, 'utf8');
    const method = opts.store ? 0 : 8;
    const body = method === 8 ? zlib.deflateRawSync(data) : data;
    const crc = zlib.crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5821, 12); // 2024-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    local.copy(central, 6, 4, 30); // version needed … name length are laid out the same
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt32LE(0, 38); // external attributes
    central.writeUInt32LE(this.#offset, 42);
    this.#central.push(central, nameBuf);
    this.#write(local);
    this.#write(nameBuf);
    this.#write(body);
    this.#count++;
  }

  finish(): void {
    const start = this.#offset;
    for (const b of this.#central) this.#write(b);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.#count, 8);
    end.writeUInt16LE(this.#count, 10);
    end.writeUInt32LE(this.#offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.#write(end);
    fs.closeSync(this.#fd);
  }

  #write(b: Buffer): void {
    fs.writeSync(this.#fd, b);
    this.#offset += b.length;
  }
}

export function writeZip(file: string, files: Iterable<[string, Buffer]>, opts: { store?: boolean } = {}): void {
  const w = new ZipWriter(file);
  for (const [name, data] of files) w.add(name, data, opts);
  w.finish();
}

/** Deterministic Fisher–Yates with a fixed seed, for "parts in shuffled order". */
export function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ---------------------------------------------------------------- the acceptance archive

export const OWNER = { accountId: '1000000001', username: 'ChirpOwner', displayName: 'Chirp Owner' };
export const ALICE = { id: '2000000002', screenName: 'alice' };
export const BOB = { id: '2000000003', screenName: 'bob' };
const T0 = Date.UTC(2023, 4, 1, 12, 0, 0);
const at = (min: number) => T0 + min * 60_000;
export const id = (n: number) => String(1650000000000000000n + BigInt(n));
const mediaTco = (tweetId: string) => `https://t.co/m${tweetId.slice(-6)}`;
const selfReply = (parent: string) => ({ statusId: parent, userId: OWNER.accountId, screenName: OWNER.username });

/** 1,000,001 bytes: just over Bluesky's image blob limit. */
export const BIG_PNG = Buffer.alloc(1_000_001, 7);
export const LONG_NOTE_TEXT =
  'This is a long post that goes well past the old limit, so X kept a cut-off copy in tweets.js and the full text in note-tweet.js. ' +
  'It keeps going with a second sentence & a link https://t.co/longurl1 to show that links inside notes are expanded too. ' +
  'And a third sentence, because a note can hold far more than 280 characters: it ends here.';

export function richTweets() {
  const tweets = {
    entities: { id: id(100), fullText: 'Fish &amp; chips &lt;3 &amp;amp; more at https://t.co/abc123', createdAt: at(1), urls: [{ url: 'https://t.co/abc123', expanded: 'https://example.com/fish?x=1&y=2' }], likes: 12, retweets: 3 },
    reply: { id: id(200), fullText: '@alice @bob Thanks, that helps!', createdAt: at(2), displayStart: 12, reply: { statusId: '1600000000000000001', userId: ALICE.id, screenName: ALICE.screenName }, mentions: [ALICE, BOB], likes: 1 },
    retweet: { id: id(300), fullText: 'RT @carol: Big news &amp; more', createdAt: at(3), mentions: [{ screenName: 'carol', id: '2000000004' }] },
    ownQuote: { id: id(400), fullText: 'Still true https://t.co/q0wn', createdAt: at(4), urls: [{ url: 'https://t.co/q0wn', expanded: `https://twitter.com/${OWNER.username}/status/${id(100)}` }] },
    otherQuote: { id: id(500), fullText: 'Worth reading https://t.co/q0th', createdAt: at(5), urls: [{ url: 'https://t.co/q0th', expanded: 'https://x.com/dave/status/1400000000000000009' }] },
    threadA: { id: id(1000), fullText: 'Thread 1/5 #threads', createdAt: at(10), hashtags: ['threads'] },
    threadB: { id: id(1100), fullText: `@${OWNER.username} 2/5`, createdAt: at(11), displayStart: 12, reply: selfReply(id(1000)) },
    threadC: { id: id(1200), fullText: '3/5', createdAt: at(12), reply: selfReply(id(1100)) },
    threadD: { id: id(1300), fullText: '4/5', createdAt: at(13), reply: selfReply(id(1200)) },
    threadE: { id: id(1400), fullText: '5/5', createdAt: at(14), reply: selfReply(id(1300)) },
    branchF: { id: id(1500), fullText: 'A branch off 2/5', createdAt: at(15), reply: selfReply(id(1100)) },
    long: { id: id(2000), fullText: `${LONG_NOTE_TEXT.slice(0, 200).replace('&', '&amp;')}…`, createdAt: at(20), urls: [{ url: 'https://t.co/longurl1', expanded: 'https://example.org/long' }] },
    photos: { id: id(3000), fullText: `Two photos ${mediaTco(id(3000))}`, createdAt: at(30), media: [{ type: 'photo', file: 'Fa1xQ.jpg', bytes: Buffer.from('jpeg-bytes-1') }, { type: 'photo', file: 'Fa2xQ.png', bytes: BIG_PNG }] },
    gif: { id: id(3100), fullText: `A gif ${mediaTco(id(3100))}`, createdAt: at(31), media: [{ type: 'animated_gif', file: 'GifQ1.mp4', bytes: Buffer.from('gif-mp4') }] },
    video: { id: id(3200), fullText: `A video ${mediaTco(id(3200))}`, createdAt: at(32), media: [{ type: 'video', file: 'VidQ1.mp4', bytes: Buffer.from('video-mp4'), durationMs: 200_000, plainSaysPhoto: true }] },
    missingMedia: { id: id(3300), fullText: `Lost photo ${mediaTco(id(3300))}`, createdAt: at(33), media: [{ type: 'photo', file: 'GoneQ.jpg' }] },
  } satisfies Record<string, FixtureTweet>;
  return tweets as Record<keyof typeof tweets, FixtureTweet>;
}

export function richArchive(): FixtureArchive {
  const t = richTweets();
  return {
    account: OWNER,
    parts: [
      { file: 'tweets.js', tweets: [t.retweet, t.threadC, t.long, t.gif] },
      { file: 'tweets-part1.js', tweets: [t.entities, t.threadE, t.photos, t.otherQuote, t.missingMedia] },
      { file: 'tweets-part2.js', tweets: [t.threadA, t.reply, t.threadD, t.branchF, t.video, t.ownQuote, t.threadB] },
    ],
    notes: [{ noteTweetId: '1650000000000009999', createdAt: t.long.createdAt + 400, text: LONG_NOTE_TEXT, urls: [{ shortUrl: 'https://t.co/longurl1', expandedUrl: 'https://example.org/long' }] }],
    deleted: [{ id: id(4000), fullText: 'I regret this', createdAt: at(40), deletedAt: at(60) }],
  };
}

/** ZIP of an archive with its entries in a shuffled order (X does not order them either). */
export function writeArchiveZip(file: string, a: FixtureArchive, seed = 7): void {
  writeZip(file, shuffled([...archiveFiles(a)], seed));
}
