/**
 * guest/activate.json, onboarding/task.json (the login flow agent-twitter-client walks) and
 * account/verify_credentials.json. Subtask order as X runs it: LoginJsInstrumentationSubtask →
 * LoginEnterUserIdentifierSSO → LoginEnterPassword → AccountDuplicationCheck → (DenyLoginSubtask |
 * LoginTwoFactorAuthChallenge | LoginAcid) → LoginSuccessSubtask.
 */
import { randomBytes } from 'node:crypto';
import type { XJson } from '../build';
import { flowToken, totp } from '../ids';
import { json, setCookie, v1Error, type Ctx, type Reply, jsonBody } from '../http';
import type { SandboxAccount, SandboxState } from '../state';

type Step = 'js' | 'identifier' | 'alternate' | 'password' | 'dupcheck' | 'twofa' | 'acid' | 'success';

const SUBTASK_OF: Record<Step, string> = {
  js: 'LoginJsInstrumentationSubtask',
  identifier: 'LoginEnterUserIdentifierSSO',
  alternate: 'LoginEnterAlternateIdentifierSubtask',
  password: 'LoginEnterPassword',
  dupcheck: 'AccountDuplicationCheck',
  twofa: 'LoginTwoFactorAuthChallenge',
  acid: 'LoginAcid',
  success: 'LoginSuccessSubtask',
};

interface Flow {
  step: Step;
  account?: SandboxAccount;
}

type Json = any; // client request bodies

function subtask(step: Step | 'deny'): object {
  const link = { link_type: 'task', link_id: 'next_link' };
  switch (step) {
    case 'js':
      return { subtask_id: SUBTASK_OF.js, js_instrumentation: { url: 'https://twitter.com/i/js_inst?c_name=ui_metrics', timeout_ms: 2000, next_link: link } };
    case 'identifier':
      return { subtask_id: SUBTASK_OF.identifier, settings_list: { settings: [{ value_identifier: 'user_identifier', value_type: 'text' }], next_link: link } };
    case 'alternate':
      return { subtask_id: SUBTASK_OF.alternate, enter_text: { hint_text: 'Phone or email', next_link: link } };
    case 'password':
      return { subtask_id: SUBTASK_OF.password, enter_password: { primary_text: { text: 'Enter your password' }, next_link: link } };
    case 'dupcheck':
      return { subtask_id: SUBTASK_OF.dupcheck, check_logged_in_account: { true_link: { link_type: 'task', link_id: 'AccountDuplicationCheck_true' }, false_link: { link_type: 'task', link_id: 'AccountDuplicationCheck_false' } } };
    case 'twofa':
      return { subtask_id: SUBTASK_OF.twofa, enter_text: { hint_text: 'Enter code', next_link: link } };
    case 'acid':
      return { subtask_id: SUBTASK_OF.acid, enter_text: { hint_text: 'Email address', next_link: link } };
    case 'deny':
      return { subtask_id: 'DenyLoginSubtask', cta: { primary_text: { text: 'Your account is locked.' }, secondary_text: { text: 'Unlock it on x.com to continue.' } } };
    default:
      return { subtask_id: SUBTASK_OF.success, open_account: { user: {} } };
  }
}

export class LoginRoutes {
  readonly #flows = new Map<string, Flow>();
  readonly #state: SandboxState;
  readonly #json: XJson;

  constructor(state: SandboxState, xjson: XJson) {
    this.#state = state;
    this.#json = xjson;
  }

  activate(ctx: Ctx): Reply {
    if (!String(ctx.headers.authorization ?? '').startsWith('Bearer ')) return v1Error(403, 200, 'Forbidden.');
    const token = String(BigInt(`0x${randomBytes(7).toString('hex')}`));
    this.#state.guestTokens.add(token);
    return json(200, { guest_token: token });
  }

