/**
 * Password / passphrase policy from SPEC §7: at least 8 characters with an upper-case letter, a
 * lower-case letter, a digit and a symbol. Returns every problem at once so the form can list them.
 */
import { AppError, ErrorCode } from '../../src-shared/errors';

export const MIN_PASSWORD_LENGTH = 8;
/** bcrypt ignores bytes past 72; refuse rather than silently ignore part of what the person typed. */
export const MAX_PASSWORD_BYTES = 72;

export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push(`at least ${MIN_PASSWORD_LENGTH} characters`);
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) problems.push(`at most ${MAX_PASSWORD_BYTES} bytes`);
  if (!/\p{Lu}/u.test(password)) problems.push('an upper-case letter');
  if (!/\p{Ll}/u.test(password)) problems.push('a lower-case letter');
  if (!/\p{Nd}/u.test(password)) problems.push('a digit');
  if (!/[^\p{L}\p{Nd}\s]/u.test(password)) problems.push('a symbol (such as ! ? # or -)');
  return problems;
}

/** Throws AppError InvalidInput naming what is missing (never echoing the password). */
export function assertPasswordPolicy(password: string, what = 'password'): void {
  if (typeof password !== 'string') throw new AppError(ErrorCode.InvalidInput, `The ${what} must be text.`, { field: what });
  const problems = passwordProblems(password);
  if (problems.length > 0) {
    throw new AppError(ErrorCode.InvalidInput, `The ${what} needs ${problems.join(', ')}.`, { field: what, problems });
  }
}
