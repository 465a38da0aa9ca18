/**
 * `chirpsyncer serve`: the same contract as the desktop app, over HTTP on loopback (SPEC §7, §10).
 *   POST /api/<channel>  → dispatch (JSON in, envelope out)
 *   GET  /api/events     → Server-Sent Events carrying the push events
 *   GET  anything else   → the built renderer, with a strict CSP
 * Loopback only unless `allowRemote` is set, and then it says so loudly in the log and the result.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { createDispatch } from '../ipc/registerHandlers';
import type { AppServices } from '../ipc/services';
import { throttleProgress } from '../ipc/throttleEvents';
import type { Logger } from '../util/logger';
import { handleApi, sendJson, sendRefusal, sessionOf, type ApiDeps } from './apiRoute';
import { EventStream } from './EventStream';
import { CsrfTokens, hostHeaderAllowed, HttpRefusal, isCrossSite, isLoopbackHost } from './httpGuards';
import { plain, serveStatic } from './staticFiles';

export interface ServerOptions {
  services: AppServices;
  logger: Logger;
  host?: string;
  /** 0 = any free port (tests). */
  port?: number;
  /** Folder with the built renderer (index.html + assets/). */
  staticDir?: string;
  /** Listen on a non-loopback address. Anyone who can reach it can try to sign in: put TLS in front. */
  allowRemote?: boolean;
  /** Largest accepted request body; 64 KiB is far above any request of the contract. */
  maxBodyBytes?: number;
  now?: () => number;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  /** Plain-language warnings the entry point should show (e.g. listening beyond this machine). */
  warnings: string[];
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const allowRemote = opts.allowRemote === true;
  const warnings = checkHost(host, allowRemote, opts.logger);
  const now = opts.now ?? Date.now;
  const logger = opts.logger.child({ component: 'server' });
  const dispatch = createDispatch({ services: opts.services, logger });
  const api: ApiDeps = { dispatch, services: opts.services, csrf: new CsrfTokens(randomBytes(32)), logger, maxBodyBytes: opts.maxBodyBytes ?? 64 * 1024, now };
  const events = new EventStream({ logger });
  const unsubscribe = opts.services.onEvent(throttleProgress((e) => events.send(e), { now }));

  const server = createServer((req, res) => {
    route(req, res, { api, events, staticDir: opts.staticDir, allowRemote }).catch((e) => sendRefusal(res, e, logger));
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(listenError(e, host, opts.port ?? 0)));
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info('web UI listening', { url, remote: allowRemote });
  return {
    url,
    host,
    port,
    warnings,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        events.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function checkHost(host: string, allowRemote: boolean, logger: Logger): string[] {
  if (isLoopbackHost(host)) return [];
  if (!allowRemote) {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      `Refusing to listen on ${host}: the web UI only listens on this machine (127.0.0.1) unless you explicitly allow remote access (--allow-remote).`,
      { field: 'host' },
    );
  }
  const warning = `WARNING: the web UI listens on ${host}, so other machines can reach it. Traffic is not encrypted: put it behind a TLS reverse proxy and use a strong password.`;
  logger.warn(warning, { host });
  return [warning];
}

function listenError(e: NodeJS.ErrnoException, host: string, port: number): Error {
  if (e.code === 'EADDRINUSE') return new AppError(ErrorCode.ConfigInvalid, `Port ${port} on ${host} is already in use. Choose another port (--port).`, { field: 'port' }, { cause: e });
  if (e.code === 'EADDRNOTAVAIL') return new AppError(ErrorCode.ConfigInvalid, `This machine has no address ${host}. Use 127.0.0.1.`, { field: 'host' }, { cause: e });
  return e;
}

interface RouteDeps {
  api: ApiDeps;
  events: EventStream;
  staticDir: string | undefined;
  allowRemote: boolean;
}

async function route(req: IncomingMessage, res: ServerResponse, d: RouteDeps): Promise<void> {
  if (!hostHeaderAllowed(req, d.allowRemote)) return plain(res, 421, 'This server only answers requests addressed to 127.0.0.1 or localhost.');
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path.startsWith('/api/')) {
    if (path === '/api/events' && req.method === 'GET') return openEvents(req, res, d);
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: ErrorCode.InvalidInput, message: 'Use POST for /api/ requests.' } });
    return handleApi(req, res, path.slice('/api/'.length), d.api);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Only GET is served here.');
  return serveStatic(req, res, d.staticDir);
}

async function openEvents(req: IncomingMessage, res: ServerResponse, d: RouteDeps): Promise<void> {
  if (isCrossSite(req)) throw new HttpRefusal(403, ErrorCode.Unauthorized, 'Requests from other sites are refused.');
  const session = await sessionOf(req, d.api.services);
  if (!session) throw new HttpRefusal(401, ErrorCode.Unauthorized, 'You are not signed in (or your session ended). Sign in again.');
  d.events.add(res, async () => (await sessionOf(req, d.api.services)) !== null);
}
