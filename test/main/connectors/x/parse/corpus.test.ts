/**
 * Acceptance: every capture in corpus/x-graphql is parsed by the function its shape needs and
 * compared with an independent extractor written here (a blind deep walk, not the parser's
 * instruction logic).
 *
 * The extractor's decision, shared with the parser: a "timeline post" is an object with `rest_id`
 * + `legacy.full_text` found as `tweet_results.result` (unwrapping `.tweet`), EXCEPT inside
 * `quoted_status_result` / `retweeted_status_result` / `quotedRefResult` (those inner posts are refs
 * on their container: quoteOfId / repostOfId) and except promoted entries (`promotedMetadata`).
 */
import { describe, expect, it } from 'vitest';
import { parseTimeline, parseTweetDetail, parseTweetResult, parseUser } from '../../../../../src-main/connectors/x/parse';
import type { Post } from '../../../../../src-shared/domain/post';
import { captureShape, deriveG2, listXCaptures, loadXCapture } from '../../../../support/xCorpus';

interface Expected {
  id: string;
  text: string;
  createdAt: number;
  authorHandle: string;
  kind: Post['kind'];
  inReplyToId: string | null;
  quoteOfId: string | null;
  repostOfId: string | null;
  mediaKinds: string[];
  alts: (string | null)[];
  pinned: boolean;
}

const REF_KEYS = new Set(['quoted_status_result', 'retweeted_status_result', 'quotedRefResult']);

function unwrap(r: any): any {
  let t = r;
  while (t && !t.rest_id && t.tweet) t = t.tweet;
  return t;
}

function tidy(s: string): string {
  return s.replace(/[ \t]+$/gm, '').trim();
}

/** X's display rules, re-implemented independently of src-shared/text/xText.ts. */
function expectedText(t: any): string {
  const L = t.legacy;
  const mediaUrls: string[] = [...(L.extended_entities?.media ?? []), ...(L.entities?.media ?? [])].map((m: any) => m.url);
  const note = t.note_tweet?.note_tweet_results?.result;
  if (typeof note?.text === 'string') {
    let s: string = note.text; // not HTML-escaped: no decoding
    for (const u of mediaUrls) s = s.split(u).join('');
    for (const u of note.entity_set?.urls ?? []) s = s.split(u.url).join(u.expanded_url ?? u.url);
    return tidy(s);
  }
  let s: string = L.full_text;
  const start: number = L.display_text_range?.[0] ?? 0;
  if (start > 0) s = Array.from(s).slice(start).join('');
  for (const u of mediaUrls) s = s.split(u).join('');
  for (const u of L.entities?.urls ?? []) s = s.split(u.url).join(u.expanded_url ?? u.url);
  s = s.replace(/&(amp|lt|gt);/g, (_, n: string) => ({ amp: '&', lt: '<', gt: '>' })[n as 'amp' | 'lt' | 'gt']);
  return tidy(s);
}

function expectedPost(t: any, pinned: boolean): Expected {
  const L = t.legacy;
  const user = t.core.user_results.result;
  const media: any[] = L.extended_entities?.media ?? L.entities?.media ?? [];
  const rt = L.retweeted_status_result ? unwrap(L.retweeted_status_result.result) : undefined;
  const replyToOther = !!L.in_reply_to_status_id_str && L.in_reply_to_user_id_str !== L.user_id_str;
  return {
    id: t.rest_id,
    text: expectedText(t),
    createdAt: Date.parse(L.created_at),
    authorHandle: user.core?.screen_name ?? user.legacy?.screen_name,
    kind: L.retweeted_status_result ? 'repost' : replyToOther ? 'reply' : 'post',
    inReplyToId: L.in_reply_to_status_id_str ?? null,
    quoteOfId: L.quoted_status_id_str ?? null,
    repostOfId: rt?.rest_id ?? null,
    mediaKinds: media.map((m) => (m.type === 'animated_gif' ? 'gif' : m.type)),
    alts: media.map((m) => m.ext_alt_text ?? null),
    pinned,
  };
}

