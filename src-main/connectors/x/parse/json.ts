/**
 * Tiny typed readers over untrusted JSON. X's GraphQL payloads are huge, loosely typed and change
 * without notice, so the parser reads them field by field through these instead of casting: a
 * missing or mistyped field becomes `undefined` here and an explicit `api_changed` decision in the
 * caller, never a TypeError deep inside a loop.
 */
import { RemoteError } from '../../limits/types';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Non-empty string or undefined (X uses "" and null interchangeably for "absent"). */
export function nstr(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Numbers, and the decimal strings X uses for some counters (`views.count`). */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** Follows a dotted path of object keys; undefined as soon as one step is not an object. */
export function at(v: unknown, path: string): unknown {
  let cur: unknown = v;
  for (const key of path.split('.')) {
    if (!isObj(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** The one way this parser reports "X answered with a shape we do not understand". */
export function apiChanged(op: string, what: string): RemoteError {
  return new RemoteError(
    'api_changed',
    'x',
    `X ${op}: the response has no ${what}. X may have changed its web API; update the parser (src-main/connectors/x/parse) against a fresh capture.`,
    { status: 200 },
  );
}

const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};
const X_DATE = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/**
 * X's `created_at` ("Wed Oct 10 20:19:24 +0000 2018") → epoch ms. Parsed by hand because
 * `Date.parse` of this non-ISO form is implementation-defined.
 */
export function parseXDate(s: string): number | undefined {
  const m = X_DATE.exec(s);
  if (!m) return undefined;
  const [, mon, day, hh, mm, ss, sign, oh, om, year] = m;
  const month = MONTHS[mon ?? ''];
  if (month === undefined) return undefined;
  const utc = Date.UTC(Number(year), month, Number(day), Number(hh), Number(mm), Number(ss));
  const offsetMs = (Number(oh) * 60 + Number(om)) * 60_000 * (sign === '-' ? -1 : 1);
  return utc - offsetMs;
}
