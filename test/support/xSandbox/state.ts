/**
 * The sandbox's X: accounts (with passwords / 2FA / email challenge / lock), sessions, posts and
 * media. Posts are rendered with X's text rules once, when created, like X stores them.
 */
import { SnowflakeIds, randomCode } from './ids';
import { renderText, retweetText, type KnownUser, type RenderedText } from './text';

export type Generation = 'G1' | 'G2' | 'G3';
export type MediaType = 'photo' | 'animated_gif' | 'video';

export interface AccountInput {
  screenName: string;
  name?: string;
  id?: string;
  password?: string;
  email?: string;
  /** Base32 TOTP secret: the login asks LoginTwoFactorAuthChallenge. */
  twoFactorSecret?: string;
  /** The login asks LoginAcid (confirm the email address). */
  emailChallenge?: boolean;
  /** The login ends in DenyLoginSubtask; sessions of the account are refused with error 326. */
  locked?: boolean;
  /** "Unusual login activity": after the identifier X asks LoginEnterAlternateIdentifierSubtask (email). */
  unusualActivity?: boolean;
  generation?: Generation;
  createdAt?: number;
  bio?: string;
}

export interface SandboxAccount extends KnownUser {
  password: string;
  email?: string;
  twoFactorSecret?: string;
  emailChallenge: boolean;
  locked: boolean;
  unusualActivity: boolean;
  generation: Generation;
  createdAt: number;
  bio: string;
  pinnedPostId?: string;
}

export interface SandboxMedia {
  id: string;
  key: string;
  ownerId: string;
  type: MediaType;
  mimeType: string;
  totalBytes: number;
  chunks: Map<number, Buffer>;
  width: number;
  height: number;
  alt?: string;
  state: 'uploading' | 'pending' | 'in_progress' | 'succeeded' | 'failed';
  /** STATUS polls left before processing succeeds. */
  pollsLeft: number;
}

export interface SandboxPost {
  id: string;
  authorId: string;
  createdAt: number;
  /** The text as the author wrote it (before t.co, prefix and escaping). */
  text: string;
  kind: 'post' | 'retweet';
  inReplyToId?: string;
  replyHandles: string[];
  conversationId: string;
  quoteOfId?: string;
  retweetOfId?: string;
  mediaIds: string[];
  rendered: RenderedText;
  deleted: boolean;
  counts: { favorite: number; retweet: number; reply: number; quote: number; bookmark: number; views: number };
}

export interface PostView {
  id: string;
  kind: 'post' | 'reply' | 'retweet' | 'quote';
  text: string;
  fullText: string;
  displayTextRange: [number, number];
  entities: RenderedText['entities'];
  inReplyToId?: string;
  conversationId: string;
  quoteOfId?: string;
  retweetOfId?: string;
  isNote: boolean;
  noteText?: string;
  media: { id: string; type: MediaType; ext_alt_text?: string }[];
  createdAt: number;
  deleted: boolean;
}

/** A rule of X that refused a request; routes turn it into X's error JSON. */
export class XRuleError extends Error {
  constructor(readonly code: number, message: string, readonly status = 200) {
    super(message);
  }
}

export interface CreateInput {
  authorId: string;
  text: string;
  replyToId?: string;
  quoteOfId?: string;
  retweetOfId?: string;
  mediaIds?: string[];
  createdAt: number;
}

export class SandboxState {
  readonly accounts = new Map<string, SandboxAccount>();
  readonly postsById = new Map<string, SandboxPost>();
  readonly media = new Map<string, SandboxMedia>();
  /** auth_token → session. */
  readonly sessions = new Map<string, { accountId: string; ct0: string }>();
  readonly guestTokens = new Set<string>();
  readonly ids = new SnowflakeIds();
  #defaultGeneration: Generation;
  #now: () => number;

  constructor(opts: { now: () => number; generation: Generation }) {
    this.#now = opts.now;
    this.#defaultGeneration = opts.generation;
  }

