import { AppError, ErrorCode } from '../../src-shared/errors';
import { EventHub } from '../ipc/EventHub';
import { createAppServices } from '../services/createAppServices';
import { EXIT } from './io';
import type { Command } from './commands';
import { configOf, withCore } from './withCore';

/** A value as typed: JSON when it parses (true, 30, {"bob":"did:plc:…"}), else the plain string. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export const settingsCommand: Command = {
  usage: 'chirpsyncer settings list | set <key> <value>',
  summary: 'show or change the sync settings (directions, replies, cross-delete, caps, …)',
  options: {},
  async run({ positionals }, io) {
    const [sub, key, value, ...extra] = positionals;
    if (sub !== 'list' && sub !== 'set') throw new AppError(ErrorCode.InvalidInput, 'Use `chirpsyncer settings list` or `chirpsyncer settings set <key> <value>`.', { field: 'subcommand' });
    if (sub === 'set' && (key === undefined || value === undefined || extra.length)) throw new AppError(ErrorCode.InvalidInput, 'Give one key and one value, e.g. `chirpsyncer settings set crossDelete true`.', { field: 'value' });
    return withCore(io, configOf(io), async (core) => {
      const services = createAppServices(core, new EventHub(core.logger), { actor: 'cli' });
      const all = sub === 'set' ? await services.setSetting({ key: key!, value: parseValue(value!) }) : await services.getSettings();
      for (const [k, v] of Object.entries(all)) io.out(`${k} = ${JSON.stringify(v)}`);
      return EXIT.ok;
    });
  },
};
