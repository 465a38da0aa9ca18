/**
 * Fault injection per route, used by tests: `sandbox.faults.add({ op: 'CreateTweet', kind: '429', times: 1 })`.
 * Each fault fires for the next `times` matching requests (default 1), then is gone.
 */
export type FaultKind = '429' | '5xx' | 'timeout' | 'errors200' | 'duplicate187' | 'automation226' | 'stale404' | 'dropAfterCommit';

export interface FaultSpec {
  /** Operation name (GraphQL op, or `guest/activate`, `onboarding/task`, `media/upload`, `media/metadata/create`, `verify_credentials`). */
  op: string;
  kind: FaultKind;
  times?: number;
  /** 429: seconds until x-rate-limit-reset (default 900). */
  resetInSec?: number;
  /** 5xx: the status (default 503); errors200: the X error code (default 0). */
  code?: number;
}

interface ActiveFault extends FaultSpec {
  left: number;
}

export const FAULT_KINDS: readonly FaultKind[] = ['429', '5xx', 'timeout', 'errors200', 'duplicate187', 'automation226', 'stale404', 'dropAfterCommit'];

export class Faults {
  readonly #active: ActiveFault[] = [];
  /** Every fault that fired, in order, for assertions. */
  readonly fired: { op: string; kind: FaultKind }[] = [];

  add(spec: FaultSpec): void {
    if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`X sandbox: unknown fault kind "${spec.kind}" (use one of ${FAULT_KINDS.join(', ')}).`);
    if (!spec.op) throw new Error('X sandbox: a fault needs the op it applies to (e.g. "CreateTweet").');
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`X sandbox: fault times must be a positive integer, got ${spec.times}.`);
    this.#active.push({ ...spec, left: times });
  }

  /** The fault to apply to this request, consuming one use. */
  take(op: string): ActiveFault | undefined {
    const f = this.#active.find((a) => a.op === op && a.left > 0);
    if (!f) return undefined;
    f.left--;
    if (f.left === 0) this.#active.splice(this.#active.indexOf(f), 1);
    this.fired.push({ op, kind: f.kind });
    return f;
  }

  clear(): void {
    this.#active.length = 0;
  }

  get pending(): number {
    return this.#active.reduce((n, f) => n + f.left, 0);
  }
}
