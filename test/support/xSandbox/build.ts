/**
 * Builds X's JSON answers from the corpus templates (corpus.ts) and the sandbox state, per shape
 * generation: G3 (user without legacy), G2 (G3 user + a partial legacy without screen_name/name) and
 * G1 (`timeline_v2`, user with the full legacy).
 */
import { clone, templates } from './corpus';
import type { Generation, SandboxAccount, SandboxMedia, SandboxPost, SandboxState } from './state';
import type { EntitySet } from './text';

type Json = any; // X's JSON, filled structurally

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** X's `created_at`: "Wed Jul 01 01:14:32 +0000 2026". */
export function xDate(ms: number): string {
  const d = new Date(ms);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${time} +0000 ${d.getUTCFullYear()}`;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);

function fit(w: number, h: number, max: number, resize: string): Json {
  const k = Math.min(1, max / Math.max(w, h));
  return { h: Math.round(h * k), resize, w: Math.round(w * k) };
}

export class XJson {
  readonly #state: SandboxState;

  constructor(state: SandboxState) {
    this.#state = state;
  }

  #author(p: SandboxPost): SandboxAccount {
    return this.#state.accounts.get(p.authorId) as SandboxAccount;
  }

  #fillG1Legacy(l: Json, acc: SandboxAccount, withNames: boolean): Json {
    const count = this.#state.timeline(acc.id, true).length;
    Object.assign(l, {
      created_at: xDate(acc.createdAt),
      description: acc.bio,
      entities: { description: { urls: [] } },
      favourites_count: 0,
      followers_count: 0,
      friends_count: 0,
      listed_count: 0,
      location: '',
      media_count: 0,
      normal_followers_count: 0,
      fast_followers_count: 0,
      pinned_tweet_ids_str: acc.pinnedPostId ? [acc.pinnedPostId] : [],
      profile_image_url_https: `https://pbs.twimg.com/profile_images/${acc.id}/avatar_normal.jpg`,
      statuses_count: count,
      verified: false,
    });
    delete l.url;
    delete l.profile_banner_url;
    delete l.verified_type;
    if (withNames) Object.assign(l, { name: acc.name, screen_name: acc.screenName });
    else {
      delete l.name;
      delete l.screen_name;
    }
    return l;
  }

  userResult(acc: SandboxAccount, gen: Generation, embedded: boolean): Json {
    const T = templates();
    if (gen === 'G1') {
      const u = clone(embedded ? T.embeddedUserG1 : T.userG1);
      Object.assign(u, { rest_id: acc.id, id: b64(`User:${acc.id}`), affiliates_highlighted_label: {}, is_blue_verified: false });
      delete u.professional;
      this.#fillG1Legacy(u.legacy, acc, true);
      return u;
    }
    const u = clone(embedded ? T.embeddedUserG3 : T.userG3);
    const tweets = this.#state.timeline(acc.id, true).length;
    Object.assign(u, {
      rest_id: acc.id,
      id: b64(`User:${acc.id}`),
      affiliates_highlighted_label: {},
      avatar: { image_url: `https://pbs.twimg.com/profile_images/${acc.id}/avatar_normal.jpg` },
      core: { created_at: xDate(acc.createdAt), name: acc.name, screen_name: acc.screenName },
      is_blue_verified: false,
      location: { location: '' },
      pinned_items: { tweet_ids_str: acc.pinnedPostId ? [acc.pinnedPostId] : [] },
      privacy: { protected: false },
      profile_bio: { description: acc.bio, entities: { description: {} } },
      relationship_counts: { followers: 0, following: 0 },
      tweet_counts: { media_tweets: 0, tweets },
      verification: { verified: false },
    });
    if (u.action_counts) u.action_counts = { favorites_count: 0 };
    delete u.professional;
    delete u.website;
    delete u.banner;
    if (gen === 'G2') u.legacy = this.#fillG1Legacy(clone(T.userG1.legacy), acc, false);
    return u;
  }

  #entities(set: EntitySet, gen: Generation, media: Json[] | undefined): Json {
    const e: Json = {};
    const put = (k: string, v: unknown[]) => {
      // G3 leaves empty entity arrays out (captures); G1 always has all of them.
      if (v.length || gen === 'G1') e[k] = v;
    };
    put('hashtags', set.hashtags);
    if (media) e.media = media;
    put('symbols', set.symbols);
    if (gen === 'G1') e.timestamps = [];
    put('urls', set.urls);
    put('user_mentions', set.user_mentions);
    return e;
  }

  mediaEntity(m: SandboxMedia, post: SandboxPost, n: number): Json {
    const T = templates();
    const tco = post.rendered.media as { url: string; indices: [number, number] };
    const sn = this.#author(post).screenName;
    const t = clone(m.type === 'photo' ? T.photo : m.type === 'animated_gif' ? T.gif : T.video);
    const code = Buffer.from(m.id).toString('base64url').slice(0, 15);
    Object.assign(t, {
      display_url: `pic.x.com/${tco.url.slice(13)}`,
      expanded_url: `https://x.com/${sn}/status/${post.id}/${m.type === 'photo' ? 'photo' : 'video'}/${n}`,
      id_str: m.id,
      indices: tco.indices,
      media_key: m.key,
      media_results: { result: { media_key: m.key } },
      media_url_https: m.type === 'photo' ? `https://pbs.twimg.com/media/${code}.jpg` : m.type === 'animated_gif' ? `https://pbs.twimg.com/tweet_video_thumb/${code}.jpg` : `https://pbs.twimg.com/ext_tw_video_thumb/${m.id}/pu/img/${code}.jpg`,
      original_info: { focus_rects: [], height: m.height, width: m.width },
      sizes: { large: fit(m.width, m.height, 2048, 'fit'), medium: fit(m.width, m.height, 1200, 'fit'), small: fit(m.width, m.height, 680, 'fit'), thumb: { h: 150, resize: 'crop', w: 150 } },
      url: tco.url,
    });
    if (m.alt !== undefined) t.ext_alt_text = m.alt;
    else delete t.ext_alt_text;
    if (t.video_info) {
      const g = gcd(m.width, m.height) || 1;
      t.video_info.aspect_ratio = [m.width / g, m.height / g];
      if (m.type === 'animated_gif') t.video_info.variants = [{ bitrate: 0, content_type: 'video/mp4', url: `https://video.twimg.com/tweet_video/${code}.mp4` }];
      else t.video_info.variants = t.video_info.variants.map((v: Json, i: number) => ({ ...v, url: `https://video.twimg.com/ext_tw_video/${m.id}/pu/vid/${i}/${code}.${v.content_type === 'video/mp4' ? 'mp4' : 'm3u8'}` }));
    }
    return t;
  }

  tweetResult(post: SandboxPost, gen: Generation, depth = 0): Json {
    const T = templates();
    const author = this.#author(post);
    const t = clone(gen === 'G1' ? T.tweetG1 : T.tweetG3);
    for (const k of ['card', 'note_tweet', 'quoted_status_result', 'quotedRefResult']) delete t[k];
    t.rest_id = post.id;
    t.core.user_results.result = this.userResult(author, gen, true);
    t.edit_control = { ...t.edit_control, edit_tweet_ids: [post.id], editable_until_msecs: String(post.createdAt + 3_600_000) };
    t.views = { count: String(post.counts.views), state: 'EnabledWithCount' };
    t.legacy = this.#legacy(post, gen, depth, t);
    const note = post.rendered.note;
    if (note) {
      t.note_tweet = clone(T.noteTweet);
      const r = t.note_tweet.note_tweet_results.result;
      Object.assign(r, { entity_set: note.entitySet, id: b64(`NoteTweet:${post.id}`), media: { inline_media: [] }, richtext: { richtext_tags: [] }, text: note.text });
    }
    return t;
  }

  #legacy(post: SandboxPost, gen: Generation, depth: number, t: Json): Json {
    const l = t.legacy;
    for (const k of ['extended_entities', 'in_reply_to_screen_name', 'in_reply_to_status_id_str', 'in_reply_to_user_id_str', 'quoted_status_id_str', 'quoted_status_permalink', 'retweeted_status_result', 'possibly_sensitive', 'possibly_sensitive_editable', 'place']) delete l[k];
    const media = post.mediaIds.map((id, i) => this.mediaEntity(this.#state.media.get(id) as SandboxMedia, post, i + 1));
    Object.assign(l, {
      bookmark_count: post.counts.bookmark,
      bookmarked: false,
      conversation_id_str: post.conversationId,
      created_at: xDate(post.createdAt),
      display_text_range: post.rendered.displayTextRange,
      entities: this.#entities(post.rendered.entities, gen, media.length ? media : undefined),
      favorite_count: post.counts.favorite,
      favorited: false,
      full_text: post.rendered.fullText,
      id_str: post.id,
      is_quote_status: !!post.quoteOfId,
      lang: 'en',
      quote_count: post.counts.quote,
      reply_count: post.counts.reply,
      retweet_count: post.counts.retweet,
      retweeted: false,
      user_id_str: post.authorId,
    });
    if (media.length) Object.assign(l, { extended_entities: { media }, possibly_sensitive: false, possibly_sensitive_editable: true });
    this.#replyFields(l, post);
    this.#quoteFields(l, t, post, gen, depth);
    if (post.retweetOfId) {
      const orig = this.#state.postsById.get(post.retweetOfId);
      if (orig && !orig.deleted) {
        l.retweeted_status_result = { result: this.tweetResult(orig, gen, depth + 1) };
        // X copies the quote fields of a retweeted quote onto the retweet (captures).
        if (orig.quoteOfId) Object.assign(l, { is_quote_status: true, quoted_status_id_str: orig.quoteOfId });
      }
    }
    return l;
  }

  #replyFields(l: Json, post: SandboxPost): void {
    if (!post.inReplyToId) return;
    const parent = this.#state.postsById.get(post.inReplyToId) as SandboxPost;
    const pa = this.#author(parent);
    Object.assign(l, { in_reply_to_screen_name: pa.screenName, in_reply_to_status_id_str: parent.id, in_reply_to_user_id_str: pa.id });
  }

  #quoteFields(l: Json, t: Json, post: SandboxPost, gen: Generation, depth: number): void {
    if (!post.quoteOfId) return;
    const q = this.#state.postsById.get(post.quoteOfId);
    const qa = q ? this.#author(q) : undefined;
    l.quoted_status_id_str = post.quoteOfId;
    if (qa) {
      const expanded = `https://twitter.com/${qa.screenName}/status/${post.quoteOfId}`;
      l.quoted_status_permalink = { display: `x.com/${qa.screenName}/st…`, expanded, url: `https://t.co/${post.quoteOfId.slice(-10)}` };
    }
    if (q && !q.deleted && depth < 1) t.quoted_status_result = { result: this.tweetResult(q, gen, depth + 1) };
    else t.quotedRefResult = { result: { __typename: 'Tweet', rest_id: post.quoteOfId } };
  }

  /** account/verify_credentials.json: a v1.1 user, i.e. the G1 legacy user plus its ids. */
  verifyCredentials(acc: SandboxAccount): Json {
    const legacy = this.#fillG1Legacy(clone(templates().userG1.legacy), acc, true);
    return { id: Number(acc.id), id_str: acc.id, ...legacy };
  }
}
