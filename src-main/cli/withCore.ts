import { existsSync } from 'node:fs';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { compose, type ComposeOptions, type Core } from '../compose';
import { parseEnv, type EnvConfig } from '../config/env';
import type { CliIo } from './io';

/** Extra compose options a test harness may pass (never set by the real CLI). */
export type CoreOverrides = Partial<Omit<ComposeOptions, 'env' | 'fetch'>>;
const overridesKey = Symbol.for('chirpsyncer.cli.coreOverrides');

export function coreOverridesOf(io: CliIo): CoreOverrides {
  return ((io as unknown as Record<symbol, CoreOverrides>)[overridesKey] ?? {}) as CoreOverrides;
}

export function withOverrides(io: CliIo, o: CoreOverrides): CliIo {
  return Object.assign({}, io, { [overridesKey]: o });
}

/** Parse the environment first so a bad variable is reported before anything is created on disk. */
export function configOf(io: CliIo): EnvConfig {
  return parseEnv(io.env);
}

/**
 * Commands that need accounts refuse early (exit 2, nothing written) when neither the environment
 * nor an existing database can provide them.
 */
export function requireAccounts(config: EnvConfig): void {
  if (existsSync(config.databasePath)) return;
  if (!config.x) throw new AppError(ErrorCode.ConfigInvalid, 'No X account is configured: set TWITTER_COOKIES, or TWITTER_USERNAME and TWITTER_PASSWORD.', { variable: 'TWITTER_USERNAME' });
  if (!config.bsky) throw new AppError(ErrorCode.ConfigInvalid, 'No Bluesky account is configured: set BSKY_USERNAME and BSKY_PASSWORD (an app password).', { variable: 'BSKY_USERNAME' });
}

export async function withCore<T>(io: CliIo, config: EnvConfig, fn: (core: Core) => Promise<T>): Promise<T> {
  const core = await compose({ env: io.env, config, fetch: io.fetch, ...coreOverridesOf(io) });
  try {
    return await fn(core);
  } finally {
    core.close();
  }
}
