/**
 * The renderer is loaded from `app://chirpsyncer/…`, not `file://`: a custom standard scheme gives the
 * page a real origin (needed for module scripts and for the IPC sender check) and lets us attach the
 * CSP header to every file, which file:// cannot carry (Electron security checklist §18).
 */
import { net, protocol } from 'electron';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const APP_SCHEME = 'app';
export const APP_HOST = 'chirpsyncer';

/** The desktop page needs nothing from the network: the connectors run in main, not in the page. */
export const DESKTOP_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** Must run before `app.ready`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves files of `rootDir` (dist-renderer) under app://chirpsyncer/; anything outside it is 404. */
export function serveAppProtocol(rootDir: string): void {
  const root = normalize(rootDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const wanted = url.pathname === '/' || !extname(url.pathname) ? '/index.html' : decodeURIComponent(url.pathname);
    const file = normalize(join(root, wanted));
    if (!file.startsWith(root + sep)) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', DESKTOP_CSP);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}
