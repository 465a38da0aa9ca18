/**
 * The confirmation phrase a person types before each destructive action (SPEC §7). One table, used
 * by the main process to check and exported for the UI to display. Each phrase includes the target,
 * and for bulk deletes the count, so a confirmation for "12 posts" can never authorise 12,000.
 *
 * Target formats (canonical strings; the token is bound to exactly this string):
 *  - mass-delete:      "<account>:<count>"       e.g. "@alice:1234"
 *  - migration-delete: "<migrationId>:<count>"   e.g. "7:5210"
 *  - account-remove:   "<account>"               e.g. "@alice.bsky.social"
 *  - vault-reset:      "vault"
 */
import { AppError, ErrorCode } from '../../src-shared/errors';

export const STEP_UP_ACTIONS = ['mass-delete', 'account-remove', 'vault-reset', 'migration-delete'] as const;
export type StepUpAction = (typeof STEP_UP_ACTIONS)[number];

/** "1234" → "1,234", independent of the machine's locale so the phrase is the same everywhere. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function splitCount(target: string, what: string): { subject: string; count: number } {
  const i = target.lastIndexOf(':');
  const subject = target.slice(0, i);
  const count = Number(target.slice(i + 1));
  if (i <= 0 || !/^\d+$/.test(target.slice(i + 1)) || !Number.isSafeInteger(count) || count < 1) {
    throw new AppError(ErrorCode.InvalidInput, `The target must be "<${what}>:<count>" with a count of at least 1; got "${target}".`, { field: 'target' });
  }
  return { subject, count };
}

function plainSubject(target: string, what: string): string {
  if (target.trim() === '' || /[\n\r]/.test(target)) throw new AppError(ErrorCode.InvalidInput, `The target must name the ${what}.`, { field: 'target' });
  return target;
}

export interface StepUpActionInfo {
  /** Button / dialog title. */
  title: string;
  /** The phrase to type for this target. Throws InvalidInput for a malformed target. */
  phrase(target: string): string;
}

export const STEP_UP_PHRASES: Readonly<Record<StepUpAction, StepUpActionInfo>> = Object.freeze({
  'mass-delete': {
    title: 'Delete posts',
    phrase: (t: string) => {
      const { subject, count } = splitCount(t, 'account');
      return `delete ${groupDigits(count)} ${count === 1 ? 'post' : 'posts'} on ${subject}`;
    },
  },
  'migration-delete': {
    title: 'Delete migrated posts',
    phrase: (t: string) => {
      const { subject, count } = splitCount(t, 'migration id');
      return `delete ${groupDigits(count)} migrated ${count === 1 ? 'post' : 'posts'} of migration ${subject}`;
    },
  },
  'account-remove': {
    title: 'Remove account',
    phrase: (t: string) => `remove account ${plainSubject(t, 'account')}`,
  },
  'vault-reset': {
    title: 'Reset the credential vault',
    phrase: (t: string) => {
      if (t !== 'vault') throw new AppError(ErrorCode.InvalidInput, 'The target of a vault reset is "vault".', { field: 'target' });
      return 'erase all stored credentials';
    },
  },
});

export function massDeleteTarget(account: string, count: number): string {
  return `${account}:${count}`;
}

export function migrationDeleteTarget(migrationId: string | number, count: number): string {
  return `${migrationId}:${count}`;
}

export function stepUpPhrase(action: StepUpAction, target: string): string {
  const info = STEP_UP_PHRASES[action];
  if (!info) throw new AppError(ErrorCode.InvalidInput, `Unknown destructive action "${String(action)}".`, { field: 'action' });
  return info.phrase(target);
}

/** Case, surrounding/extra spaces and digit-group commas do not matter; every word does. */
export function normalizePhrase(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ').replace(/(\d),(?=\d{3}\b)/g, '$1').toLowerCase();
}
