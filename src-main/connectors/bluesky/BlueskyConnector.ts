/**
 * The Bluesky connector: session, own posts (read), create / look up / delete posts, image upload
 * and batch creates for archive migration. Every remote call goes through the injected
 * RemoteCaller; failures surface as RemoteError (or AppError for bad input and dead sessions).
 */
import { lexToJson, type AtpAgent, type ComAtprotoRepoApplyWrites } from '@atproto/api';
import { isValidRecordKey } from '@atproto/syntax';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Post } from '../../../src-shared/domain/post';
import { RemoteError, type CallKind, type CallSpec } from '../limits/types';
import { batchCreates, type PreparedCreate } from './batchCreates';
import { BskySession } from './BskySession';
import { buildPostRecord, validateDraft, type UploadedImage } from './buildRecord';
import { toRemoteError } from './mapBskyError';
import { recordToPost, rkeyOfUri } from './mapRecord';
import { prepareImage } from './prepareImage';
import { resolveIdentifier } from './resolveIdentifier';
import {
  BSKY_COLLECTION_POST,
  BSKY_MAX_IMAGE_BYTES,
  DEFAULT_BSKY_SERVICE,
  type BlueskyConnectorDeps,
  type BskyImageInput,
  type BskyLimits,
  type BskyPostDraft,
  type BskySessionState,
  type CreatedRef,
} from './types';

interface CallOpts {
  points?: number;
  idempotent?: boolean;
  signal?: AbortSignal;
  /** Reclassify a mapped error (e.g. a create's HTTP 500). */
  remap?: (e: RemoteError) => RemoteError;
}

/** Kinds after which a create may or may not have happened: look before deciding. */
const MAYBE_WRITTEN = new Set(['unknown_outcome', 'transient', 'timeout']);

export function postUri(did: string, rkey: string): string {
  return `at://${did}/${BSKY_COLLECTION_POST}/${rkey}`;
}

export class BlueskyConnector {
  #deps: BlueskyConnectorDeps;
  #service: string;
  #session: BskySession;

  constructor(deps: BlueskyConnectorDeps) {
    this.#deps = deps;
    this.#service = (deps.service ?? DEFAULT_BSKY_SERVICE).replace(/\/+$/, '');
    this.#session = new BskySession({ caller: deps.caller, logger: deps.logger, now: () => deps.clock.now(), fetch: deps.fetch ?? globalThis.fetch, store: deps.sessionStore });
  }

  get did(): string {
    const s = this.#session.state;
    if (!s) throw new AppError(ErrorCode.SessionExpired, 'Not connected to Bluesky: log in with your handle and an app password first.');
    return s.did;
  }

  get handle(): string {
    return this.#session.state?.handle ?? '';
  }

