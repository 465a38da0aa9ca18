/**
 * One thin handler per channel (STYLE.md §5): each takes the already-validated request and the
 * caller's context and delegates to AppServices. `Handlers` is a mapped type over the contract, so
 * leaving a channel out — or answering with the wrong type — does not compile.
 */
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Channel, RequestOf, ResponseOf, UserSummary } from '../../src-shared/ipc/contract';
import type { AppServices, SessionUser } from './services';

/** Who is calling and through what; built by the transport, never from the request body. */
export interface DispatchContext {
  transport: 'ipc' | 'http';
  /** Remote address (HTTP) for the login rate limit; "local" for the desktop window. */
  address: string;
  /** The signed-in user (web mode); null in the desktop app, where the window's owner is the user. */
  user: SessionUser | null;
  /** The caller's session token (web mode), for sign-out. Never logged, never returned. */
  sessionToken: string | null;
  /** The per-session CSRF value (web mode) that `auth/session` hands back to the page. */
  csrfToken: string | null;
  /** Web mode only: the server sets / clears the session cookie through these. */
  session?: {
    /** Called after a successful sign-in; returns the CSRF value for that session. */
    started(token: string, expiresAt: number): string;
    ended(): void;
  };
}

export type Handler<C extends Channel> = (req: RequestOf<C>, ctx: DispatchContext) => Promise<ResponseOf<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

const userOf = (u: UserSummary): UserSummary => ({ id: u.id, username: u.username, isAdmin: u.isAdmin });

function webOnly(ctx: DispatchContext): NonNullable<DispatchContext['session']> {
  if (ctx.transport !== 'http' || !ctx.session) {
    throw new AppError(ErrorCode.InvalidInput, 'Signing in is only needed in the browser (chirpsyncer serve); the desktop app needs no sign-in.', { field: 'channel' });
  }
  return ctx.session;
}

export function createHandlers(s: AppServices): Handlers {
  return {
    'app/get-status': () => s.status(),
    'sync/run': (req) => s.runSync({ direction: req.direction }),
    'sync/cancel': () => s.cancelSync(),
    'sync/set-enabled': (req) => s.setSyncEnabled({ enabled: req.enabled }),
    'sync/list-runs': (req) => s.syncHistory({ limit: req.limit, before: req.before }),
    'posts/list': (req) => s.listPosts({ platform: req.platform, limit: req.limit, before: req.before }),
    'accounts/list': () => s.listAccounts(),
    'accounts/test': (req) => s.testAccount({ accountId: req.accountId }),
    'settings/get': () => s.getSettings(),
    'settings/set': (req) => s.setSetting({ key: req.key, value: req.value }),
    'danger/confirm': (req, ctx) => s.confirmDanger({ action: req.action, target: req.target, phrase: req.phrase, userId: ctx.user?.id ?? null }),
    'auth/session': async (_req, ctx) => {
      if (ctx.transport === 'ipc') return { mode: 'desktop' };
      if (!ctx.user || !ctx.csrfToken) return { mode: 'web', signedIn: false };
      return { mode: 'web', signedIn: true, user: userOf(ctx.user), expiresAt: ctx.user.expiresAt, csrfToken: ctx.csrfToken };
    },
    'auth/login': async (req, ctx) => {
      const session = webOnly(ctx);
      const r = await s.login({ username: req.username, password: req.password, address: ctx.address });
      const csrfToken = session.started(r.token, r.expiresAt);
      return { user: userOf(r.user), expiresAt: r.expiresAt, csrfToken };
    },
    'auth/logout': async (_req, ctx) => {
      const session = webOnly(ctx);
      const signedOut = ctx.sessionToken ? await s.logout(ctx.sessionToken) : false;
      session.ended();
      return { signedOut };
    },
  };
}
