/**
 * A local X (twitter.com / x.com web API) for integration tests: node:http on 127.0.0.1:0 with
 * accounts, sessions, posts and media, answering with JSON cut from the real captures. Routing is
 * by operation name (the last path segment) on X's hosts; requests arrive via test/support/xRouting.ts,
 * which carries the host the client meant in `x-chirp-original-host`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { XJson } from './build';
import { CORPUS_DIR } from './corpus';
import { Faults, type FaultSpec } from './faults';
import { gqlErrorReply, json, parseCookies, rateHeaders, RateWindows, v1Error, type Budget, type Ctx, type Reply } from './http';
import { randomCode } from './ids';
import { Pager } from './pages';
import { GraphqlRoutes, ROOT_FIELD, WRITE_OPS } from './routes/graphql';
import { LoginRoutes } from './routes/login';
import { MediaRoutes } from './routes/media';
import { SandboxState, type AccountInput, type Generation, type MediaType, type PostView, type SandboxAccount, type SandboxPost } from './state';

export const ORIGINAL_HOST_HEADER = 'x-chirp-original-host';
export const X_HOSTS: readonly string[] = ['twitter.com', 'x.com', 'api.twitter.com', 'api.x.com', 'upload.twitter.com', 'upload.x.com', 'www.twitter.com', 'www.x.com', 'mobile.twitter.com'];

export interface XSandboxOptions {
  /** Shape generation for accounts that do not choose one (default G3, the current one). */
  generation?: Generation;
  /** The sandbox's clock (epoch ms) for post times and rate windows; default Date.now. */
  now?: () => number;
  rateLimits?: Partial<Record<string, Budget>>;
  /** STATUS polls before a GIF/video finishes processing (default 2). */
  processingPolls?: number;
}

export interface SeedPostInput {
  text?: string;
  replyTo?: string;
  quoteOf?: string;
  retweetOf?: string;
  media?: { type?: MediaType; alt?: string; width?: number; height?: number }[];
  createdAt?: number;
  pinned?: boolean;
}

export interface LoggedRequest {
  at: number;
  method: string;
  host: string;
  path: string;
  op: string;
  status: number;
  account?: string;
  /** Parsed JSON body, or GraphQL variables of a GET. */
  body?: unknown;
}

type Auth = 'none' | 'guest' | 'session' | 'write';
interface Route {
  op: string;
  auth: Auth;
  run: (ctx: Ctx) => Reply | Promise<Reply>;
}

/** Current query ids: the capture's ids (__meta.json) where the corpus has them, else the library's. */
function currentQueryIds(): Record<string, string> {
  const meta = JSON.parse(readFileSync(`${CORPUS_DIR}head/__meta.json`, 'utf8')) as Record<string, [string, string]>;
  const ids: Record<string, string> = { UserByRestId: 'tD8zKvQzwY3kdx5yz6YmOw', CreateTweet: 'a1p9RWpkYKBjWv_I3WzS-A', CreateNoteTweet: '0aWhJJmFlxkxv9TAUJPanA', DeleteTweet: 'VaenaVgh5q5ih7kvyVjgtg' };
  for (const [path] of Object.values(meta)) {
    const [qid, op] = path.split('/') as [string, string];
    ids[op] = qid;
  }
  return ids;
}

export class XSandbox {
  readonly state: SandboxState;
  readonly faults = new Faults();
  readonly requests: LoggedRequest[] = [];
  /** op → query id X accepts today. Rotate one with `rotateQueryId`. */
  readonly queryIds: Record<string, string> = currentQueryIds();
  url = '';
  readonly #server: Server;
  readonly #held = new Set<ServerResponse>();
  readonly #now: () => number;
  readonly #rate: RateWindows;
  readonly #json: XJson;
  readonly #login: LoginRoutes;
  readonly #media: MediaRoutes;
  readonly #graphql: GraphqlRoutes;

