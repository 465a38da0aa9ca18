import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { parseEncryptionKey } from '../vault/EnvKeyStore';

/**
 * The seed's environment variables for headless runs (SPEC §11). Parsed once at the entry point;
 * a bad value is reported by name with what to do, and nothing is written before that check.
 */
export interface EnvConfig {
  databasePath: string;
  dataDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Seconds between polls in `sync --watch` (the seed's unit). */
  pollIntervalSec: number | null;
  encryptionKey: string | null;
  x: { username?: string; password?: string; email?: string; twoFactorSecret?: string; cookies?: string } | null;
  bsky: { identifier: string; password: string; service: string } | null;
}

const nonEmpty = (name: string) => z.string().trim().min(1, { message: `${name} is set but empty` });

function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'chirpsyncer');
}

function fail(variable: string, problem: string, hint: string): never {
  throw new AppError(ErrorCode.ConfigInvalid, `${variable} ${problem}. ${hint}`, { variable });
}

function parseUrl(variable: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    fail(variable, `is not a URL ("${value.slice(0, 80)}")`, 'Use a full address such as https://bsky.social.');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') fail(variable, `must use http or https, not ${u.protocol}`, 'Use a full address such as https://bsky.social.');
  return u.toString().replace(/\/$/, '');
}

function parseX(env: NodeJS.ProcessEnv): EnvConfig['x'] {
  const { TWITTER_USERNAME: user, TWITTER_PASSWORD: pass, TWITTER_EMAIL: email, TWITTER_COOKIES: cookies, TWITTER_2FA_SECRET: tfa } = env;
  if (!user && !pass && !cookies) return null;
  if (cookies !== undefined) {
    const c = nonEmpty('TWITTER_COOKIES').safeParse(cookies);
    if (!c.success) fail('TWITTER_COOKIES', 'is empty', 'Paste the auth_token and ct0 cookies, e.g. "auth_token=…; ct0=…".');
    if (!/auth_token/.test(c.data) || !/ct0/.test(c.data)) fail('TWITTER_COOKIES', 'must contain both auth_token and ct0', 'Copy both cookies from a logged-in x.com browser session.');
    return { cookies: c.data };
  }
  if (!user) fail('TWITTER_USERNAME', 'is missing (TWITTER_PASSWORD is set)', 'Set TWITTER_USERNAME, or use TWITTER_COOKIES instead.');
  if (!pass) fail('TWITTER_PASSWORD', `is missing (TWITTER_USERNAME is set)`, 'Set TWITTER_PASSWORD, or use TWITTER_COOKIES instead.');
  if (email !== undefined && !z.string().email().safeParse(email).success) fail('TWITTER_EMAIL', 'is not an e-mail address', 'Set it to the address of the X account, or unset it.');
  return { username: user.replace(/^@/, ''), password: pass, email, twoFactorSecret: tfa || undefined };
}

function parseBsky(env: NodeJS.ProcessEnv): EnvConfig['bsky'] {
  const { BSKY_USERNAME: user, BSKY_PASSWORD: pass, BSKY_SERVICE: service } = env;
  if (!user && !pass) return null;
  if (!user?.trim()) fail('BSKY_USERNAME', 'is missing (BSKY_PASSWORD is set)', 'Set it to your handle (alice.bsky.social) or DID.');
  if (!pass?.trim()) fail('BSKY_PASSWORD', 'is missing (BSKY_USERNAME is set)', 'Create an app password in Bluesky settings and set it here.');
  return { identifier: user.trim(), password: pass.trim(), service: parseUrl('BSKY_SERVICE', service?.trim() || 'https://bsky.social') };
}

export function parseEnv(env: NodeJS.ProcessEnv): EnvConfig {
  const dataDir = env.CHIRPSYNCER_DATA_DIR?.trim() || defaultDataDir(env);
  const databasePath = env.DATABASE_PATH?.trim() || join(dataDir, 'chirpsyncer.db');
  if (env.DATABASE_PATH !== undefined && !env.DATABASE_PATH.trim()) fail('DATABASE_PATH', 'is set but empty', 'Set it to a file path such as ~/chirpsyncer.db, or unset it to use the default.');
  const level = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(level)) fail('LOG_LEVEL', `is "${env.LOG_LEVEL}"`, 'Use one of debug, info, warn, error.');
  let pollIntervalSec: number | null = null;
  if (env.POLL_INTERVAL !== undefined) {
    const n = Number(env.POLL_INTERVAL);
    if (!Number.isInteger(n) || n < 60 || n > 7 * 24 * 3600) fail('POLL_INTERVAL', `is "${env.POLL_INTERVAL}"`, 'Give whole seconds between 60 and 604800, e.g. 900 for 15 minutes, or leave it unset to use the poll interval setting (15 minutes by default).');
    pollIntervalSec = n;
  }
  // Checked here, before anything is opened, so a mistyped key never creates a database.
  if (env.ENCRYPTION_KEY !== undefined && env.ENCRYPTION_KEY.trim() !== '') parseEncryptionKey(env.ENCRYPTION_KEY);
  return {
    databasePath,
    dataDir,
    logLevel: level as EnvConfig['logLevel'],
    pollIntervalSec,
    encryptionKey: env.ENCRYPTION_KEY ?? null,
    x: parseX(env),
    bsky: parseBsky(env),
  };
}
