/**
 * The only module that touches `window.chirp` (STYLE.md §18). In the desktop app it uses the preload
 * bridge; served by `chirpsyncer serve` (no bridge) it speaks the same contract over
 * `POST /api/<channel>` and Server-Sent Events. Either way callers get the response value or a
 * ClientError carrying the error envelope's code and message.
 */
import type { Channel, ChirpBridge, EventName, IpcEvents, RequestOf, ResponseOf } from '../../src-shared/ipc/contract';
import { isEnvelope, type Envelope } from '../../src-shared/ipc/envelope';

export class ClientError extends Error {
  readonly code: string;
  readonly details?: Record<string, unknown>;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ClientError';
    this.code = code;
    this.details = details;
  }
}

/** Signed-out or expired: the page should show the sign-in screen. */
export const isSignedOutError = (e: unknown): boolean => e instanceof ClientError && (e.code === 'UNAUTHORIZED' || e.code === 'SESSION_EXPIRED');

export interface Transport {
  readonly mode: 'desktop' | 'web';
  invoke(channel: Channel, req: unknown): Promise<Envelope<unknown>>;
  on<E extends EventName>(event: E, cb: (payload: IpcEvents[E]) => void): () => void;
  /** Web mode: remember the session's CSRF value (from login / auth/session) and (re)open the event stream. */
  setCsrf(token: string | null): void;
}

export interface ChirpClient {
  readonly mode: 'desktop' | 'web';
  call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, cb: (payload: IpcEvents[E]) => void): () => void;
  setCsrf(token: string | null): void;
}

const UNREACHABLE = 'ChirpSyncer is not responding. Check that it is still running, then try again.';

export function bridgeTransport(bridge: ChirpBridge): Transport {
  return {
    mode: 'desktop',
    invoke: (channel, req) => bridge.invoke(channel, req as never) as Promise<Envelope<unknown>>,
    on: (event, cb) => bridge.on(event, cb),
    setCsrf: () => undefined,
  };
}

export interface HttpTransportDeps {
  /** '' in the browser (same origin); a full origin in tests. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Absent in Node tests; then events are simply not delivered. */
  EventSource?: typeof EventSource;
}

export function httpTransport(deps: HttpTransportDeps = {}): Transport {
  const base = deps.baseUrl ?? '';
  const doFetch = deps.fetch ?? ((input, init) => fetch(input, init));
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  let csrf: string | null = null;
  let source: EventSource | null = null;

  const openStream = () => {
    source?.close();
    source = null;
    if (!csrf || !deps.EventSource) return;
    source = new deps.EventSource(`${base}/api/events`);
    for (const name of listeners.keys()) attach(name);
  };
  const attach = (name: EventName) =>
    source?.addEventListener(name, (ev) => {
      const payload: unknown = JSON.parse((ev as MessageEvent<string>).data);
      for (const cb of listeners.get(name) ?? []) cb(payload);
    });

  return {
    mode: 'web',
    async invoke(channel, req) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (csrf) headers['x-chirp-csrf'] = csrf;
      let res: Response;
      try {
        res = await doFetch(`${base}/api/${channel}`, { method: 'POST', headers, body: JSON.stringify(req ?? {}), credentials: 'same-origin' });
      } catch {
        return { ok: false, error: { code: 'NETWORK_DOWN', message: UNREACHABLE } } as Envelope<unknown>;
      }
      const body: unknown = await res.json().catch(() => null);
      if (isEnvelope(body)) return body;
      return { ok: false, error: { code: 'INTERNAL', message: `ChirpSyncer answered in a way this page does not understand (HTTP ${res.status}). Reload the page.` } } as Envelope<unknown>;
    },
    on(event, cb) {
      const set = listeners.get(event) ?? new Set();
      const first = !listeners.has(event);
      listeners.set(event, set);
      set.add(cb as (p: unknown) => void);
      if (first) attach(event);
      return () => void set.delete(cb as (p: unknown) => void);
    },
    setCsrf(token) {
      csrf = token;
      openStream();
    },
  };
}

export function createClient(transport: Transport): ChirpClient {
  return {
    mode: transport.mode,
    async call(channel, req) {
      const env = await transport.invoke(channel, req);
      if (env.ok) return env.value as ResponseOf<typeof channel>;
      throw new ClientError(env.error.code, env.error.message, env.error.details);
    },
    on: (event, cb) => transport.on(event, cb),
    setCsrf: (t) => transport.setCsrf(t),
  };
}

/** Picks the transport for where the page runs: the preload bridge if present, else HTTP. */
export function clientForWindow(w: object): ChirpClient {
  const bridge = (w as { chirp?: ChirpBridge }).chirp;
  return createClient(bridge ? bridgeTransport(bridge) : httpTransport({ EventSource: typeof EventSource === 'undefined' ? undefined : EventSource }));
}

/** A sentence for a person, whatever was thrown. */
export function messageOf(e: unknown): string {
  if (e instanceof ClientError) return e.message;
  return 'Something went wrong in this page. Reload it and try again.';
}
