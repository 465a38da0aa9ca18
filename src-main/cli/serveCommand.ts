import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { EventHub, fromSyncEvent } from '../ipc/EventHub';
import { startServer } from '../server/startServer';
import { assertPasswordPolicy } from '../vault/passwordPolicy';
import { createAppServices } from '../services/createAppServices';
import { compose } from '../compose';
import { EXIT, type CliIo } from './io';
import type { Command } from './commands';
import { configOf, coreOverridesOf } from './withCore';

const STATIC_DIR = fileURLToPath(new URL('../../dist-renderer/', import.meta.url));

function portOf(v: unknown): number {
  if (v === undefined) return 8787;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new AppError(ErrorCode.InvalidInput, `--port must be a port number (0–65535), not "${String(v)}".`, { field: 'port' });
  return n;
}

function precheckFirstAdmin(io: CliIo): void {
  const username = io.env.CHIRPSYNCER_ADMIN_USER?.trim();
  const password = io.env.CHIRPSYNCER_ADMIN_PASSWORD;
  if (!username || !password) throw noAdminError();
  assertPasswordPolicy(password);
}

function noAdminError(): AppError {
  return new AppError(
    ErrorCode.ConfigInvalid,
    'The web UI needs a login and no user exists yet. Start it once with CHIRPSYNCER_ADMIN_USER and CHIRPSYNCER_ADMIN_PASSWORD set (at least 8 characters with upper and lower case, a digit and a symbol); later starts do not need them.',
    { variable: 'CHIRPSYNCER_ADMIN_USER' },
  );
}

/** The first run of `serve` creates the admin from two env variables (never from argv, which `ps` shows). */
async function ensureAdmin(core: import('../compose').Core, io: CliIo): Promise<void> {
  const username = io.env.CHIRPSYNCER_ADMIN_USER?.trim();
  const password = io.env.CHIRPSYNCER_ADMIN_PASSWORD;
  if (core.security.auth.hasUsers()) {
    if (username || password) io.err('Note: CHIRPSYNCER_ADMIN_USER/PASSWORD are only used to create the first login; a user exists already, so they were ignored.');
    return;
  }
  if (!username || !password) throw noAdminError();
  await core.security.auth.createUser({ username, password, isAdmin: true }, { userId: null, actor: 'cli' });
  io.out(`Created the admin user "${username}".`);
}

export const serveCommand: Command = {
  usage: 'chirpsyncer serve [--port N] [--host 127.0.0.1] [--allow-remote]',
  summary: 'the app in your browser on 127.0.0.1 with a login (for machines without a display or Electron)',
  options: { port: { type: 'string' }, host: { type: 'string' }, 'allow-remote': { type: 'boolean' } },
  async run({ values }, io) {
    const port = portOf(values.port);
    const config = configOf(io);
    if (!existsSync(config.databasePath)) precheckFirstAdmin(io); // refuse before anything is created
    let hub: EventHub | null = null;
    const core = await compose({ env: io.env, config, fetch: io.fetch, ...coreOverridesOf(io), emit: (e) => hub?.emit(fromSyncEvent(e)) });
    hub = new EventHub(core.logger);
    const services = createAppServices(core, hub, { actor: 'web' });
    try {
      await ensureAdmin(core, io);
      if (!existsSync(`${STATIC_DIR}index.html`)) io.err('The web UI is not built yet: run `npm run serve` (it builds it) or `npx vite build` first. The API works meanwhile.');
      const server = await startServer({ services, logger: core.logger, host: (values.host as string | undefined) ?? '127.0.0.1', port, staticDir: STATIC_DIR, allowRemote: values['allow-remote'] === true });
      for (const w of server.warnings) io.err(w);
      services.autoSync.start();
      io.out(`ChirpSyncer is running at ${server.url}  (Ctrl+C to stop)`);
      await new Promise<void>((resolve) => {
        if (io.signal?.aborted) return resolve();
        io.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      await server.close();
      io.out('Stopped.');
      return EXIT.ok;
    } finally {
      services.dispose();
      core.close();
    }
  },
};
