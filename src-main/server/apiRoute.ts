/**
 * `POST /api/<channel>`: the HTTP face of `dispatch`. Everything transport-specific happens here —
 * same-origin check, body limit, JSON parsing, the session cookie and the CSRF header — and then the
 * request takes the same dispatch path as Electron IPC.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, ErrorCode, isAppError } from '../../src-shared/errors';
import { isChannel, PUBLIC_CHANNELS } from '../../src-shared/ipc/contract';
import { errorEnvelope, type Envelope } from '../../src-shared/ipc/envelope';
import type { DispatchContext } from '../ipc/handlers';
import type { Dispatch } from '../ipc/registerHandlers';
import type { AppServices, SessionUser } from '../ipc/services';
import type { Logger } from '../util/logger';
import { clearedSessionCookie, CsrfTokens, CSRF_HEADER, HttpRefusal, isCrossSite, readBody, readCookie, COOKIE_NAME, sessionCookie, statusFor } from './httpGuards';
import { SECURITY_HEADERS } from './staticFiles';

export interface ApiDeps {
  dispatch: Dispatch;
  services: AppServices;
  csrf: CsrfTokens;
  logger: Logger;
  maxBodyBytes: number;
  now: () => number;
}

export function sendJson(res: ServerResponse, status: number, body: Envelope<unknown>, cookie?: string): void {
  const headers: Record<string, string> = { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  if (cookie) headers['set-cookie'] = cookie;
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
}

/** The cookie's user, or null when there is none or it no longer names an open session. */
export async function sessionOf(req: IncomingMessage, services: AppServices): Promise<{ token: string; user: SessionUser } | null> {
  const token = readCookie(req, COOKIE_NAME);
  if (!token) return null;
  try {
    return { token, user: await services.validateSession(token) };
  } catch (e) {
    if (isAppError(e) && (e.code === ErrorCode.Unauthorized || e.code === ErrorCode.SessionExpired)) return null;
    throw e;
  }
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpRefusal(400, ErrorCode.InvalidInput, 'The request body is not valid JSON. Send a JSON object such as {}.');
  }
}

export async function handleApi(req: IncomingMessage, res: ServerResponse, channel: string, deps: ApiDeps): Promise<void> {
  let cookie: string | undefined;
  try {
    if (isCrossSite(req)) throw new HttpRefusal(403, ErrorCode.Unauthorized, 'Requests from other sites are refused. Open ChirpSyncer from its own address.');
    const type = String(req.headers['content-type'] ?? '');
    // JSON only: an HTML form (the classic CSRF vehicle) cannot send application/json.
    if (!/^application\/json\b/i.test(type)) throw new HttpRefusal(415, ErrorCode.InvalidInput, 'Send the request as JSON (Content-Type: application/json).');
    const raw = parseJson(await readBody(req, deps.maxBodyBytes));
    const session = await sessionOf(req, deps.services);
    if (isChannel(channel) && !PUBLIC_CHANNELS.has(channel)) {
      if (!session) throw new HttpRefusal(401, ErrorCode.Unauthorized, 'You are not signed in (or your session ended). Sign in again.');
      if (!deps.csrf.matches(session.token, req.headers[CSRF_HEADER])) {
        throw new HttpRefusal(403, ErrorCode.Unauthorized, `The request lacks a valid ${CSRF_HEADER} header. Reload the page and try again.`);
      }
    }
    const ctx: DispatchContext = {
      transport: 'http',
      address: req.socket.remoteAddress ?? 'unknown',
      user: session?.user ?? null,
      sessionToken: session?.token ?? null,
      csrfToken: session ? deps.csrf.forSession(session.token) : null,
      session: {
        started: (token, expiresAt) => {
          cookie = sessionCookie(token, (expiresAt - deps.now()) / 1000);
          return deps.csrf.forSession(token);
        },
        ended: () => {
          cookie = clearedSessionCookie();
        },
      },
    };
    const env = await deps.dispatch(channel, raw, ctx);
    sendJson(res, env.ok ? 200 : statusFor(env.error.code), env, cookie);
  } catch (e) {
    sendRefusal(res, e, deps.logger);
  }
}

export function sendRefusal(res: ServerResponse, e: unknown, logger: Logger): void {
  if (e instanceof HttpRefusal) return sendJson(res, e.status, errorEnvelope(e.toPayload()));
  if (e instanceof AppError) return sendJson(res, statusFor(e.code), errorEnvelope(e.toPayload()));
  logger.error('http request failed unexpectedly', { error: (e as Error)?.message, stack: (e as Error)?.stack });
  sendJson(res, 500, errorEnvelope({ code: ErrorCode.Internal, message: 'Something went wrong inside the app. The server log has the details.' }));
}
