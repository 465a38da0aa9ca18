/**
 * Reads the expiry of a session JWT without verifying it: we only need to know whether to refresh
 * before the first request, and the server verifies the token anyway.
 */
export function jwtExpiresAt(jwt: string): number | null {
  const part = jwt.split('.')[1];
  if (!part) return null;
  try {
    const payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    // Not a JWT we can read (some PDSes may use opaque tokens): treat the expiry as unknown.
    return null;
  }
}

/** True when the token is expired or expires within `skewMs` at `now`. Unknown expiry counts as valid. */
export function jwtExpired(jwt: string, now: number, skewMs = 60_000): boolean {
  const exp = jwtExpiresAt(jwt);
  return exp !== null && exp - skewMs <= now;
}