  private constructor(opts: XSandboxOptions) {
    this.#now = opts.now ?? Date.now;
    this.state = new SandboxState({ now: this.#now, generation: opts.generation ?? 'G3' });
    this.#rate = new RateWindows(opts.rateLimits);
    this.#json = new XJson(this.state);
    this.#login = new LoginRoutes(this.state, this.#json);
    this.#media = new MediaRoutes(this.state, opts.processingPolls ?? 2);
    this.#graphql = new GraphqlRoutes(this.state, this.#json, new Pager(this.state, this.#json));
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) this.#send(res, json(500, { errors: [{ code: 131, message: `X sandbox internal error: ${(e as Error).message}` }] }), {});
      });
    });
  }

  static async start(opts: XSandboxOptions = {}): Promise<XSandbox> {
    const sb = new XSandbox(opts);
    await new Promise<void>((resolve, reject) => {
      sb.#server.once('error', reject);
      sb.#server.listen(0, '127.0.0.1', () => resolve());
    });
    sb.url = `http://127.0.0.1:${(sb.#server.address() as AddressInfo).port}`;
    return sb;
  }

  addAccount(input: AccountInput): SandboxAccount {
    return this.state.addAccount(input);
  }

  /** A live session as if the person had signed in in a browser: paste `cookieHeader` as cookies. */
  sessionFor(screenName: string): { authToken: string; ct0: string; cookieHeader: string } {
    return this.#login.issueSession(this.state.account(screenName));
  }

  seedPost(screenName: string, input: SeedPostInput): PostView {
    const acc = this.state.account(screenName);
    const mediaIds = (input.media ?? []).map((m) => {
      const type = m.type ?? 'photo';
      const media = this.state.newMedia(acc.id, type, type === 'photo' ? 'image/jpeg' : type === 'video' ? 'video/mp4' : 'image/gif', 1000, { width: m.width ?? 1200, height: m.height ?? 800 }, 0);
      media.state = 'succeeded';
      if (m.alt !== undefined) media.alt = m.alt;
      return media.id;
    });
    const post = this.state.createPost(
      { authorId: acc.id, text: input.text ?? '', replyToId: input.replyTo, quoteOfId: input.quoteOf, retweetOfId: input.retweetOf, mediaIds, createdAt: input.createdAt ?? this.#now() },
      false,
    );
    if (input.pinned) acc.pinnedPostId = post.id;
    return this.state.view(post);
  }

  /** X rotated the query id of `op`: the old one now answers 404. Returns the new id. */
  rotateQueryId(op: string): string {
    const id = randomCode(22);
    this.queryIds[op] = id;
    return id;
  }

  post(id: string): SandboxPost | undefined {
    return this.state.postsById.get(id);
  }

  async close(): Promise<void> {
    for (const res of this.#held) res.destroy();
    this.#held.clear();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #route(method: string, host: string, path: string): Route | undefined {
    const p = path.replace(/^\/i\/api(?=\/1\.1\/)/, '');
    const upload = host.startsWith('upload.');
    if (upload || host === '127.0.0.1') {
      if (p === '/1.1/media/upload.json') return { op: 'media/upload', auth: 'write', run: (c) => this.#media.upload(c) };
      if (p === '/1.1/media/metadata/create.json' && method === 'POST') return { op: 'media/metadata/create', auth: 'write', run: (c) => this.#media.metadata(c) };
      if (upload) return undefined;
    }
    if (p === '/1.1/guest/activate.json' && method === 'POST') return { op: 'guest/activate', auth: 'none', run: (c) => this.#login.activate(c) };
    if (p === '/1.1/onboarding/task.json' && method === 'POST') return { op: 'onboarding/task', auth: 'guest', run: (c) => this.#login.task(c) };
    if (p === '/1.1/account/verify_credentials.json') return { op: 'verify_credentials', auth: 'session', run: (c) => this.#login.verifyCredentials(c) };
    const m = /^(?:\/i\/api)?\/graphql\/([^/]+)\/([A-Za-z]+)$/.exec(path);
    if (!m) return undefined;
    const [, qid, op] = m as unknown as [string, string, string];
    if (!(op in ROOT_FIELD) || this.queryIds[op] !== qid) return { op, auth: 'none', run: () => ({ status: 404 }) };
    return { op, auth: WRITE_OPS.has(op) ? 'write' : 'session', run: (c) => this.#graphql.handle(c) };
  }

  #authFail(route: Route, ctx: Ctx): Reply | undefined {
    if (route.auth === 'none' || route.auth === 'guest') return undefined;
    if (!ctx.session) return v1Error(401, 32, 'Could not authenticate you.');
    if (ctx.session.account.locked) return v1Error(403, 326, 'To protect our users from spam and other malicious activity, this account is temporarily locked. Please log in to https://twitter.com to unlock your account.');
    if (route.auth === 'write') {
      const header = String(ctx.headers['x-csrf-token'] ?? '');
      if (!header || header !== ctx.cookies.get('ct0') || header !== ctx.session.ct0) return v1Error(403, 353, 'This request requires a matching csrf cookie and header.');
    }
    return undefined;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const host = String(req.headers[ORIGINAL_HOST_HEADER] ?? req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    const entry: LoggedRequest = { at: this.#now(), method, host, path: url.pathname, op: '', status: 0 };
    this.requests.push(entry);
    if (host !== '127.0.0.1' && !X_HOSTS.includes(host)) return this.#send(res, v1Error(421, 34, `X sandbox: ${host} is not an X host.`), entry);
    const route = this.#route(method, host, url.pathname);
    if (!route) return this.#send(res, v1Error(404, 34, 'Sorry, that page does not exist.'), entry);
    entry.op = route.op;
    const cookies = parseCookies(req.headers.cookie);
    const s = this.state.sessions.get(cookies.get('auth_token') ?? '');
    const account = s ? this.state.accounts.get(s.accountId) : undefined;
    const ctx: Ctx = { method, url, host, op: route.op, headers: req.headers, body: Buffer.concat(chunks), cookies, now: this.#now, session: s && account ? { token: cookies.get('auth_token') as string, account, ct0: s.ct0 } : undefined };
    entry.account = ctx.session?.account.screenName;
    entry.body = this.#logBody(ctx);
    const who = ctx.session?.account.id ?? String(req.headers['x-guest-token'] ?? 'anonymous');
    const rate = this.#rate.take(route.op, who, this.#now());
    const fault = this.faults.take(route.op);
    if (fault && fault.kind !== 'dropAfterCommit') return this.#fault(res, fault, route.op, rate.headers, entry);
    if (!rate.ok) return this.#send(res, { ...v1Error(429, 88, 'Rate limit exceeded.'), headers: rate.headers }, entry);
    const reply = this.#authFail(route, ctx) ?? (await route.run(ctx));
    if (fault) {
      // dropAfterCommit: the write happened, the client never hears about it.
      entry.status = -1;
      res.socket?.destroy();
      return;
    }
    this.#send(res, { ...reply, headers: { ...rate.headers, ...reply.headers } }, entry);
  }

  #logBody(ctx: Ctx): unknown {
    if (ctx.method === 'GET') {
      const v = ctx.url.searchParams.get('variables');
      return v ? { variables: safeJson(v) } : undefined;
    }
    return String(ctx.headers['content-type'] ?? '').includes('json') ? safeJson(ctx.body.toString('utf8')) : undefined;
  }

  #fault(res: ServerResponse, f: FaultSpec, op: string, headers: Record<string, string>, entry: LoggedRequest): void {
    const path = [ROOT_FIELD[op] ?? 'data'];
    switch (f.kind) {
      case '429': {
        const b = this.#rate.budget(op);
        const reset = Math.ceil(this.#now() / 1000) + (f.resetInSec ?? 900);
        return this.#send(res, { ...v1Error(429, 88, 'Rate limit exceeded.'), headers: rateHeaders(b.limit, 0, reset) }, entry);
      }
      case '5xx':
        return this.#send(res, { ...v1Error(f.code ?? 503, 130, 'Over capacity.'), headers }, entry);
      case 'timeout':
        // Held until the client gives up; close() destroys it so the test process never hangs.
        entry.status = -2;
        this.#held.add(res);
        res.on('close', () => this.#held.delete(res));
        return;
      case 'errors200':
        return this.#send(res, { ...gqlErrorReply(f.code ?? 0, 'Internal error. Please try again.', path, 'Internal', 'InternalError'), headers }, entry);
      case 'duplicate187':
        return this.#send(res, { ...gqlErrorReply(187, 'Authorization: Status is a duplicate. (187)', path), headers }, entry);
      case 'automation226':
        return this.#send(res, { ...gqlErrorReply(226, 'Authorization: This request looks like it might be automated. To protect our users from spam and other malicious activity, we can\'t complete this action right now. Please try again later. (226)', path), headers }, entry);
      case 'stale404':
        return this.#send(res, { status: 404, headers }, entry);
      default:
        throw new Error(`X sandbox: fault ${f.kind} is applied elsewhere.`);
    }
  }

  #send(res: ServerResponse, reply: Reply, entry: Partial<LoggedRequest>): void {
    entry.status = reply.status;
    const headers: Record<string, string | string[]> = { ...reply.headers };
    if (reply.cookies?.length) headers['set-cookie'] = reply.cookies;
    let body: string | undefined;
    if (reply.body !== undefined && typeof reply.body !== 'string') {
      body = JSON.stringify(reply.body);
      headers['content-type'] = 'application/json;charset=utf-8';
    } else if (typeof reply.body === 'string') body = reply.body;
    res.writeHead(reply.status, headers);
    res.end(body);
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
