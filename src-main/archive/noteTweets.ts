/**
 * Long posts (> 280) appear in `tweets.js` cut off with "…" and in full in `note-tweet.js`. The note
 * has its own id, so a note is matched to its post by creation time plus text prefix (corpus README,
 * "Facts about X archives"). When an export carries `tweetId` on the note we use it directly.
 */
import { decodeXEntitiesOnce } from '../../src-shared/text/xText';
import type { NoteTweet } from './archiveSchemas';

export interface NoteText {
  noteTweetId: string;
  /** Full display text: entities decoded once, short links expanded. */
  text: string;
  links: { url: string; shortUrl?: string; display?: string }[];
  hashtags: string[];
  mentions: string[];
}

interface IndexedNote {
  note: NoteText;
  createdAt: number;
  key: string;
  tweetId?: string;
}

/** X's stored `created_at` has whole seconds while the note has ms; allow a little drift on top. */
const TIME_TOLERANCE_MS = 5_000;
const TRAILING_LINK = /\s*https?:\/\/\S+$/;
const TRAILING_ELLIPSIS = /\s*(?:…|\.\.\.)$/;

/** Comparison key: NFC, whitespace collapsed, so spacing differences at the cut cannot break a match. */
export function compareKey(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** The prefix a truncated post still shows: drops the "…" and the link X appends after it. */
export function truncatedPrefix(displayText: string): string {
  let t = displayText.trim();
  for (let i = 0; i < 2; i++) t = t.replace(TRAILING_LINK, '').replace(TRAILING_ELLIPSIS, '');
  return compareKey(t);
}

export function noteToText(n: NoteTweet): NoteText {
  let text = n.core.text;
  const links: NoteText['links'] = [];
  for (const u of [...(n.core.urls ?? [])].sort((a, b) => b.shortUrl.length - a.shortUrl.length)) {
    const full = u.expandedUrl || u.shortUrl;
    text = text.split(u.shortUrl).join(full);
    links.push({ url: full, shortUrl: u.shortUrl, ...(u.displayUrl ? { display: u.displayUrl } : {}) });
  }
  return {
    noteTweetId: n.noteTweetId,
    text: decodeXEntitiesOnce(text).replace(/[ \t]+$/gm, '').trim(),
    links,
    hashtags: (n.core.hashtags ?? []).map((h) => h.text ?? h.tag ?? '').filter((h) => h.length > 0),
    mentions: (n.core.mentions ?? []).map((m) => m.screenName),
  };
}

export class NoteIndex {
  #bySecond = new Map<number, IndexedNote[]>();
  #byTweetId = new Map<string, IndexedNote>();
  #used = new Set<string>();
  #all: IndexedNote[] = [];

  add(n: NoteTweet, createdAt: number): void {
    const note = noteToText(n);
    const entry: IndexedNote = { note, createdAt, key: compareKey(note.text), ...(n.tweetId ? { tweetId: n.tweetId } : {}) };
    this.#all.push(entry);
    if (n.tweetId) this.#byTweetId.set(n.tweetId, entry);
    const sec = Math.floor(createdAt / 1000);
    const list = this.#bySecond.get(sec);
    if (list) list.push(entry);
    else this.#bySecond.set(sec, [entry]);
  }

  get size(): number {
    return this.#all.length;
  }

  /** The note that names this post id (exports that carry `tweetId`). */
  matchById(tweetId: string): NoteText | null {
    const direct = this.#byTweetId.get(tweetId);
    return direct && !this.#used.has(direct.note.noteTweetId) ? this.#take(direct) : null;
  }

  /**
   * The note written within a few seconds of `createdAt` whose text starts with the post's shown
   * (cut) text. A note is used at most once, so two long posts in the same second cannot share one.
   */
  match(createdAt: number, displayText: string): NoteText | null {
    const prefix = truncatedPrefix(displayText);
    if (prefix.length === 0) return null;
    const lo = Math.floor((createdAt - TIME_TOLERANCE_MS) / 1000);
    const hi = Math.floor((createdAt + TIME_TOLERANCE_MS) / 1000);
    let best: IndexedNote | null = null;
    for (let s = lo; s <= hi; s++) {
      for (const e of this.#bySecond.get(s) ?? []) {
        if (this.#used.has(e.note.noteTweetId) || !e.key.startsWith(prefix)) continue;
        if (!best || Math.abs(e.createdAt - createdAt) < Math.abs(best.createdAt - createdAt)) best = e;
      }
    }
    return best ? this.#take(best) : null;
  }

  /** Notes no post claimed: reported by the reconciliation. */
  unmatched(): string[] {
    return this.#all.filter((e) => !this.#used.has(e.note.noteTweetId)).map((e) => e.note.noteTweetId);
  }

  #take(e: IndexedNote): NoteText {
    this.#used.add(e.note.noteTweetId);
    return e.note;
  }
}