  addAccount(input: AccountInput): SandboxAccount {
    if (!/^[A-Za-z0-9_]{1,15}$/.test(input.screenName)) throw new Error(`X sandbox: "${input.screenName}" is not a valid X screen name (1-15 letters, digits, _).`);
    if (this.byScreenName(input.screenName)) throw new Error(`X sandbox: account @${input.screenName} exists already.`);
    const createdAt = input.createdAt ?? this.#now() - 86_400_000 * 400;
    const acc: SandboxAccount = {
      id: input.id ?? this.ids.next(createdAt),
      screenName: input.screenName,
      name: input.name ?? input.screenName,
      password: input.password ?? `pw-${randomCode(12)}`,
      email: input.email,
      twoFactorSecret: input.twoFactorSecret,
      emailChallenge: input.emailChallenge ?? false,
      locked: input.locked ?? false,
      unusualActivity: input.unusualActivity ?? false,
      generation: input.generation ?? this.#defaultGeneration,
      createdAt,
      bio: input.bio ?? '',
    };
    this.accounts.set(acc.id, acc);
    return acc;
  }

  now(): number {
    return this.#now();
  }

  byScreenName(sn: string): SandboxAccount | undefined {
    const lower = sn.replace(/^@/, '').toLowerCase();
    for (const a of this.accounts.values()) if (a.screenName.toLowerCase() === lower) return a;
    return undefined;
  }

  account(sn: string): SandboxAccount {
    const a = this.byScreenName(sn);
    if (!a) throw new Error(`X sandbox: no account @${sn}; add it with sandbox.addAccount first.`);
    return a;
  }

  /** Creates a post under X's rules; `viaApi` applies the checks X makes on CreateTweet. */
  createPost(input: CreateInput, viaApi: boolean): SandboxPost {
    const author = this.accounts.get(input.authorId);
    if (!author) throw new XRuleError(32, 'Could not authenticate you.', 401);
    const parent = input.replyToId ? this.postsById.get(input.replyToId) : undefined;
    if (input.replyToId && (!parent || parent.deleted)) throw new XRuleError(385, 'You attempted to reply to a Tweet that is deleted or not visible to you.');
    if (input.quoteOfId) {
      const q = this.postsById.get(input.quoteOfId);
      if (!q || q.deleted) throw new XRuleError(144, 'No status found with that ID.');
    }
    const media = (input.mediaIds ?? []).map((id) => this.#usableMedia(id, author.id));
    if (viaApi) this.#checkDuplicate(author.id, input.text);
    const replyHandles = parent ? this.#replyHandles(parent, author) : [];
    const rendered = this.#render(input, replyHandles, media.length > 0);
    const id = this.ids.next(input.createdAt);
    const post: SandboxPost = {
      id,
      authorId: author.id,
      createdAt: input.createdAt,
      text: input.text,
      kind: input.retweetOfId ? 'retweet' : 'post',
      inReplyToId: parent?.id,
      replyHandles,
      conversationId: parent?.conversationId ?? id,
      quoteOfId: input.quoteOfId,
      retweetOfId: input.retweetOfId,
      mediaIds: media.map((m) => m.id),
      rendered,
      deleted: false,
      counts: { favorite: 0, retweet: 0, reply: 0, quote: 0, bookmark: 0, views: 0 },
    };
    if (parent) parent.counts.reply++;
    this.postsById.set(id, post);
    return post;
  }

  #render(input: CreateInput, replyHandles: string[], hasMedia: boolean): RenderedText {
    if (!input.retweetOfId) return renderText({ text: input.text, replyHandles, hasMedia, lookup: (sn) => this.byScreenName(sn) });
    const orig = this.postsById.get(input.retweetOfId);
    if (!orig || orig.deleted) throw new XRuleError(144, 'No status found with that ID.');
    const origAuthor = this.accounts.get(orig.authorId) as SandboxAccount;
    const visible = orig.rendered.fullText.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const rt = retweetText(origAuthor.screenName, visible);
    const mention = { id_str: origAuthor.id, indices: rt.mention, name: origAuthor.name, screen_name: origAuthor.screenName };
    orig.counts.retweet++;
    return {
      fullText: rt.fullText,
      displayTextRange: [0, [...rt.fullText].length],
      entities: { hashtags: [], symbols: [], urls: [], user_mentions: [mention] },
      weightedLength: 0,
    };
  }

