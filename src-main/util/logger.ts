/**
 * Structured logger port. Every entry point passes one in; services never import a global.
 * `redact` removes values that look like secrets before anything is written (SPEC §7).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEYS = /pass(word)?|secret|token|cookie|auth|ct0|jwt|key|session/i;

/** Replaces values of secret-looking keys, recursively. Registered secret strings are masked anywhere. */
export function redact(value: unknown, secrets: ReadonlySet<string> = new Set(), depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') {
    let s = value;
    for (const secret of secrets) if (secret.length >= 4 && s.includes(secret)) s = s.split(secret).join('[redacted]');
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message, secrets, depth + 1) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) && typeof v === 'string' ? '[redacted]' : redact(v, secrets, depth + 1);
    return out;
  }
  return value;
}

export interface LogSink {
  write(line: string): void;
}

/** JSON-lines logger. `secrets` is shared and live: the vault adds every secret it hands out. */
export function createLogger(opts: { level?: LogLevel; sink: LogSink; secrets?: Set<string>; base?: LogFields }): Logger {
  const min = LEVELS[opts.level ?? 'info'];
  const secrets = opts.secrets ?? new Set<string>();
  const base = opts.base ?? {};
  const log = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (LEVELS[level] < min) return;
    const entry = redact({ t: new Date().toISOString(), level, msg, ...base, ...fields }, secrets);
    opts.sink.write(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger({ ...opts, secrets, base: { ...base, ...fields } }),
  };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
