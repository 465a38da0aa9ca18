/**
 * GraphQL operations: reads (UserByScreenName, UserByRestId, UserTweets, UserTweetsAndReplies,
 * TweetDetail) and writes (CreateTweet, CreateNoteTweet, DeleteTweet). X rules that refuse a write
 * come back as `errors[]` inside HTTP 200, like X.
 */
import type { XJson } from '../build';
import { gqlErrorReply, json, jsonBody, type Ctx, type Reply } from '../http';
import type { Pager } from '../pages';
import { XRuleError, type Generation, type SandboxState } from '../state';
import { MAX_WEIGHTED, weightedLength } from '../text';

type Json = any; // client request bodies

/** The root field of each operation's `data`, used as the GraphQL error path. */
export const ROOT_FIELD: Record<string, string> = {
  UserByScreenName: 'user',
  UserByRestId: 'user',
  UserTweets: 'user',
  UserTweetsAndReplies: 'user',
  TweetDetail: 'threaded_conversation_with_injections_v2',
  CreateTweet: 'create_tweet',
  CreateNoteTweet: 'notetweet_create',
  DeleteTweet: 'delete_tweet',
};

export const WRITE_OPS = new Set(['CreateTweet', 'CreateNoteTweet', 'DeleteTweet']);

function variablesOf(ctx: Ctx): Json | undefined {
  if (ctx.method === 'GET') {
    const raw = ctx.url.searchParams.get('variables');
    try {
      return raw ? JSON.parse(raw) : undefined;
    } catch {
      return undefined;
    }
  }
  return (jsonBody(ctx) as Json)?.variables;
}

export class GraphqlRoutes {
  readonly #state: SandboxState;
  readonly #json: XJson;
  readonly #pager: Pager;

  constructor(state: SandboxState, xjson: XJson, pager: Pager) {
    this.#state = state;
    this.#json = xjson;
    this.#pager = pager;
  }

  handle(ctx: Ctx): Reply {
    const v = variablesOf(ctx);
    if (!v || typeof v !== 'object') return json(400, { errors: [{ message: `${ctx.op}: "variables" is missing or not JSON.`, code: 214 }] });
    const gen = ctx.session!.account.generation;
    try {
      return this.#dispatch(ctx, v, gen);
    } catch (e) {
      if (!(e instanceof XRuleError)) throw e;
      if (e.status !== 200) return json(e.status, { errors: [{ code: e.code, message: e.message }] });
      const kind = e.code === 144 ? 'NotFound' : e.code === 214 ? 'Validation' : 'Permissions';
      const name = e.code === 144 ? 'GenericError' : e.code === 214 ? 'BadRequestError' : 'AuthorizationError';
      return gqlErrorReply(e.code, e.message, [ROOT_FIELD[ctx.op] ?? 'data'], kind, name);
    }
  }

  #dispatch(ctx: Ctx, v: Json, gen: Generation): Reply {
    switch (ctx.op) {
      case 'UserByScreenName':
      case 'UserByRestId': {
        const acc = ctx.op === 'UserByRestId' ? this.#state.accounts.get(String(v.userId)) : this.#state.byScreenName(String(v.screen_name ?? ''));
        return json(200, acc ? { data: { user: { result: this.#json.userResult(acc, gen, false) } } } : { data: {} });
      }
      case 'UserTweets':
      case 'UserTweetsAndReplies': {
        const acc = this.#state.accounts.get(String(v.userId));
        if (!acc) return json(200, { data: { user: {} } });
        const count = Math.min(100, Math.max(1, Number.isInteger(v.count) ? v.count : 20));
        return json(200, this.#pager.page({ account: acc, gen, op: ctx.op, count, cursor: typeof v.cursor === 'string' ? v.cursor : undefined }));
      }
      case 'TweetDetail':
        return json(200, this.#pager.detail(String(v.focalTweetId ?? ''), gen));
      case 'CreateTweet':
      case 'CreateNoteTweet':
        return this.#create(ctx, v, gen);
      case 'DeleteTweet':
        this.#state.deletePost(String(v.tweet_id ?? ''), ctx.session!.account.id);
        return json(200, { data: { delete_tweet: { tweet_results: {} } } });
      default:
        return json(404, { errors: [{ message: `Unknown operation ${ctx.op}.`, code: 34 }] });
    }
  }

  #create(ctx: Ctx, v: Json, gen: Generation): Reply {
    const text = typeof v.tweet_text === 'string' ? v.tweet_text : '';
    const mediaIds: string[] = (v.media?.media_entities ?? []).map((m: Json) => String(m.media_id));
    if (ctx.op === 'CreateTweet' && weightedLength(text) > MAX_WEIGHTED) throw new XRuleError(186, 'Authorization: Tweet needs to be a bit shorter. (186)');
    if (!text.trim() && mediaIds.length === 0) throw new XRuleError(170, 'Missing required parameter: status.');
    this.#checkMediaMix(mediaIds);
    const quote = typeof v.attachment_url === 'string' ? /\/status\/(\d+)/.exec(v.attachment_url)?.[1] : undefined;
    if (v.attachment_url !== undefined && !quote) throw new XRuleError(44, 'attachment_url parameter is invalid.');
    const post = this.#state.createPost(
      { authorId: ctx.session!.account.id, text, replyToId: v.reply?.in_reply_to_tweet_id ? String(v.reply.in_reply_to_tweet_id) : undefined, quoteOfId: quote, mediaIds, createdAt: ctx.now() },
      true,
    );
    const result = { tweet_results: { result: this.#json.tweetResult(post, gen) } };
    return json(200, { data: ctx.op === 'CreateTweet' ? { create_tweet: result } : { notetweet_create: result } });
  }

  /** Up to 4 photos, or exactly one GIF or video (PLATFORM.md "X alt text"). */
  #checkMediaMix(ids: string[]): void {
    const types = ids.map((id) => this.#state.media.get(id)?.type);
    const moving = types.filter((t) => t === 'animated_gif' || t === 'video').length;
    if (ids.length > 4 || (moving > 0 && ids.length > 1)) throw new XRuleError(324, 'Some of the submitted media are not allowed together: up to 4 photos or 1 GIF/video.');
  }
}
