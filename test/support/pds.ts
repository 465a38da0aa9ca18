/**
 * A real Bluesky PDS for tests: @atproto/dev-env's TestNetworkNoAppView (in-memory PLC + PDS with
 * SQLite and disk blobs, ENVIRONMENT.md). Accounts get handles like `alice.test`.
 *
 * Note: dev-env's PDS and PLC listen on a free port on all interfaces (their `listen(port)` takes
 * no host); every request of ours goes to 127.0.0.1.
 */
import { createHmac } from 'node:crypto';
import { AtpAgent } from '@atproto/api';
import { JWT_SECRET, TestNetworkNoAppView } from '@atproto/dev-env';

export interface PdsAccount {
  did: string;
  handle: string;
  /** The account's main password. */
  password: string;
  /** An app password, what the app asks people for. */
  appPassword: string;
}

export interface PdsHarness {
  url: string;
  network: TestNetworkNoAppView;
  createAccount(handle: string, password?: string): Promise<PdsAccount>;
  close(): Promise<void>;
}

export async function startPds(): Promise<PdsHarness> {
  const network = await TestNetworkNoAppView.create({});
  const url = `http://127.0.0.1:${network.pds.port}`;
  let closed = false;
  return {
    url,
    network,
    async createAccount(handle, password = `pw-${handle}-${Math.random().toString(36).slice(2)}`) {
      const agent = new AtpAgent({ service: url });
      const res = await agent.createAccount({ handle, password, email: `${handle.replace(/\W/g, '_')}@example.com` });
      const app = await agent.com.atproto.server.createAppPassword({ name: 'chirpsyncer-test' });
      return { did: res.data.did, handle: res.data.handle, password, appPassword: app.data.password };
    },
    async close() {
      if (closed) return;
      closed = true;
      await network.close();
    },
  };
}

export interface ListedRecord {
  uri: string;
  cid: string;
  value: Record<string, unknown>;
}

/**
 * Every app.bsky.feed.post record of `did`, read with plain fetch (not our connector), for
 * two-sided assertions. Newest first, as the PDS lists them.
 */
export async function listAllPosts(url: string, did: string): Promise<ListedRecord[]> {
  const out: ListedRecord[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const q = new URLSearchParams({ repo: did, collection: 'app.bsky.feed.post', limit: '100' });
    if (cursor) q.set('cursor', cursor);
    const res = await fetch(`${url}/xrpc/com.atproto.repo.listRecords?${q}`);
    if (!res.ok) throw new Error(`listRecords ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { records: ListedRecord[]; cursor?: string };
    out.push(...body.records);
    if (!body.cursor || body.records.length === 0) return out;
    cursor = body.cursor;
  }
  throw new Error('listAllPosts: more than 1000 pages');
}

/** One record read with plain fetch; null when the PDS says it does not exist. */
export async function getRecordDirect(url: string, did: string, rkey: string): Promise<ListedRecord | null> {
  const q = new URLSearchParams({ repo: did, collection: 'app.bsky.feed.post', rkey });
  const res = await fetch(`${url}/xrpc/com.atproto.repo.getRecord?${q}`);
  if (res.status === 400) return null;
  if (!res.ok) throw new Error(`getRecord ${res.status}: ${await res.text()}`);
  return (await res.json()) as ListedRecord;
}

/**
 * The same access token with its expiry moved into the past, signed with dev-env's JWT secret, so a
 * test can present a genuinely expired token (the PDS answers ExpiredToken) without waiting 2 hours.
 */
export function expireAccessJwt(jwt: string, secondsAgo = 60): string {
  const [h, p] = jwt.split('.');
  if (!h || !p) throw new Error('not a JWT');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  payload.iat = now - secondsAgo - 3600;
  payload.exp = now - secondsAgo;
  const body = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const sig = createHmac('sha256', JWT_SECRET).update(body).digest('base64url');
  return `${body}.${sig}`;
}
