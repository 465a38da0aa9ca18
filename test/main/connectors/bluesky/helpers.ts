/** Test wiring for the Bluesky connector: a memory session store, a counting fetch, a connector factory. */
import { BlueskyConnector } from '../../../../src-main/connectors/bluesky/BlueskyConnector';
import type { BskySessionState, BskySessionStore } from '../../../../src-main/connectors/bluesky/types';
import type { RemoteCaller } from '../../../../src-main/connectors/limits/types';
import { systemClock, type Clock } from '../../../../src-main/util/clock';
import { silentLogger } from '../../../../src-main/util/logger';
import { passThroughCallerBsky, type PassThroughCaller } from '../../../support/passThroughCallerBsky';

export class MemorySessionStore implements BskySessionStore {
  value: BskySessionState | null = null;
  saves: (BskySessionState | null)[] = [];
  async load() {
    return this.value ? { ...this.value } : null;
  }
  async save(s: BskySessionState | null) {
    this.saves.push(s ? { ...s } : null);
    this.value = s ? { ...s } : null;
  }
}

/** A fetch that counts requests per XRPC method before handing them to `base`. */
export function countingFetch(base: typeof fetch = fetch): { fetch: typeof fetch; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const f: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const nsid = new URL(url).pathname.replace('/xrpc/', '');
    counts.set(nsid, (counts.get(nsid) ?? 0) + 1);
    return base(input, init);
  };
  return { fetch: f, counts };
}

export interface Wired {
  connector: BlueskyConnector;
  store: MemorySessionStore;
  caller: PassThroughCaller;
  counts: Map<string, number>;
}

export function wire(service: string, opts: { store?: MemorySessionStore; caller?: RemoteCaller; clock?: Clock; fetch?: typeof fetch } = {}): Wired {
  const store = opts.store ?? new MemorySessionStore();
  const caller = (opts.caller ?? passThroughCallerBsky()) as PassThroughCaller;
  const counting = countingFetch(opts.fetch);
  const connector = new BlueskyConnector({ service, caller, logger: silentLogger, clock: opts.clock ?? systemClock, fetch: counting.fetch, sessionStore: store });
  return { connector, store, caller, counts: counting.counts };
}
