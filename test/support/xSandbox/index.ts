/**
 * The X sandbox for integration tests. Typical use:
 *
 *   const sb = await startXSandbox();                 // 127.0.0.1:0, G3 by default
 *   const routing = routeXTo(sb.url);                 // test/support/xRouting.ts: global + option fetch
 *   sb.addAccount({ screenName: 'alice', password: 'pw', twoFactorSecret?, email?, generation? });
 *   const ids = seedShowcaseAccount(sb, 'show');      // fixtures.ts: ≥ 12 kinds of posts
 *   const x = new XConnector({ caller, logger, clock, fetch: routing.fetch });
 *   await x.login({ cookies: sb.sessionFor('alice').cookieHeader });
 *   sb.faults.add({ op: 'CreateTweet', kind: 'dropAfterCommit' });
 *   sb.state.posts('alice'); sb.requests; afterAll: routing.restore(); await sb.close();
 */
export { XSandbox, ORIGINAL_HOST_HEADER, X_HOSTS, type XSandboxOptions, type SeedPostInput, type LoggedRequest } from './XSandbox';
export type { FaultKind, FaultSpec } from './faults';
export type { AccountInput, Generation, MediaType, PostView, SandboxAccount } from './state';
export { totp } from './ids';
export { seedShowcaseAccount, SHOWCASE_TEXT, type ShowcaseIds } from './fixtures';

import { XSandbox, type XSandboxOptions } from './XSandbox';

export function startXSandbox(opts: XSandboxOptions = {}): Promise<XSandbox> {
  return XSandbox.start(opts);
}