  /** Logs in with a handle (leading @ and case ignored) or DID and an app password; persists the session. */
  async login(identifier: string, appPassword: string): Promise<BskySessionState> {
    if (typeof appPassword !== 'string' || appPassword.trim() === '') {
      throw new AppError(ErrorCode.InvalidInput, 'Enter the app password (create one in Bluesky under Settings → Privacy and security → App passwords).', { field: 'appPassword' });
    }
    const who = await resolveIdentifier(identifier, { service: this.#service, caller: this.#deps.caller, clock: this.#deps.clock, fetch: this.#deps.fetch });
    const agent = this.#session.newAgent(this.#service);
    const spec: CallSpec = { service: 'bsky', kind: 'login', op: 'com.atproto.server.createSession', account: who.handle ?? who.did, idempotent: true };
    try {
      await this.#deps.caller.call(spec, async () => {
        try {
          await agent.login({ identifier: who.did, password: appPassword });
        } catch (e) {
          throw toRemoteError(e, spec.op, this.#service, this.#deps.clock.now());
        }
      });
    } catch (e) {
      throw loginError(e, who.handle ?? who.did);
    } finally {
      await this.#session.flush();
    }
    const state = this.#session.state;
    if (!state) throw new AppError(ErrorCode.Internal, 'Bluesky accepted the login but returned no session.');
    this.#deps.logger.info('bluesky login', { did: state.did, handle: state.handle });
    return { ...state };
  }

  /** Continues the stored session (refreshing an expired access token); never logs in again. */
  async resume(): Promise<BskySessionState> {
    return this.#session.resume();
  }

  async #call<T>(kind: CallKind, op: string, fn: (agent: AtpAgent, signal: AbortSignal) => Promise<T>, opts: CallOpts = {}): Promise<T> {
    const agent = this.#session.agent;
    const spec: CallSpec = { service: 'bsky', kind, op, account: this.handle || this.did, points: opts.points, idempotent: opts.idempotent ?? true };
    try {
      return await this.#deps.caller.call(
        spec,
        async (signal) => {
          try {
            return await fn(agent, signal);
          } catch (e) {
            if (signal.aborted) throw signal.reason;
            const re = toRemoteError(e, op, this.#service, this.#deps.clock.now());
            throw opts.remap ? opts.remap(re) : re;
          }
        },
        { signal: opts.signal },
      );
    } finally {
      await this.#session.flush();
    }
  }

  /** Every own post record, newest first (listRecords pages by record key), until `stopAtRkey` (exclusive). */
  async listOwnPosts(opts: { stopAtRkey?: string; signal?: AbortSignal } = {}): Promise<{ posts: Post[]; reachedEnd: boolean; skipped: { uri: string; reason: string }[] }> {
    const ctx = { did: this.did, handle: this.handle, service: this.#service };
    const posts: Post[] = [];
    const skipped: { uri: string; reason: string }[] = [];
    let cursor: string | undefined;
    for (;;) {
      if (opts.signal?.aborted) throw new AppError(ErrorCode.Cancelled, 'Reading Bluesky posts was cancelled.');
      const page = await this.#call('read', 'com.atproto.repo.listRecords', (a, signal) =>
        a.com.atproto.repo.listRecords({ repo: ctx.did, collection: BSKY_COLLECTION_POST, limit: 100, cursor }, { signal }),
        { signal: opts.signal },
      );
      for (const listed of page.data.records) {
        const rec = { uri: listed.uri, cid: listed.cid, value: asJson(listed.value) };
        if (opts.stopAtRkey && rkeyOfUri(rec.uri) <= opts.stopAtRkey) return { posts, reachedEnd: false, skipped };
        const mapped = recordToPost(rec, ctx);
        if (mapped.ok) posts.push(mapped.post);
        else {
          this.#deps.logger.warn('bluesky record skipped', { uri: rec.uri, reason: mapped.reason });
          skipped.push({ uri: rec.uri, reason: mapped.reason });
        }
      }
      cursor = page.data.cursor;
      if (!cursor || page.data.records.length === 0) return { posts, reachedEnd: true, skipped };
    }
  }

