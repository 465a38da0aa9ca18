/**
 * Thread structure from reply ids. Archives have no conversation id, so the first pass records
 * who replies to whom (a few bytes per post, not the posts themselves) and the second pass asks for
 * each post's thread root while normalising it.
 */

interface Edge {
  /** Parent post id, or null for a post that replies to nothing. */
  parent: string | null;
  /** True when the parent is one of the owner's own posts (a self-thread link). */
  parentIsOwn: boolean;
}

/** Long enough for any real thread; stops a malformed reply cycle from looping forever. */
const MAX_THREAD_DEPTH = 100_000;

export class ThreadIndex {
  #edges = new Map<string, Edge>();

  add(id: string, parent: string | null, parentIsOwn: boolean): void {
    this.#edges.set(id, { parent, parentIsOwn });
  }

  has(id: string): boolean {
    return this.#edges.has(id);
  }

  get size(): number {
    return this.#edges.size;
  }

  /**
   * The id of the original post that starts this post's self-thread (itself for a top-level post),
   * or null when the chain leaves the archive: a reply to someone else, or a parent missing from it.
   */
  rootOf(id: string): string | null {
    let cur = id;
    for (let i = 0; i < MAX_THREAD_DEPTH; i++) {
      const e = this.#edges.get(cur);
      if (!e) return null;
      if (e.parent === null) return cur;
      if (!e.parentIsOwn) return null;
      cur = e.parent;
    }
    return null;
  }
}