  verifyCredentials(ctx: Ctx): Reply {
    if (!ctx.session) return v1Error(401, 32, 'Could not authenticate you.');
    return json(200, this.#json.verifyCredentials(ctx.session.account));
  }

  task(ctx: Ctx): Reply {
    const guest = String(ctx.headers['x-guest-token'] ?? '');
    if (!this.#state.guestTokens.has(guest)) return v1Error(400, 239, 'Bad guest token.');
    const body: Json = jsonBody(ctx);
    if (!body) return v1Error(400, 214, 'The request body is not JSON.');
    if (body.flow_name === 'login' && !body.flow_token) return this.#next({ step: 'js' });
    const flow = this.#flows.get(String(body.flow_token));
    if (!flow) return v1Error(400, 399, 'Could not log you in now. Please try again later.');
    this.#flows.delete(String(body.flow_token));
    const input: Json = body.subtask_inputs?.[0];
    if (flow.step === 'success') return this.#finish(ctx, flow);
    if (input?.subtask_id !== SUBTASK_OF[flow.step]) {
      return v1Error(400, 399, `Expected ${SUBTASK_OF[flow.step]}, got ${String(input?.subtask_id)}.`);
    }
    return this.#advance(flow, input);
  }

  #next(flow: Flow, extra: Record<string, unknown> = {}): Reply {
    const token = flowToken();
    this.#flows.set(token, flow);
    return json(200, { flow_token: token, status: 'success', subtasks: [subtask(flow.step)], ...extra });
  }

  #advance(flow: Flow, input: Json): Reply {
    switch (flow.step) {
      case 'js':
        return this.#next({ step: 'identifier' });
      case 'identifier': {
        const id = String(input.settings_list?.setting_responses?.[0]?.response_data?.text_data?.result ?? '');
        const acc = this.#state.byScreenName(id) ?? [...this.#state.accounts.values()].find((a) => a.email && a.email.toLowerCase() === id.toLowerCase());
        if (!acc) return v1Error(400, 399, 'Sorry, we could not find your account.');
        return this.#next({ step: acc.unusualActivity ? 'alternate' : 'password', account: acc });
      }
      case 'alternate': {
        const ok = !!flow.account?.email && String(input.enter_text?.text ?? '').toLowerCase() === flow.account.email.toLowerCase();
        if (!ok) return v1Error(400, 399, 'Incorrect. Please try again.');
        return this.#next({ step: 'password', account: flow.account });
      }
      case 'password':
        if (input.enter_password?.password !== flow.account?.password) return v1Error(400, 399, 'Wrong password!');
        return this.#next({ step: 'dupcheck', account: flow.account });
      case 'dupcheck':
        return this.#afterPassword(flow.account as SandboxAccount);
      case 'twofa':
        return this.#check2fa(flow, String(input.enter_text?.text ?? ''));
      case 'acid': {
        const ok = !!flow.account?.email && String(input.enter_text?.text ?? '').toLowerCase() === flow.account.email.toLowerCase();
        if (!ok) return v1Error(400, 399, 'Incorrect. Please try again.');
        return this.#next({ step: 'success', account: flow.account });
      }
      default:
        return v1Error(400, 399, 'Could not log you in now. Please try again later.');
    }
  }

  #afterPassword(acc: SandboxAccount): Reply {
    if (acc.locked) {
      const token = flowToken();
      return json(200, { flow_token: token, status: 'success', subtasks: [subtask('deny')] });
    }
    if (acc.twoFactorSecret) return this.#next({ step: 'twofa', account: acc });
    if (acc.emailChallenge) return this.#next({ step: 'acid', account: acc });
    return this.#next({ step: 'success', account: acc });
  }

  /** The library computes the code with the real clock, so the check does too (±1 step). */
  #check2fa(flow: Flow, code: string): Reply {
    const secret = flow.account?.twoFactorSecret as string;
    const now = Date.now();
    if (![-1, 0, 1].some((o) => totp(secret, now, o) === code)) return v1Error(400, 236, 'The code you entered is incorrect.');
    return this.#next({ step: 'success', account: flow.account });
  }

  /** The answer to LoginSuccessSubtask sets the session cookies, like X. */
  #finish(ctx: Ctx, flow: Flow): Reply {
    const acc = flow.account as SandboxAccount;
    const authToken = randomBytes(20).toString('hex');
    const ct0 = randomBytes(80).toString('hex');
    this.#state.sessions.set(authToken, { accountId: acc.id, ct0 });
    const domain = ctx.host.endsWith('x.com') ? 'x.com' : 'twitter.com';
    const now = ctx.now();
    const reply = json(200, { flow_token: flowToken(), status: 'success', subtasks: [] });
    reply.cookies = [setCookie('auth_token', authToken, domain, now, true), setCookie('ct0', ct0, domain, now, false), setCookie('twid', `u%3D${acc.id}`, domain, now, false)];
    return reply;
  }

  /** A session for tests that start from pasted cookies. */
  issueSession(acc: SandboxAccount): { authToken: string; ct0: string; cookieHeader: string } {
    const authToken = randomBytes(20).toString('hex');
    const ct0 = randomBytes(80).toString('hex');
    this.#state.sessions.set(authToken, { accountId: acc.id, ct0 });
    return { authToken, ct0, cookieHeader: `auth_token=${authToken}; ct0=${ct0}` };
  }
}
