/**
 * A tiny HTTP proxy in front of the test PDS that can answer some requests itself (429, 500) or
 * forward them and then pretend the answer was lost. Binds 127.0.0.1 on port 0.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultRule = (nsid: string, req: IncomingMessage) =>
  | { kind: 'forward' }
  | { kind: 'respond'; status: number; headers?: Record<string, string>; body: unknown }
  /** Forward to the PDS (so the write happens), then answer 500 as if the response was lost. */
  | { kind: 'forward-then-fail'; status: number };

export interface FaultProxy {
  url: string;
  rule: FaultRule;
  hits: string[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const proxy: FaultProxy = { url: '', rule: () => ({ kind: 'forward' }), hits: [], close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    try {
      const nsid = new URL(req.url ?? '/', 'http://x').pathname.replace('/xrpc/', '');
      proxy.hits.push(nsid);
      const action = proxy.rule(nsid, req);
      if (action.kind === 'respond') {
        res.writeHead(action.status, { 'content-type': 'application/json', ...action.headers });
        res.end(JSON.stringify(action.body));
        return;
      }
      const body = await readBody(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
      const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: body.length ? new Uint8Array(body) : undefined });
      const bytes = Buffer.from(await upstream.arrayBuffer());
      if (action.kind === 'forward-then-fail') {
        res.writeHead(action.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'InternalServerError', message: 'Internal Server Error' }));
        return;
      }
      const out: Record<string, string> = {};
      upstream.headers.forEach((v, k) => {
        if (k !== 'content-encoding' && k !== 'content-length' && k !== 'transfer-encoding') out[k] = v;
      });
      res.writeHead(upstream.status, out);
      res.end(bytes);
    } catch (e) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'ProxyError', message: String(e) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    });
  return proxy;
}
