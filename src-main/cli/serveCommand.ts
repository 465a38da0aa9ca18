import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Command } from './commands';

// Wired to src-main/server once the HTTP transport lands; until then it says so plainly.
export const serveCommand: Command = {
  usage: 'chirpsyncer serve [--port N]',
  summary: 'the app in your browser on 127.0.0.1 (headless machines)',
  options: { port: { type: 'string' }, host: { type: 'string' } },
  async run() {
    throw new AppError(ErrorCode.Internal, 'The browser UI is not part of this build yet.');
  },
};
