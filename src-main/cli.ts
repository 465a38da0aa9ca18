import { parseArgs } from 'node:util';
import { AppError, ErrorCode } from '../src-shared/errors';
import { EXIT, type CliIo } from './cli/io';
import { COMMANDS, usage } from './cli/commands';
import { createRequire } from 'node:module';

const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/**
 * `chirpsyncer` entry point: parse → validate → run one command against the composed core.
 * Errors become one plain sentence on stderr and an exit code; stacks stay in the log.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(`chirpsyncer ${VERSION}`);
    return EXIT.ok;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.err(`Unknown command "${name}".\n\n${usage()}`);
    return EXIT.usage;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: cmd.options, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(`${(e as Error).message.replace(/\. To specify.*$/, '')}.\nUsage: ${cmd.usage}`);
    return EXIT.usage;
  }
  try {
    return await cmd.run({ values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals }, io);
  } catch (e) {
    return reportError(e, io);
  }
}

export function reportError(e: unknown, io: CliIo): number {
  if (e instanceof AppError) {
    io.err(`Error: ${e.message}`);
    return e.code === ErrorCode.ConfigInvalid || e.code === ErrorCode.InvalidInput ? EXIT.usage : EXIT.failed;
  }
  if (e instanceof Error && e.name === 'RemoteError') {
    io.err(`Error: ${e.message}`);
    return EXIT.failed;
  }
  io.err(`Unexpected error: ${e instanceof Error ? e.message : String(e)}. The log file has the details.`);
  return EXIT.failed;
}

export async function main(argv: string[]): Promise<number> {
  const ac = new AbortController();
  const stop = () => ac.abort(new AppError(ErrorCode.Cancelled, 'Interrupted.'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return runCli(argv, {
    env: process.env,
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    isTty: !!process.stdout.isTTY,
    signal: ac.signal,
  });
}