  #usableMedia(id: string, ownerId: string): SandboxMedia {
    const m = this.media.get(id);
    if (!m || m.ownerId !== ownerId) throw new XRuleError(324, `Invalid media id ${id}.`);
    if (m.state !== 'succeeded') throw new XRuleError(324, `Media ${id} is not ready (state ${m.state}); finish processing first.`);
    return m;
  }

  #checkDuplicate(authorId: string, text: string): void {
    const recent = [...this.postsById.values()].filter((p) => p.authorId === authorId && !p.deleted && p.kind === 'post').slice(-200);
    if (text.trim() && recent.some((p) => p.text.trim() === text.trim())) {
      throw new XRuleError(187, 'Authorization: Status is a duplicate. (187)');
    }
  }

  /** X prepends the parent's author and the people the parent replied to, never the replier. */
  #replyHandles(parent: SandboxPost, author: SandboxAccount): string[] {
    const parentAuthor = this.accounts.get(parent.authorId) as SandboxAccount;
    const all = [parentAuthor.screenName, ...parent.replyHandles];
    const out: string[] = [];
    for (const h of all) {
      if (h.toLowerCase() === author.screenName.toLowerCase()) continue;
      if (!out.some((o) => o.toLowerCase() === h.toLowerCase())) out.push(h);
    }
    return out;
  }

  deletePost(id: string, accountId: string): 'deleted' {
    const p = this.postsById.get(id);
    if (!p || p.deleted) throw new XRuleError(144, 'No status found with that ID.');
    if (p.authorId !== accountId) throw new XRuleError(183, 'Status is not yours to delete.');
    p.deleted = true;
    const acc = this.accounts.get(accountId);
    if (acc?.pinnedPostId === id) acc.pinnedPostId = undefined;
    return 'deleted';
  }

  /** Live posts of an account, newest first: UserTweets leaves out replies to other people. */
  timeline(userId: string, withReplies: boolean): SandboxPost[] {
    return [...this.postsById.values()]
      .filter((p) => p.authorId === userId && !p.deleted)
      .filter((p) => withReplies || !p.inReplyToId || this.postsById.get(p.inReplyToId)?.authorId === userId)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  }

  view(p: SandboxPost): PostView {
    const parent = p.inReplyToId ? this.postsById.get(p.inReplyToId) : undefined;
    const kind = p.kind === 'retweet' ? 'retweet' : parent && parent.authorId !== p.authorId ? 'reply' : p.quoteOfId ? 'quote' : 'post';
    return {
      id: p.id,
      kind,
      text: p.text,
      fullText: p.rendered.fullText,
      displayTextRange: p.rendered.displayTextRange,
      entities: p.rendered.entities,
      inReplyToId: p.inReplyToId,
      conversationId: p.conversationId,
      quoteOfId: p.quoteOfId,
      retweetOfId: p.retweetOfId,
      isNote: !!p.rendered.note,
      noteText: p.rendered.note?.text,
      media: p.mediaIds.map((id) => {
        const m = this.media.get(id) as SandboxMedia;
        return m.alt !== undefined ? { id, type: m.type, ext_alt_text: m.alt } : { id, type: m.type };
      }),
      createdAt: p.createdAt,
      deleted: p.deleted,
    };
  }

  /** Newest first; deleted posts only when asked. */
  posts(screenName: string, opts: { includeDeleted?: boolean } = {}): PostView[] {
    const acc = this.account(screenName);
    return [...this.postsById.values()]
      .filter((p) => p.authorId === acc.id && (opts.includeDeleted || !p.deleted))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .map((p) => this.view(p));
  }

  newMedia(ownerId: string, type: MediaType, mimeType: string, totalBytes: number, dims: { width: number; height: number }, polls: number): SandboxMedia {
    const id = this.ids.next(this.#now());
    const prefix = type === 'photo' ? 3 : type === 'animated_gif' ? 16 : 7;
    const m: SandboxMedia = { id, key: `${prefix}_${id}`, ownerId, type, mimeType, totalBytes, chunks: new Map(), ...dims, state: 'uploading', pollsLeft: polls };
    this.media.set(id, m);
    return m;
  }
}
