/**
 * Errors cross the process boundary as data (STYLE.md §8): Electron keeps only the message of a
 * thrown error, and HTTP has no exceptions at all, so every response is one of these two shapes.
 */
import { ErrorCode, type AppErrorPayload, type Result } from '../errors';

export type Envelope<T> = Result<T>;

export const okEnvelope = <T>(value: T): Envelope<T> => ({ ok: true, value });

export const errorEnvelope = (error: AppErrorPayload): Envelope<never> => ({ ok: false, error });

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/**
 * Checks that something received from the other side is an envelope, so the renderer never reads
 * `value` off a proxy's HTML error page or a half-written response.
 */
export function isEnvelope(x: unknown): x is Envelope<unknown> {
  if (!x || typeof x !== 'object') return false;
  const o = x as Record<string, unknown>;
  if (o.ok === true) return 'value' in o;
  if (o.ok !== false || !o.error || typeof o.error !== 'object') return false;
  const e = o.error as Record<string, unknown>;
  return typeof e.code === 'string' && CODES.has(e.code) && typeof e.message === 'string';
}
