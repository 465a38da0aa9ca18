/** A Logger that keeps every entry (after the real redaction) so tests can read what was logged. */
import { createLogger, type Logger } from '../../src-main/util/logger';

export interface CapturedLog {
  logger: Logger;
  lines: string[];
  entries(): Array<Record<string, unknown>>;
}

export function captureLogger(secrets?: Set<string>): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: { write: (l) => lines.push(l) }, secrets });
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
