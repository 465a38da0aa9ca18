import type { CrashPoint } from '../../src-main/sync/publishUnit';

export const CRASH_POINTS: readonly CrashPoint[] = ['after-intent', 'before-remote-create', 'after-remote-create', 'after-commit'];

/** A crash hook that throws the k-th time `point` is reached, like a process dying right there. */
export function crashAt(point: CrashPoint, k: number): { hook: (p: CrashPoint) => void; fired: () => boolean } {
  let seen = 0;
  let fired = false;
  return {
    hook: (p) => {
      if (p === point && ++seen === k) {
        fired = true;
        throw new Error(`simulated crash at ${p} #${k}`);
      }
    },
    fired: () => fired,
  };
}
