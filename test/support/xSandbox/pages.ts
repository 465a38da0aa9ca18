/**
 * Timeline pages (UserTweets / UserTweetsAndReplies) and TweetDetail conversations. Cursors are
 * opaque strings in X's format that the sandbox remembers: an unknown cursor is an error, never a
 * silent restart at page 1, and the real end is a page with only its top and bottom cursors.
 */
import { clone, templates } from './corpus';
import type { XJson } from './build';
import { encodeCursor } from './ids';
import { XRuleError, type Generation, type SandboxAccount, type SandboxPost, type SandboxState } from './state';

type Json = any; // X's JSON, filled structurally

interface CursorInfo {
  userId: string;
  op: string;
  dir: 'top' | 'bottom';
  pos: bigint;
}

export interface PageRequest {
  account: SandboxAccount;
  gen: Generation;
  op: 'UserTweets' | 'UserTweetsAndReplies';
  count: number;
  cursor?: string;
}

export class Pager {
  readonly #cursors = new Map<string, CursorInfo>();
  readonly #state: SandboxState;
  readonly #json: XJson;

  constructor(state: SandboxState, json: XJson) {
    this.#state = state;
    this.#json = json;
  }

  #cursor(info: CursorInfo, id: string): string {
    const sort = info.dir === 'top' ? info.pos + 1n : info.pos - 1n;
    const c = encodeCursor(sort, id, info.dir);
    this.#cursors.set(c, info);
    return c;
  }

  #select(req: PageRequest): { items: SandboxPost[]; from?: CursorInfo } {
    const all = this.#state.timeline(req.account.id, req.op === 'UserTweetsAndReplies');
    if (req.cursor === undefined) return { items: all.slice(0, req.count) };
    const info = this.#cursors.get(req.cursor);
    if (!info || info.userId !== req.account.id || info.op !== req.op) {
      throw new XRuleError(214, `BadRequest: cursor "${req.cursor.slice(0, 24)}…" is not valid for ${req.op} of user ${req.account.id}.`);
    }
    const items = info.dir === 'bottom' ? all.filter((p) => BigInt(p.id) < info.pos) : all.filter((p) => BigInt(p.id) > info.pos);
    return { items: items.slice(0, req.count), from: info };
  }

  /** Consecutive self-thread parts on a page become one profile-conversation module (captures). */
  #group(items: SandboxPost[], op: string): (SandboxPost | SandboxPost[])[] {
    if (op !== 'UserTweets') return items;
    const out: (SandboxPost | SandboxPost[])[] = [];
    for (const p of items) {
      const last = out[out.length - 1];
      const head = Array.isArray(last) ? last[last.length - 1] : last;
      if (head && head.inReplyToId === p.id && head.authorId === p.authorId) {
        if (Array.isArray(last)) last.push(p);
        else out[out.length - 1] = [head, p];
      } else out.push(p);
    }
    return out.map((g) => (Array.isArray(g) ? [...g].reverse() : g));
  }

  page(req: PageRequest): Json {
    const T = templates();
    const { items, from } = this.#select(req);
    const userId = req.account.id;
    const first = items[0]?.id;
    const last = items[items.length - 1]?.id;
    const pos = (id: string | undefined, fallback: bigint) => (id !== undefined ? BigInt(id) : fallback);
    const here = from?.pos ?? BigInt(this.#state.ids.next(this.#state.now()));
    const top = this.#cursor({ userId, op: req.op, dir: 'top', pos: pos(first, here) }, first ?? here.toString());
    const bottom = this.#cursor({ userId, op: req.op, dir: 'bottom', pos: pos(last, here) }, last ?? here.toString());
    const entries: Json[] = this.#group(items, req.op).map((g) => (Array.isArray(g) ? this.#module(g, req.gen) : this.#item(g, req.gen, 'tweet-')));
    const ct = clone(T.cursorTop);
    Object.assign(ct, { entryId: `cursor-top-${pos(first, here) + 1n}`, sortIndex: String(pos(first, here) + 1n) });
    ct.content.value = top;
    const cb = clone(T.cursorBottom);
    Object.assign(cb, { entryId: `cursor-bottom-${pos(last, here) - 1n}`, sortIndex: String(pos(last, here) - 1n) });
    cb.content.value = bottom;
    entries.push(ct, cb);
    const instructions: Json[] = [];
    if (req.gen !== 'G1' && !from) instructions.push(clone(T.clearCache));
    const pinned = req.account.pinnedPostId ? this.#state.postsById.get(req.account.pinnedPostId) : undefined;
    if (!from && pinned && !pinned.deleted) {
      const pin = clone(T.pinInstruction);
      pin.entry.entryId = `tweet-${pinned.id}`;
      pin.entry.sortIndex = String(BigInt(here) + 10n);
      pin.entry.content.itemContent.tweet_results.result = this.#json.tweetResult(pinned, req.gen);
      instructions.push(pin);
    }
    instructions.push({ type: 'TimelineAddEntries', entries });
    const env = clone(req.gen === 'G1' ? T.timelineG1 : T.timelineG3);
    const key = req.gen === 'G1' ? 'timeline_v2' : 'timeline';
    env.data.user.result[key].timeline.instructions = instructions;
    return env;
  }

  #item(p: SandboxPost, gen: Generation, prefix: string): Json {
    const e = clone(templates().itemEntry);
    Object.assign(e, { entryId: `${prefix}${p.id}`, sortIndex: p.id });
    e.content.itemContent.tweet_results.result = this.#json.tweetResult(p, gen);
    return e;
  }

  #module(parts: SandboxPost[], gen: Generation): Json {
    const T = templates();
    const newest = parts[parts.length - 1] as SandboxPost;
    const e = clone(T.moduleEntry);
    const entryId = `profile-conversation-${BigInt(newest.id) + 7n}`;
    Object.assign(e, { entryId, sortIndex: newest.id });
    e.content.metadata.conversationMetadata.allTweetIds = parts.map((p) => p.id);
    e.content.items = parts.map((p) => {
      const it = clone(T.moduleEntry.content.items[0]);
      it.entryId = `${entryId}-tweet-${p.id}`;
      it.item.itemContent.tweet_results = { result: this.#json.tweetResult(p, gen) };
      return it;
    });
    return e;
  }

  /** TweetDetail: ancestors, the focal post, then one conversationthread module per direct reply. */
  detail(focalId: string, gen: Generation): Json {
    const T = templates();
    const focal = this.#state.postsById.get(focalId);
    if (!focal || focal.deleted) throw new XRuleError(144, '_Missing: No status found with that ID.');
    const chain: SandboxPost[] = [focal];
    for (let p = focal; p.inReplyToId; ) {
      const parent = this.#state.postsById.get(p.inReplyToId);
      if (!parent || parent.deleted) break;
      chain.unshift(parent);
      p = parent;
    }
    const replies = [...this.#state.postsById.values()].filter((p) => p.inReplyToId === focal.id && !p.deleted).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    let sort = BigInt(this.#state.ids.next(this.#state.now()));
    const entries: Json[] = chain.map((p) => {
      const e = clone(T.detailItem);
      Object.assign(e, { entryId: `tweet-${p.id}`, sortIndex: String((sort -= 10n)) });
      e.content.itemContent.tweet_results.result = this.#json.tweetResult(p, gen);
      return e;
    });
    for (const r of replies) {
      const m = clone(T.detailModule);
      Object.assign(m, { entryId: `conversationthread-${r.id}`, sortIndex: String((sort -= 10n)) });
      m.content.items[0].entryId = `conversationthread-${r.id}-tweet-${r.id}`;
      m.content.items[0].item.itemContent.tweet_results = { result: this.#json.tweetResult(r, gen) };
      entries.push(m);
    }
    const env = clone(T.detail);
    env.data.threaded_conversation_with_injections_v2.instructions = [clone(T.clearCache), { type: 'TimelineAddEntries', entries }, clone(T.terminate)];
    return env;
  }
}