  async getPost(rkey: string): Promise<{ uri: string; cid: string; value: Record<string, unknown> } | null> {
    if (!isValidRecordKey(rkey)) throw new AppError(ErrorCode.InvalidInput, `"${rkey}" is not a record key.`, { field: 'rkey' });
    try {
      const res = await this.#call('read', 'com.atproto.repo.getRecord', (a, signal) =>
        a.com.atproto.repo.getRecord({ repo: this.did, collection: BSKY_COLLECTION_POST, rkey }, { signal }),
      );
      if (!res.data.cid) throw new RemoteError('api_changed', 'bsky', `getRecord for ${rkey} returned no CID.`);
      return { uri: res.data.uri, cid: res.data.cid, value: asJson(res.data.value) };
    } catch (e) {
      if (e instanceof RemoteError && e.kind === 'not_found') return null;
      throw e;
    }
  }

  async uploadImage(img: BskyImageInput): Promise<{ blob: unknown; aspectRatio?: { width: number; height: number } }> {
    const prepared = await prepareImage(img, BSKY_MAX_IMAGE_BYTES);
    if (prepared.reencoded) this.#deps.logger.info('bluesky image re-encoded', { from: img.data.length, to: prepared.data.length, mimeType: prepared.mimeType });
    const res = await this.#call('upload', 'com.atproto.repo.uploadBlob', (a, signal) =>
      a.com.atproto.repo.uploadBlob(prepared.data, { encoding: prepared.mimeType, signal }),
    );
    // The JSON form ({ $type: 'blob', ref: { $link } }) is what records carry and what cidForRecord hashes.
    const blob = lexToJson(res.data.blob as never);
    const aspectRatio = prepared.width && prepared.height ? { width: prepared.width, height: prepared.height } : undefined;
    return aspectRatio ? { blob, aspectRatio } : { blob };
  }

  async #uploadAll(draft: BskyPostDraft): Promise<UploadedImage[]> {
    const out: UploadedImage[] = [];
    for (const img of draft.images ?? []) out.push({ ...(await this.uploadImage(img)), alt: img.alt });
    return out;
  }

  /** Creates the post under its deterministic key, or finds that an earlier attempt already did. */
  async createPost(draft: BskyPostDraft): Promise<CreatedRef> {
    validateDraft(draft);
    const record = buildPostRecord(draft, await this.#uploadAll(draft));
    return this.#createOrLookup({ rkey: draft.rkey, record });
  }

  async #createOrLookup(p: PreparedCreate): Promise<CreatedRef> {
    try {
      const res = await this.#call(
        'write',
        'com.atproto.repo.createRecord',
        (a, signal) => a.com.atproto.repo.createRecord({ repo: this.did, collection: BSKY_COLLECTION_POST, rkey: p.rkey, record: p.record }, { signal }),
        { points: 3, remap: remapCreate500 },
      );
      return { uri: res.data.uri, cid: res.data.cid, created: true };
    } catch (e) {
      if (!(e instanceof RemoteError) || !MAYBE_WRITTEN.has(e.kind)) throw e;
      const found = await this.#lookup(p);
      if (found) return found;
      throw e;
    }
  }

  /** The existing record under `p.rkey` when it holds the same post; a different post there is a conflict. */
  async #lookup(p: PreparedCreate): Promise<CreatedRef | null> {
    const existing = await this.getPost(p.rkey);
    if (!existing) return null;
    if (existing.value.text !== p.record.text) {
      throw new AppError(ErrorCode.Conflict, `The Bluesky record key ${p.rkey} already holds a different post; it was not overwritten.`, { rkey: p.rkey, uri: existing.uri });
    }
    this.#deps.logger.info('bluesky create already done', { uri: existing.uri });
    return { uri: existing.uri, cid: existing.cid, created: false };
  }

  /** Deletes an own post; 'already_gone' when there was nothing to delete. */
  async deletePost(uriOrRkey: string): Promise<'deleted' | 'already_gone'> {
    const rkey = this.#ownRkey(uriOrRkey);
    const res = await this.#call('delete', 'com.atproto.repo.deleteRecord', (a, signal) =>
      a.com.atproto.repo.deleteRecord({ repo: this.did, collection: BSKY_COLLECTION_POST, rkey }, { signal }),
      { points: 1 },
    );
    // The PDS answers a delete of a missing record with success but no commit (a no-op).
    return res.data.commit ? 'deleted' : 'already_gone';
  }

  #ownRkey(uriOrRkey: string): string {
    if (!uriOrRkey.startsWith('at://')) {
      if (!isValidRecordKey(uriOrRkey)) throw new AppError(ErrorCode.InvalidInput, `"${uriOrRkey}" is neither an at:// URI nor a record key.`, { field: 'uri' });
      return uriOrRkey;
    }
    const [did, collection, rkey] = uriOrRkey.slice(5).split('/');
    if (did !== this.did || collection !== BSKY_COLLECTION_POST || !rkey) {
      throw new AppError(ErrorCode.InvalidInput, `${uriOrRkey} is not a post of ${this.handle || this.did}; only your own posts can be deleted.`, { field: 'uri' });
    }
    return rkey;
  }

  /**
   * Many creates through com.atproto.repo.applyWrites (≤ 200 a call). A reply or quote may point at
   * an earlier draft of the same call with an empty `cid`: it is filled with the CID computed locally.
   */
  async applyCreates(drafts: BskyPostDraft[]): Promise<CreatedRef[]> {
    return batchCreates(drafts, {
      did: this.did,
      logger: this.#deps.logger,
      upload: (d) => this.#uploadAll(d),
      applyWrites: (writes) =>
        this.#call('write', 'com.atproto.repo.applyWrites', (a, signal) => // batchCreates builds #create writes in their JSON form; the generated type wants $Typed objects.
          a.com.atproto.repo.applyWrites({ repo: this.did, writes: writes as unknown as ComAtprotoRepoApplyWrites.InputSchema['writes'] }, { signal }), {
          points: 3 * writes.length,
          remap: remapCreate500,
        }).then((r) => (r.data.results ?? []) as { uri?: string; cid?: string }[]),
      lookup: (p) => this.#lookup(p),
      createOrLookup: (p) => this.#createOrLookup(p),
      maybeWritten: (e) => e instanceof RemoteError && MAYBE_WRITTEN.has(e.kind),
    });
  }

  describeLimits(): BskyLimits {
    return { maxGraphemes: 300, maxImageBytes: BSKY_MAX_IMAGE_BYTES, maxImages: 4 };
  }
}

