/**
 * Remote call accounting per service / account / operation and UTC hour (SPEC §2.3, `api_usage`).
 * Written by the central RemoteCaller after every call; read by the dashboard and reports.
 */
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Service } from '../connectors/limits/types';
import type { Clock } from '../util/clock';
import type { Db } from './Database';
import { assertNonEmpty } from './sqlErrors';
import { hourOf } from './types';

interface UsageRow {
  service: Service;
  account: string;
  op: string;
  window_start: number;
  calls: number;
  errors: number;
  last_status: string | null;
  last_reset_at: number | null;
}

export interface ApiUsage {
  service: Service;
  account: string;
  op: string;
  windowStart: number;
  calls: number;
  errors: number;
  lastStatus: string | null;
  lastResetAt: number | null;
}

/** 'ok', an HTTP status, or a RemoteErrorKind ('rate_limited', 'timeout', …). */
export type CallStatus = 'ok' | number | string;

const isError = (s: CallStatus): boolean => (typeof s === 'number' ? s >= 400 : s !== 'ok');

export class ApiUsageRepo {
  #clock: Clock;
  #s;

  constructor(db: Db, clock: Clock) {
    this.#clock = clock;
    const r = db.raw;
    this.#s = {
      record: r.prepare<[Record<string, unknown>]>(
        `INSERT INTO api_usage (service, account, op, window_start, calls, errors, last_status, last_reset_at)
         VALUES (@service, @account, @op, @window, 1, @error, @status, @resetAt)
         ON CONFLICT (service, account, op, window_start) DO UPDATE SET calls = calls + 1, errors = errors + excluded.errors,
           last_status = excluded.last_status, last_reset_at = COALESCE(excluded.last_reset_at, last_reset_at)`,
      ),
      since: r.prepare<[number], UsageRow>('SELECT * FROM api_usage WHERE window_start >= ? ORDER BY window_start, service, account, op'),
    };
  }

  /** Counts one call. `resetAt`: epoch ms the server said its limit resets, when it said. */
  record(service: Service, account: string | null | undefined, op: string, status: CallStatus, now: number = this.#clock.now(), extra: { resetAt?: number } = {}): void {
    if (service !== 'x' && service !== 'bsky') throw new AppError(ErrorCode.InvalidInput, `api usage service must be 'x' or 'bsky'; got ${JSON.stringify(service)}.`);
    assertNonEmpty(op, 'api usage op');
    this.#s.record.run({
      service,
      account: account ?? '',
      op,
      window: hourOf(now),
      error: isError(status) ? 1 : 0,
      status: String(status),
      resetAt: extra.resetAt ?? null,
    });
  }

  /** Hour windows starting at or after `sinceMs` (rounded down to its hour). */
  listSince(sinceMs: number): ApiUsage[] {
    return this.#s.since.all(hourOf(sinceMs)).map((u) => ({
      service: u.service, account: u.account, op: u.op, windowStart: u.window_start, calls: u.calls,
      errors: u.errors, lastStatus: u.last_status, lastResetAt: u.last_reset_at,
    }));
  }
}
