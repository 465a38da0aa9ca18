/**
 * Serves the built renderer (dist-renderer/) to the browser with a strict CSP. Only files inside
 * `staticDir` are served; paths without an extension fall back to index.html so page reloads work.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** No inline script, no eval, nothing from elsewhere; React sets styles through the CSSOM, which CSP allows. */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export const SECURITY_HEADERS = {
  'content-security-policy': WEB_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
} as const;

function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null;
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, staticDir: string | undefined): Promise<void> {
  const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
  if (!staticDir) return plain(res, 404, 'This server has no web UI configured (staticDir was not given).');
  const wanted = urlPath === '/' || !extname(urlPath) ? '/index.html' : urlPath;
  const file = resolveInside(normalize(staticDir), wanted);
  if (!file) return plain(res, 404, 'Not found.');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    if (wanted === '/index.html') return plain(res, 503, 'The web UI has not been built yet. Build it with "npx vite build", then reload this page.');
    return plain(res, 404, 'Not found.');
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    // Hashed asset names can be cached; index.html must not be, so a rebuilt UI is picked up.
    'cache-control': wanted.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

export function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}
