/**
 * Where each migrated record points: its thread root, its parent and its quoted post. A target is
 * either a record already on Bluesky (from the link table: earlier batches, earlier runs, live
 * sync) or a part of this plan that is still to be made. A part still to be made can only be
 * referenced by a draft of the same applyWrites call that comes after it (the connector fills the
 * CID it computes); anything else means the dependency was not migrated and the unit must wait.
 */
import { postUri } from '../../connectors/bluesky/BlueskyConnector';
import type { StrongRef } from '../../connectors/bluesky/types';
import type { SyncStorePort } from '../../sync/ports';
import { bskyKeyFor } from '../../sync/targets/bskyTarget';
import type { MigrationUnit } from '../simulateMigration';
import type { MigrationConnector } from './types';

export type Target = { kind: 'part'; sourceId: string; index: number; rkey: string } | { kind: 'fixed'; ref: StrongRef };

const DIRECTION = 'x-to-bsky';

export class RefBook {
  readonly #store: SyncStorePort;
  readonly #pairId: number;
  readonly #did: string;
  readonly #connector: MigrationConnector;
  readonly #units: ReadonlyMap<string, MigrationUnit>;
  readonly #refs = new Map<string, Map<number, StrongRef>>();
  readonly #roots = new Map<string, Promise<Target | null>>();

  constructor(o: { store: SyncStorePort; pairId: number; did: string; connector: MigrationConnector; units: readonly MigrationUnit[] }) {
    this.#store = o.store;
    this.#pairId = o.pairId;
    this.#did = o.did;
    this.#connector = o.connector;
    this.#units = new Map(o.units.map((u) => [u.sourceId, u]));
  }

  /** Committed copies of a source post by part index (loaded from the links once). */
  linked(sourceId: string): Map<number, StrongRef> {
    let m = this.#refs.get(sourceId);
    if (!m) {
      m = new Map();
      for (const l of this.#store.linksFor(this.#pairId, DIRECTION, sourceId)) if (l.copyCid) m.set(l.partIndex, { uri: l.copyId, cid: l.copyCid });
      this.#refs.set(sourceId, m);
    }
    return m;
  }

  record(sourceId: string, index: number, ref: StrongRef): void {
    this.linked(sourceId).set(index, ref);
  }

  uriOf(rkey: string): string {
    return postUri(this.#did, rkey);
  }

  part(unit: MigrationUnit, index: number): Target {
    return { kind: 'part', sourceId: unit.sourceId, index, rkey: bskyKeyFor(unit.post, index) };
  }

  /** The record a part replies to: the previous part, or the last part of the post it continues. */
  parentOf(unit: MigrationUnit, index: number): Target | null | undefined {
    if (index > 0) return this.part(unit, index - 1);
    if (!unit.parentSourceId) return undefined;
    return this.#lastOf(unit.parentSourceId);
  }

  quoteOf(unit: MigrationUnit): Target | null | undefined {
    if (unit.quote?.kind !== 'native') return undefined;
    const q = this.#units.get(unit.quote.sourceId);
    if (q) return this.part(q, 0);
    const first = this.linked(unit.quote.sourceId).get(0);
    return first ? { kind: 'fixed', ref: first } : null;
  }

  /** The first record of the unit's thread on Bluesky; undefined for a unit that starts one. */
  async rootOf(unit: MigrationUnit): Promise<Target | null | undefined> {
    if (!unit.parentSourceId) return undefined;
    let p = this.#roots.get(unit.sourceId);
    if (!p) {
      p = this.#findRoot(unit.parentSourceId);
      this.#roots.set(unit.sourceId, p);
    }
    return p;
  }

  async #findRoot(parentId: string): Promise<Target | null> {
    const parent = this.#units.get(parentId);
    if (parent) return (await this.rootOf(parent)) ?? this.part(parent, 0);
    // The parent was copied by live sync: its record knows the root of its thread.
    const first = this.linked(parentId).get(0);
    if (!first) return null;
    const rec = await this.#connector.getPost(first.uri.slice(first.uri.lastIndexOf('/') + 1));
    const root = (rec?.value.reply as { root?: StrongRef } | undefined)?.root;
    return { kind: 'fixed', ref: root?.uri && root.cid ? { uri: root.uri, cid: root.cid } : first };
  }

  #lastOf(sourceId: string): Target | null {
    const u = this.#units.get(sourceId);
    if (u) return this.part(u, u.parts.length - 1);
    const links = this.linked(sourceId);
    const last = Math.max(-1, ...links.keys());
    return last >= 0 ? { kind: 'fixed', ref: links.get(last)! } : null;
  }

  /** A strong ref for a draft of the current call, or null when the target is not available yet. */
  resolve(t: Target, inCall: ReadonlySet<string>): StrongRef | null {
    if (t.kind === 'fixed') return t.ref;
    const known = this.linked(t.sourceId).get(t.index);
    if (known) return known;
    return inCall.has(t.rkey) ? { uri: this.uriOf(t.rkey), cid: '' } : null;
  }
}
