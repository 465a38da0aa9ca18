/**
 * The only place that imports agent-twitter-client, so it can be replaced. It is used for what it
 * does well — X's onboarding/task.json login flow (JS instrumentation, identifier, password,
 * AccountDuplicationCheck, TOTP 2FA, LoginAcid) and the cookies that flow sets — and nothing else:
 * its parsers return nothing on today's X, its posting and media calls use the process-wide fetch
 * (no headers for the limiter, the status lost in an Error string) and it sleeps in real time on
 * 429 and while video processes (X-WEB-API.md, ENVIRONMENT.md).
 *
 * The fetch handed to the library reports every response to the caller and never lets the library
 * see a 429/5xx/network failure: those are kept as a RemoteError and the library gets a synthetic
 * 599 answer, which ends its flow at once (no sleeping, no retry loop). The kept error is what the
 * login then throws.
 */
import { Scraper } from 'agent-twitter-client';
import { RemoteError, type CallSpec, type RemoteCaller } from '../limits/types';
import type { StoredCookie } from './XCookieJar';
import { httpError, transportError } from './xHttp';

export interface PasswordCredentials {
  username: string;
  password: string;
  email?: string;
  twoFactorSecret?: string;
}

const SYNTHETIC_STATUS = 599;

function synthetic(): Response {
  return new Response(JSON.stringify({ errors: [{ code: 0, message: 'stopped by ChirpSyncer (see the kept error)' }] }), { status: SYNTHETIC_STATUS });
}

/** The library reports X's refusals as Error(text); the text is X's JSON or the library's own words. */
export function mapLoginError(e: unknown): RemoteError {
  const msg = e instanceof Error ? e.message : String(e);
  const make = (kind: RemoteError['kind'], text: string) => new RemoteError(kind, 'x', text, { cause: e });
  if (/wrong password/i.test(msg)) return make('auth', 'X says the password is wrong. Check it and sign in again.');
  if (/could not find your account/i.test(msg)) return make('auth', 'X does not know this username or email. Check it and sign in again.');
  if (/two factor authentication code but no secret/i.test(msg)) return make('needs_2fa', 'X asks for a two-factor code: add the account\'s 2FA (TOTP) secret and sign in again.');
  if (/\b236\b|code you entered is incorrect/i.test(msg)) return make('auth', 'X rejected the two-factor code: check the 2FA secret (and that this computer\'s clock is right).');
  if (/Incorrect\. Please try again/i.test(msg)) return make('needs_2fa', 'X did not accept the email address for its confirmation step. Enter the account\'s email and sign in again.');
  if (/DenyLoginSubtask/.test(msg)) return make('locked', 'X denied the login: the account is locked or X wants a challenge. Sign in on x.com in a browser, then paste the session cookies.');
  const unknown = /Unknown subtask (\w+)/.exec(msg);
  if (unknown) return make('locked', `X asked for a login step the app cannot do (${unknown[1]}). Sign in on x.com in a browser, then paste the session cookies.`);
  if (/\b239\b|guest token/i.test(msg)) return make('transient', 'X refused the guest token for the login. Try again in a moment.');
  return make('api_changed', `X's login flow answered something the app does not know: ${msg.slice(0, 200)}`);
}

export class XLibraryClient {
  readonly #fetch: typeof fetch;
  readonly #caller: RemoteCaller;

  constructor(deps: { fetch: typeof fetch; caller: RemoteCaller }) {
    this.#fetch = deps.fetch;
    this.#caller = deps.caller;
  }

  /** Runs the whole login flow as one call (`spec.kind` 'login') and returns the session cookies. */
  async login(creds: PasswordCredentials, spec: CallSpec, signal?: AbortSignal): Promise<StoredCookie[]> {
    return this.#caller.call(
      spec,
      async (callSignal) => {
        const kept: { error?: RemoteError } = {};
        const scraper = new Scraper({ fetch: this.#guardedFetch(spec, callSignal, kept, creds) });
        try {
          await scraper.login(creds.username, creds.password, creds.email, creds.twoFactorSecret);
        } catch (e) {
          throw kept.error ?? mapLoginError(e);
        }
        if (kept.error) throw kept.error;
        const cookies = await scraper.getCookies();
        return cookies.map((c) => ({ name: c.key, value: c.value, domain: c.domain ?? 'twitter.com' }));
      },
      { signal },
    );
  }

  #guardedFetch(spec: CallSpec, signal: AbortSignal, kept: { error?: RemoteError }, creds: PasswordCredentials): typeof fetch {
    return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      if (kept.error) return synthetic();
      // LoginAcid / the alternate-identifier step without an email: the library would send
      // `text: undefined` and X would refuse it.
      if (typeof init?.body === 'string' && /"subtask_id":"(LoginAcid|LoginEnterAlternateIdentifierSubtask)"/.test(init.body) && !creds.email) {
        kept.error = new RemoteError('needs_2fa', 'x', 'X asks to confirm the account\'s email address: enter it and sign in again.');
        return synthetic();
      }
      let res: Response;
      try {
        res = await this.#fetch(input, { ...init, signal });
      } catch (e) {
        kept.error = transportError(spec, e, signal.aborted);
        return synthetic();
      }
      this.#caller.observe(spec, res.headers);
      if (res.status === 429 || res.status >= 500) {
        kept.error = httpError(spec, res.status, res.headers, await res.text(), false);
        return synthetic();
      }
      return res;
    }) as typeof fetch;
  }
}