function extract(json: unknown): Expected[] {
  const out = new Map<string, Expected>();
  const visit = (v: any, key: string, parentKey: string, pinned: boolean): void => {
    if (Array.isArray(v)) return v.forEach((x) => visit(x, key, parentKey, pinned));
    if (!v || typeof v !== 'object' || REF_KEYS.has(key) || v.promotedMetadata) return;
    const inPin = pinned || v.type === 'TimelinePinEntry';
    if (key === 'result' && parentKey === 'tweet_results') {
      const t = unwrap(v);
      if (t?.rest_id && typeof t.legacy?.full_text === 'string') {
        const seen = out.get(t.rest_id);
        if (!seen) out.set(t.rest_id, expectedPost(t, inPin));
        else if (inPin) seen.pinned = true;
      }
    }
    for (const k of Object.keys(v)) visit(v[k], k, key, inPin);
  };
  visit(json, '', '', false);
  return [...out.values()];
}

function actual(p: Post): Expected {
  return {
    id: p.id,
    text: p.text,
    createdAt: p.createdAt,
    authorHandle: p.authorHandle,
    kind: p.kind,
    inReplyToId: p.inReplyToId ?? null,
    quoteOfId: p.quoteOfId ?? null,
    repostOfId: p.repostOfId ?? null,
    mediaKinds: p.media.map((m) => m.kind),
    alts: p.media.map((m) => m.alt),
    pinned: p.pinned === true,
  };
}

function parsePosts(json: any): Post[] {
  const shape = captureShape(json);
  if (shape === 'timeline') return parseTimeline(json).posts;
  if (shape === 'detail') return parseTweetDetail(json).posts;
  if (shape === 'entry') {
    const p = parseTweetResult(json.content.itemContent.tweet_results.result);
    return p ? [p] : [];
  }
  return [];
}

const captures = listXCaptures();

describe('X GraphQL corpus regression', () => {
  it('finds the whole corpus (head/ and historical/)', () => {
    expect(captures.length).toBe(23);
    expect(captures.filter((c) => c.name.startsWith('historical/')).length).toBe(2);
  });

  describe.each(captures)('$name', ({ name }) => {
    it('yields exactly the posts the independent extractor finds, field by field', () => {
      const json = loadXCapture(name);
      if (captureShape(json) === 'user') {
        const u = json.data.user?.result ?? json.data.user_result_by_screen_name.result;
        const parsed = parseUser(json);
        expect(parsed.id).toBe(u.rest_id);
        expect(parsed.screenName).toBe(u.core?.screen_name ?? u.legacy?.screen_name);
        expect(parsed.name).toBe(u.core?.name ?? u.legacy?.name);
        return;
      }
      const expected = extract(json);
      const got = parsePosts(json).map(actual);
      expect(expected.length).toBeGreaterThan(0);
      expect(got.map((p) => p.id)).toEqual(expected.map((p) => p.id));
      expect(got).toEqual(expected);
    });
  });

  describe.each(captures.filter((c) => c.name.startsWith('head/raw_')))('derived G2 of $name', ({ name }) => {
    it('parses to the same posts and users, reporting generation G2', () => {
      const g3 = loadXCapture(name);
      const g2 = deriveG2(g3);
      const shape = captureShape(g3);
      if (shape === 'user') {
        const a = parseUser(g3);
        const b = parseUser(g2);
        expect(a.generation).toBe('G3');
        expect(b).toEqual({ ...a, generation: 'G2' });
        return;
      }
      const a = shape === 'detail' ? parseTweetDetail(g3) : parseTimeline(g3);
      const b = shape === 'detail' ? parseTweetDetail(g2) : parseTimeline(g2);
      expect(a.generation).toBe('G3');
      expect(b.generation).toBe('G2');
      expect(b.posts.map(actual)).toEqual(a.posts.map(actual));
      expect(b.posts.map((p) => p.authorId)).toEqual(a.posts.map((p) => p.authorId));
    });
  });
});
