import { BlueskyConnector } from '../connectors/bluesky/BlueskyConnector';
import type { BskySessionState } from '../connectors/bluesky/types';
import type { RemoteCaller } from '../connectors/limits/types';
import { XConnector } from '../connectors/x/XConnector';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import type { CredentialTester } from '../vault/AccountCredentials';
import type { CredentialOf } from '../vault/credentialKinds';

/** "Test connection" for a stored credential: signs in with it, never stores anything. */
export function createCredentialTester(d: { caller: RemoteCaller; logger: Logger; clock: Clock; fetch: typeof fetch }): CredentialTester {
  const x = () => new XConnector({ caller: d.caller, logger: d.logger, clock: d.clock, fetch: d.fetch });
  const bsky = (service: string, session: BskySessionState | null) => {
    let s = session;
    return new BlueskyConnector({ service, caller: d.caller, logger: d.logger, clock: d.clock, fetch: d.fetch, sessionStore: { load: async () => s, save: async (n) => void (s = n) } });
  };
  return async (kind, secret) => {
    if (kind === 'x.cookies') {
      const c = secret as CredentialOf<'x.cookies'>;
      const conn = x();
      await conn.login({ cookies: `auth_token=${c.authToken}; ct0=${c.ct0}` });
      return { detail: `X as @${(await conn.verify()).screenName}` };
    }
    if (kind === 'x.password') {
      const c = secret as CredentialOf<'x.password'>;
      const conn = x();
      await conn.login(c);
      return { detail: `X as @${(await conn.verify()).screenName}` };
    }
    if (kind === 'bsky.app-password') {
      const c = secret as CredentialOf<'bsky.app-password'>;
      const s = await bsky(c.service, null).login(c.identifier, c.appPassword);
      return { detail: `Bluesky as @${s.handle}` };
    }
    const c = secret as CredentialOf<'bsky.session'>;
    const s = await bsky(c.service, c).resume();
    return { detail: `Bluesky as @${s.handle}` };
  };
}
