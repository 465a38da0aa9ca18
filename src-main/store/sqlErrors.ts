/**
 * Small helpers shared by the repositories: recognising constraint violations (better-sqlite3 throws
 * SqliteError with an extended `code`) and reading JSON columns without trusting them.
 */
import { AppError, ErrorCode } from '../../src-shared/errors';

const codeOf = (e: unknown): string => (e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : '');

export const isUniqueViolation = (e: unknown): boolean =>
  codeOf(e) === 'SQLITE_CONSTRAINT_UNIQUE' || codeOf(e) === 'SQLITE_CONSTRAINT_PRIMARYKEY';

export const isForeignKeyViolation = (e: unknown): boolean => codeOf(e) === 'SQLITE_CONSTRAINT_FOREIGNKEY';

/** Parses a JSON column; a damaged value is an error naming the table, column and row, never a silent default. */
export function parseJsonColumn(value: string, where: { table: string; column: string; id: number | string }): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch (e) {
    throw new AppError(
      ErrorCode.Internal,
      `Stored ${where.table}.${where.column} of row ${where.id} is not valid JSON; the database may be damaged. Restore a backup or re-import this item.`,
      { ...where },
      { cause: e },
    );
  }
}

/** Throws InvalidInput unless `n` is an integer in [min, max]. */
export function assertInt(n: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new AppError(ErrorCode.InvalidInput, `${name} must be an integer between ${min} and ${max}; got ${String(n)}.`, { field: name });
  }
}

export function assertNonEmpty(s: unknown, name: string): asserts s is string {
  if (typeof s !== 'string' || s.trim() === '') {
    throw new AppError(ErrorCode.InvalidInput, `${name} must be a non-empty string; got ${JSON.stringify(s)}.`, { field: name });
  }
}

export const toBool = (v: number): boolean => v === 1;
export const toInt = (b: boolean | undefined | null): 0 | 1 => (b ? 1 : 0);
