/**
 * The account secrets the sync core keeps in the vault (SPEC §2.1), one zod schema per kind, and the
 * mapping from the headless env variables (TWITTER_*, BSKY_*) to the same shapes, so env-configured
 * runs and vault-stored accounts reach the connectors identically.
 */
import { z } from 'zod';
import { AppError, ErrorCode } from '../../src-shared/errors';

const text = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, `${what} is empty`);

export const CREDENTIAL_SCHEMAS = {
  /** Cookies captured by "Sign in with X" or pasted (headless). No password is kept. */
  'x.cookies': z.object({ authToken: text('auth_token'), ct0: text('ct0'), username: z.string().trim().optional() }),
  /** Username/password(/email/2FA secret) login through agent-twitter-client. */
  'x.password': z.object({
    username: text('username').transform((u) => u.replace(/^@/, '')),
    password: text('password'),
    email: z.email().optional(),
    twoFactorSecret: z.string().trim().min(1).optional(),
  }),
  'bsky.app-password': z.object({
    identifier: text('handle or DID').transform((h) => h.replace(/^@/, '').toLowerCase()),
    appPassword: text('app password'),
    service: z.url({ protocol: /^https?$/ }).default('https://bsky.social'),
  }),
  /** The persisted Bluesky session (refreshed, never re-created per job: createSession is rate limited). */
  'bsky.session': z.object({ did: text('did'), handle: text('handle'), accessJwt: text('accessJwt'), refreshJwt: text('refreshJwt'), service: text('service') }),
} as const;

export type CredentialKind = keyof typeof CREDENTIAL_SCHEMAS;
export type CredentialOf<K extends CredentialKind> = z.output<(typeof CREDENTIAL_SCHEMAS)[K]>;
export const CREDENTIAL_KINDS = Object.keys(CREDENTIAL_SCHEMAS) as CredentialKind[];

export function isCredentialKind(kind: string): kind is CredentialKind {
  return Object.hasOwn(CREDENTIAL_SCHEMAS, kind);
}

/** Validates a secret for `kind`; the error names the field, never the value. */
export function parseCredential<K extends CredentialKind>(kind: K, value: unknown): CredentialOf<K> {
  const r = CREDENTIAL_SCHEMAS[kind].safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue?.path.join('.') || 'credential';
    // zod 4 messages name the expectation, not the input, so no secret can leak through them.
    throw new AppError(ErrorCode.InvalidInput, `The ${kind} credential is not valid: ${field}: ${issue?.message ?? 'bad value'}.`, { field, kind });
  }
  return r.data as CredentialOf<K>;
}

/** "auth_token=…; ct0=…" (as pasted from a browser) → {authToken, ct0}. */
export function parseCookieHeader(header: string): CredentialOf<'x.cookies'> {
  const jar = new Map<string, string>();
  for (const part of header.split(/;\s*/)) {
    const i = part.indexOf('=');
    if (i > 0) jar.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return parseCredential('x.cookies', { authToken: jar.get('auth_token'), ct0: jar.get('ct0') });
}

/** The parts of src-main/config/env.ts's EnvConfig this module reads (kept structural on purpose). */
export interface EnvAccounts {
  x: { username?: string; password?: string; email?: string; twoFactorSecret?: string; cookies?: string } | null;
  bsky: { identifier: string; password: string; service: string } | null;
}

export type EnvCredential =
  | { platform: 'x'; kind: 'x.cookies'; secret: CredentialOf<'x.cookies'> }
  | { platform: 'x'; kind: 'x.password'; secret: CredentialOf<'x.password'> }
  | { platform: 'bsky'; kind: 'bsky.app-password'; secret: CredentialOf<'bsky.app-password'> };

/** Env variables still work for headless runs: they become the same credential shapes as the vault's. */
export function credentialsFromEnv(cfg: EnvAccounts): EnvCredential[] {
  const out: EnvCredential[] = [];
  if (cfg.x?.cookies) out.push({ platform: 'x', kind: 'x.cookies', secret: parseCookieHeader(cfg.x.cookies) });
  else if (cfg.x?.username && cfg.x.password) {
    out.push({ platform: 'x', kind: 'x.password', secret: parseCredential('x.password', { username: cfg.x.username, password: cfg.x.password, email: cfg.x.email, twoFactorSecret: cfg.x.twoFactorSecret }) });
  }
  if (cfg.bsky) {
    out.push({ platform: 'bsky', kind: 'bsky.app-password', secret: parseCredential('bsky.app-password', { identifier: cfg.bsky.identifier, appPassword: cfg.bsky.password, service: cfg.bsky.service }) });
  }
  return out;
}