/**
 * The PDS answers HTTP 500 when the record key already exists (PLATFORM.md), so a create's 500 does
 * not mean "try again": the record may be there. The caller must not retry it blindly.
 */
function remapCreate500(e: RemoteError): RemoteError {
  if (e.kind !== 'transient' || e.status !== 500) return e;
  return new RemoteError('unknown_outcome', 'bsky', `${e.message} (the PDS also answers 500 when the record key exists; the record is looked up).`, { status: 500, remoteCode: e.remoteCode, cause: e });
}

/**
 * The XRPC client turns record JSON into class instances (BlobRef, CID); we keep records in their
 * JSON form so they stay plain data (Post.raw crosses IPC) and hash the same as what we send.
 */
function asJson(value: unknown): Record<string, unknown> {
  return lexToJson(value as never) as Record<string, unknown>;
}

function loginError(e: unknown, who: string): unknown {
  if (!(e instanceof RemoteError)) return e;
  if (e.kind === 'auth') {
    return new AppError(ErrorCode.AuthFailed, `Bluesky did not accept the password for ${who}. Use an app password (Settings → Privacy and security → App passwords) and check that it was not revoked.`, { identifier: who }, { cause: e });
  }
  if (e.kind === 'needs_2fa') return new AppError(ErrorCode.AuthNeeds2fa, `Bluesky asks for an email code to log in ${who}. Use an app password instead of the account password.`, undefined, { cause: e });
  if (e.kind === 'locked') return new AppError(ErrorCode.AccountLocked, `The Bluesky account ${who} is deactivated or taken down; log in on bsky.app to see why.`, undefined, { cause: e });
  return e;
}

// One import site for the engine: the shapes and helpers that go with the connector.
export type { BlueskyConnectorDeps, BskyImageInput, BskyLimits, BskyPostDraft, BskySessionState, BskySessionStore, CreatedRef, StrongRef } from './types';
export { resolveIdentifier, normaliseIdentifier } from './resolveIdentifier';
export { tidFromTimestamp, tidTimestamp, isTid } from './tid';
export { cidForRecord } from './dagCbor';
export { recordToPost } from './mapRecord';
