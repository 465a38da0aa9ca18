/**
 * Server-Sent Events for `/api/events`: the push half of the contract in web mode. SSE rather than
 * WebSocket because events only flow one way and it needs no extra dependency or upgrade handling.
 * Each client is tied to its session: a keep-alive tick re-checks it and closes the stream once the
 * session has ended, so a signed-out browser stops receiving the person's sync progress.
 */
import type { ServerResponse } from 'node:http';
import type { PushEvent } from '../../src-shared/ipc/contract';
import type { Logger } from '../util/logger';

interface Client {
  res: ServerResponse;
  stillValid: () => Promise<boolean>;
}

export class EventStream {
  #clients = new Set<Client>();
  #logger: Logger;
  #timer: NodeJS.Timeout | null = null;
  #keepAliveMs: number;

  constructor(opts: { logger: Logger; keepAliveMs?: number }) {
    this.#logger = opts.logger;
    this.#keepAliveMs = opts.keepAliveMs ?? 25_000;
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Takes over the response; the connection stays open until the client leaves or `closeAll`. */
  add(res: ServerResponse, stillValid: () => Promise<boolean>): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    // The first comment flushes the headers so EventSource fires `open` at once.
    res.write(': connected\n\n');
    const client: Client = { res, stillValid };
    this.#clients.add(client);
    res.on('close', () => this.#clients.delete(client));
    this.#startTimer();
  }

  send(e: PushEvent): void {
    const frame = `event: ${e.name}\ndata: ${JSON.stringify(e.payload)}\n\n`;
    for (const c of this.#clients) c.res.write(frame);
  }

  closeAll(): void {
    for (const c of this.#clients) c.res.end();
    this.#clients.clear();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  #startTimer(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#tick(), this.#keepAliveMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    for (const c of [...this.#clients]) {
      let ok = false;
      try {
        ok = await c.stillValid();
      } catch (e) {
        this.#logger.warn('event stream session check failed; closing the stream', { error: (e as Error).message });
      }
      if (ok) c.res.write(': keep-alive\n\n');
      else {
        c.res.end();
        this.#clients.delete(c);
      }
    }
  }
}
