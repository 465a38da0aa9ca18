/**
 * Which failures belong to one unit (skip it, record why, go on) and which are about the run (stop
 * it with the reason): a rejected record or an unreadable image is the post's problem; rate limits,
 * credentials, an open circuit, the network or an unexpected answer are everybody's.
 */
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { RemoteError } from '../../connectors/limits/types';

const UNIT_CODES = new Set<ErrorCode>([ErrorCode.InvalidInput, ErrorCode.RemoteRejected, ErrorCode.Conflict, ErrorCode.NotFound]);
const UNIT_KINDS = new Set<RemoteError['kind']>(['rejected', 'not_found', 'duplicate']);

export function isUnitFailure(e: unknown): boolean {
  if (e instanceof AppError) return UNIT_CODES.has(e.code);
  if (e instanceof RemoteError) return UNIT_KINDS.has(e.kind);
  return false;
}

/** True when the remote refused before writing anything (a 429): the attempt does not count. */
export function isNotWritten(e: unknown): boolean {
  return (e instanceof RemoteError && (e.kind === 'rate_limited' || e.kind === 'auth' || e.kind === 'network')) ||
    (e instanceof AppError && (e.code === ErrorCode.CircuitOpen || e.code === ErrorCode.RateLimited || e.code === ErrorCode.SessionExpired));
}

export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Thrown inside the job to end the run with a status and a reason; never leaves the job. */
export class RunStop extends Error {
  readonly status: 'cancelled' | 'daily_cap' | 'stopped';
  readonly reason: unknown;
  constructor(reason: unknown, status: RunStop['status'] = 'stopped') {
    super(messageOf(reason));
    this.name = 'RunStop';
    this.reason = reason;
    this.status = status;
  }

  static cancelled(): RunStop {
    return new RunStop(new AppError(ErrorCode.Cancelled, 'The migration was paused or cancelled. Posts made so far are kept; run it again to continue where it stopped.'), 'cancelled');
  }

  static dailyCap(cap: number): RunStop {
    return new RunStop(new AppError(ErrorCode.RateLimited, `Stopped for today: ${cap.toLocaleString('en-US')} posts were made on Bluesky in the last 24 hours (the daily cap). Run the migration again tomorrow to continue.`), 'daily_cap');
  }
}
