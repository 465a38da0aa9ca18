/**
 * Turns what a person typed (`@Alice.bsky.social`, `alice.bsky.social`, `did:plc:…`) into a DID,
 * with a plain-words error for anything else (PLATFORM.md: a leading `@` must not give an
 * unreadable error).
 */
import { AtpAgent } from '@atproto/api';
import { isValidDid, isValidHandle } from '@atproto/syntax';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Clock } from '../../util/clock';
import { RemoteError, type RemoteCaller } from '../limits/types';
import { toRemoteError } from './mapBskyError';
import { observingFetch } from './observingFetch';

export type NormalisedIdentifier = { kind: 'did'; value: string } | { kind: 'handle'; value: string };

export function normaliseIdentifier(raw: string): NormalisedIdentifier {
  const s = String(raw ?? '').trim().replace(/^@+/, '');
  if (s.startsWith('did:')) {
    // A DID is case-sensitive: it is checked as typed, never lower-cased.
    if (isValidDid(s)) return { kind: 'did', value: s };
    throw new AppError(ErrorCode.InvalidInput, `"${raw}" is not a valid DID. A DID looks like did:plc:abc123…; or enter the handle instead.`, { field: 'identifier' });
  }
  const handle = s.toLowerCase();
  if (isValidHandle(handle)) return { kind: 'handle', value: handle };
  throw new AppError(ErrorCode.InvalidInput, `"${raw}" is not a Bluesky handle or DID. Enter a handle like alice.bsky.social (a custom domain works too) or a DID.`, { field: 'identifier' });
}

export interface ResolveDeps {
  service: string;
  caller: RemoteCaller;
  clock: Clock;
  fetch?: typeof globalThis.fetch;
}

export interface ResolvedIdentity {
  did: string;
  /** Known when the identifier was a handle, or when the PDS reported it for a DID. */
  handle: string | null;
}

function notFound(e: unknown): boolean {
  return e instanceof RemoteError && (e.kind === 'not_found' || e.kind === 'rejected');
}

/**
 * Handle → DID via com.atproto.identity.resolveHandle on the PDS; a DID is checked with
 * com.atproto.repo.describeRepo, which also tells whether this PDS hosts it (needed to log in there).
 */
export async function resolveIdentifier(identifier: string, deps: ResolveDeps): Promise<ResolvedIdentity> {
  const id = normaliseIdentifier(identifier);
  const agent = new AtpAgent({ service: deps.service, fetch: observingFetch(deps.fetch ?? globalThis.fetch, deps.caller, () => undefined) });
  const op = id.kind === 'handle' ? 'com.atproto.identity.resolveHandle' : 'com.atproto.repo.describeRepo';
  const spec = { service: 'bsky' as const, kind: 'read' as const, op, idempotent: true };
  try {
    return await deps.caller.call(spec, async (signal) => {
      try {
        if (id.kind === 'handle') {
          const res = await agent.com.atproto.identity.resolveHandle({ handle: id.value }, { signal });
          return { did: res.data.did, handle: id.value };
        }
        const res = await agent.com.atproto.repo.describeRepo({ repo: id.value }, { signal });
        return { did: res.data.did, handle: res.data.handleIsCorrect ? res.data.handle : null };
      } catch (e) {
        if (signal.aborted) throw signal.reason;
        throw toRemoteError(e, op, deps.service, deps.clock.now());
      }
    });
  } catch (e) {
    if (!notFound(e)) throw e;
    const msg =
      id.kind === 'handle'
        ? `No Bluesky account has the handle "${id.value}" (asked ${deps.service}). Check the spelling — a handle looks like alice.bsky.social — or the server (PDS) URL.`
        : `The DID "${id.value}" is not an account on ${deps.service}. Check the DID, or enter the URL of the server (PDS) that hosts it.`;
    throw new AppError(ErrorCode.InvalidInput, msg, { field: 'identifier' }, { cause: e });
  }
}
