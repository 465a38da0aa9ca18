/**
 * One run of the migration job: batches of part records, each behind a recorded intent (SPEC §2.3):
 * intent → mark sent → applyWrites → commit (intent done + link + copy row in one transaction).
 * A rerun skips what is linked, looks up what was sent but not committed (a crash, an unknown
 * outcome) before sending it again, and continues half-done units from their first missing part.
 */
import type { BskyPostDraft, CreatedRef, StrongRef } from '../../connectors/bluesky/types';
import { RemoteError } from '../../connectors/limits/types';
import type { IntentRecord } from '../../sync/ports';
import { bskyKeyFor } from '../../sync/targets/bskyTarget';
import type { MigrationUnit } from '../simulateMigration';
import { isNotWritten, isUnitFailure, messageOf, RunStop } from './classifyError';
import { MigrationTally } from './MigrationTally';
import { Pacer } from './Pacer';
import { copyPostOf, loadImages, partPayload, type LoadedImages } from './partDrafts';
import { RefBook, type Target } from './RefBook';
import type { MigrationJobDeps, MigrationPayload, MigrationReport, MigrationRunInput } from './types';

const DIRECTION = 'x-to-bsky';
const DAY = 86_400_000;

interface Task {
  unit: MigrationUnit;
  index: number;
  rkey: string;
  payload: MigrationPayload;
  intent?: IntentRecord;
  images?: LoadedImages;
  reply?: { root: StrongRef; parent: StrongRef };
  quote?: StrongRef;
}

const wasSent = (i: IntentRecord) => i.status === 'sent' || i.status === 'unknown' || i.status === 'failed';

export class MigrationRun {
  readonly #d: MigrationJobDeps & { batchSize: number; maxAttempts: number };
  readonly #in: MigrationRunInput;
  readonly #book: RefBook;
  readonly #tally: MigrationTally;
  readonly #tasks: Task[] = [];
  readonly #pacer: Pacer | null;
  #createdToday = 0;

  constructor(d: MigrationJobDeps & { batchSize: number; maxAttempts: number }, input: MigrationRunInput) {
    this.#d = d;
    this.#in = input;
    this.#book = new RefBook({ store: d.store, pairId: input.pairId, did: input.bskyDid, connector: d.connector, units: input.plan.units });
    this.#tally = new MigrationTally({ clock: d.clock, plan: input.plan, pace: input.pace, onProgress: d.onProgress });
    const now = d.clock.now();
    const recent = input.pace === null ? 0 : d.store.createdSince(input.pairId, DIRECTION, now - 3_600_000);
    this.#pacer = input.pace === null ? null : new Pacer({ pace: input.pace, clock: d.clock, recentCreates: recent, maxGrant: d.batchSize });
  }

  async execute(): Promise<MigrationReport> {
    this.#collect();
    if (this.#in.dailyCap) this.#createdToday = this.#d.store.createdSince(this.#in.pairId, DIRECTION, this.#d.clock.now() - DAY);
    let stop: RunStop | null = null;
    try {
      await this.#loop();
    } catch (e) {
      if (!(e instanceof RunStop)) throw e;
      stop = e;
      this.#d.logger.warn('archive migration stopped', { status: e.status, reason: e.message });
    }
    const remaining = this.#tasks.filter((t) => !this.#book.linked(t.unit.sourceId).has(t.index) && !this.#tally.hasFailed(t.unit.sourceId));
    return this.#tally.report(stop, remaining.map((t) => t.unit.sourceId), this.#pacer?.sleptMs ?? 0);
  }

  /** Every part not linked yet, in plan order (parents and quoted posts first). */
  #collect(): void {
    for (const unit of this.#in.plan.units) {
      const linked = this.#book.linked(unit.sourceId);
      const missing = unit.parts.map((_, i) => i).filter((i) => !linked.has(i));
      this.#tally.alreadyLinked(unit.parts.length - missing.length, missing.length === 0);
      for (const index of missing) this.#tasks.push({ unit, index, rkey: bskyKeyFor(unit.post, index), payload: partPayload(unit, index, this.#in.mentionDids) });
    }
  }

  async #loop(): Promise<void> {
    let next = 0;
    this.#tally.emit('publishing', true);
    while ((next = this.#skipFailed(next)) < this.#tasks.length) {
      if (this.#in.signal?.aborted) throw RunStop.cancelled();
      let room = Math.min(this.#d.batchSize, this.#tasks.length - next);
      if (this.#in.dailyCap) {
        const left = this.#in.dailyCap - this.#createdToday - this.#tally.sent;
        if (left <= 0) throw RunStop.dailyCap(this.#in.dailyCap);
        room = Math.min(room, left);
      }
      if (this.#pacer) room = await this.#wait(this.#pacer, room);
      const batch: Task[] = [];
      for (; next < this.#tasks.length && batch.length < room; next++) if (!this.#tally.hasFailed(this.#tasks[next]!.unit.sourceId)) batch.push(this.#tasks[next]!);
      const used = await this.#batch(batch);
      this.#pacer?.refund(room - used);
      this.#tally.emit('publishing');
    }
  }

  /** One store transaction for a batch's intents / sent marks / commits (a transaction per record costs more than the PDS write). */
  #tx<T>(fn: () => T): T {
    return this.#d.transaction ? this.#d.transaction(fn) : fn();
  }

  #skipFailed(i: number): number {
    while (i < this.#tasks.length && this.#tally.hasFailed(this.#tasks[i]!.unit.sourceId)) i++;
    return i;
  }

  async #wait(pacer: Pacer, room: number): Promise<number> {
    try {
      return await pacer.grant(room, this.#in.signal, () => this.#tally.emit('waiting', true));
    } catch (e) {
      if (this.#in.signal?.aborted) throw RunStop.cancelled();
      throw e;
    }
  }

  /** Records of one batch: intents, lookups of earlier attempts, images, then the write call(s). */
  async #batch(tasks: Task[]): Promise<number> {
    const open = this.#tx(() => tasks.filter((t) => !this.#tally.hasFailed(t.unit.sourceId) && this.#ensureIntent(t)));
    for (const t of tasks) if (t.intent) this.#d.crash?.('after-intent');
    const toSend: Task[] = [];
    for (const t of open) {
      if (this.#tally.hasFailed(t.unit.sourceId)) continue;
      if (wasSent(t.intent!) && (await this.#adopt(t))) continue;
      if (await this.#prepareImages(t)) toSend.push(t);
    }
    return this.#send(toSend);
  }

  /** False when there is nothing to send for the task (done before, or given up). */
  #ensureIntent(t: Task): boolean {
    const { store, clock } = this.#d;
    const intent = store.ensureIntent({
      pairId: this.#in.pairId, direction: DIRECTION, sourceId: t.unit.sourceId, partIndex: t.index, partCount: t.unit.parts.length,
      targetKey: t.rkey, payload: t.payload, maxAttempts: this.#d.maxAttempts, now: clock.now(),
    });
    t.intent = intent;
    if (intent.status === 'done' && intent.remoteId && intent.remoteCid) {
      this.#book.record(t.unit.sourceId, t.index, { uri: intent.remoteId, cid: intent.remoteCid });
      return false;
    }
    if (intent.status === 'poison') {
      this.#tally.fail(t.unit.sourceId, `Gave up after ${intent.attempts} attempts: ${intent.lastError ?? 'unknown error'}. Fix the cause, then ask to retry this post.`);
      return false;
    }
    return true;
  }

  /** An earlier attempt may have made the record: look before sending it again (HTTP 500 on a used key). */
  async #adopt(t: Task): Promise<boolean> {
    let rec: Awaited<ReturnType<MigrationJobDeps['connector']['getPost']>>;
    try {
      rec = await this.#d.connector.getPost(t.rkey);
    } catch (e) {
      throw new RunStop(e);
    }
    if (!rec) return false;
    if (rec.value.text !== t.payload.text) {
      this.#failTasks([t], `The Bluesky record ${rec.uri} already holds a different post; it was not overwritten.`);
      return true;
    }
    const v = rec.value as { reply?: { root: StrongRef; parent: StrongRef }; embed?: { record?: StrongRef & { record?: StrongRef } } };
    t.reply = v.reply;
    t.quote = v.embed?.record?.record ?? (v.embed?.record?.uri ? v.embed.record : undefined);
    this.#d.logger.info('archive migration: adopted an earlier attempt', { uri: rec.uri, intent: t.intent!.id });
    this.#commit(t, { uri: rec.uri, cid: rec.cid, created: false });
    this.#d.crash?.('after-commit');
    return true;
  }

  async #prepareImages(t: Task): Promise<boolean> {
    if (t.images || t.payload.media.length === 0) return true;
    try {
      t.images = await loadImages(t.payload, this.#d.media);
      return true;
    } catch (e) {
      this.#failTasks([t], messageOf(e));
      return false;
    }
  }

  /** One applyWrites call; a unit's bad record rejects the call, so it is retried unit by unit. */
  async #send(tasks: Task[]): Promise<number> {
    const { sent, drafts } = await this.#drafts(tasks);
    if (sent.length === 0) return 0;
    const now = this.#d.clock.now();
    this.#tx(() => sent.forEach((t) => this.#d.store.markSent(t.intent!.id, now)));
    this.#d.crash?.('before-remote-create');
    this.#tally.sent += sent.length;
    let refs: CreatedRef[];
    try {
      refs = await this.#d.connector.applyCreates(drafts);
    } catch (e) {
      if (!isUnitFailure(e)) {
        this.#markStopped(sent, e);
        throw new RunStop(e);
      }
      const units = [...new Set(sent.map((t) => t.unit))];
      if (units.length === 1) {
        this.#failTasks(sent, messageOf(e));
        return sent.length;
      }
      let n = sent.length;
      for (const u of units) n += await this.#send(sent.filter((t) => t.unit === u));
      return n;
    }
    this.#d.crash?.('after-remote-create');
    this.#tx(() => sent.forEach((t, k) => this.#commit(t, refs[k]!)));
    for (let k = 0; k < sent.length; k++) this.#d.crash?.('after-commit');
    return sent.length;
  }

  async #drafts(tasks: Task[]): Promise<{ sent: Task[]; drafts: BskyPostDraft[] }> {
    const inCall = new Set<string>();
    const sent: Task[] = [];
    const drafts: BskyPostDraft[] = [];
    for (const t of tasks) {
      if (this.#tally.hasFailed(t.unit.sourceId)) {
        this.#defer(t, 'another part of this post failed');
        continue;
      }
      const refs = await this.#refsFor(t, inCall);
      if (typeof refs === 'string') {
        this.#failTasks([t], refs, false);
        continue;
      }
      Object.assign(t, refs);
      const p = t.payload;
      const images = t.images?.images;
      drafts.push({ rkey: t.rkey, text: p.text, facets: p.facets, createdAt: p.createdAt, langs: p.langs, reply: t.reply, quote: t.quote, images: images?.length ? images : undefined });
      inCall.add(t.rkey);
      sent.push(t);
    }
    return { sent, drafts };
  }

  /** Reply and quote refs of a part, or why it cannot be made now. */
  async #refsFor(t: Task, inCall: ReadonlySet<string>): Promise<{ reply?: Task['reply']; quote?: StrongRef } | string> {
    const b = this.#book;
    let rootT: Target | null | undefined;
    try {
      rootT = t.unit.parentSourceId ? await b.rootOf(t.unit) : t.index > 0 ? b.part(t.unit, 0) : undefined;
    } catch (e) {
      throw new RunStop(e);
    }
    const parentT = b.parentOf(t.unit, t.index);
    const quoteT = t.index === 0 ? b.quoteOf(t.unit) : undefined;
    const root = rootT ? b.resolve(rootT, inCall) : undefined;
    const parent = parentT ? b.resolve(parentT, inCall) : undefined;
    const quote = quoteT ? b.resolve(quoteT, inCall) : undefined;
    if (rootT === null || parentT === null || root === null || parent === null) {
      return `Waits for the post it continues (${t.unit.parentSourceId ?? t.unit.sourceId}), which is not on Bluesky yet; run the migration again once that one is migrated.`;
    }
    if (quoteT === null || quote === null) return `Waits for the quoted post (${t.unit.quote?.kind === 'native' ? t.unit.quote.sourceId : ''}), which is not on Bluesky yet; run the migration again once that one is migrated.`;
    return { reply: root && parent ? { root, parent } : undefined, quote: quote ?? undefined };
  }

  #commit(t: Task, ref: CreatedRef): void {
    const { store, clock } = this.#d;
    const role = t.index > 0 ? 'part' : t.unit.parentSourceId ? 'continuation' : 'root';
    const ctx = { did: this.#in.bskyDid, handle: this.#in.bskyHandle ?? '', reply: t.reply, quote: t.quote, images: t.images?.images ?? [] };
    store.commitPublished({
      intentId: t.intent!.id, pairId: this.#in.pairId, direction: DIRECTION, source: t.unit.post, partIndex: t.index, role,
      targetAccountId: this.#in.bskyAccountId, copy: copyPostOf(t.payload, ref, ctx), ref: { id: ref.uri, cid: ref.cid }, now: clock.now(),
    });
    this.#book.record(t.unit.sourceId, t.index, { uri: ref.uri, cid: ref.cid });
    for (const message of t.images?.notes ?? []) this.#tally.note(t.unit.sourceId, message);
    this.#tally.committed(t.index === t.unit.parts.length - 1);
  }

  /** The unit's own problem: counted as an attempt (poison after maxAttempts) unless it waits on another. */
  #failTasks(tasks: Task[], reason: string, countAttempt = true): void {
    const now = this.#d.clock.now();
    for (const t of tasks) {
      if (t.intent) this.#d.store.markRetry(t.intent.id, reason, now, countAttempt, now);
      this.#tally.fail(t.unit.sourceId, reason);
    }
  }

  #defer(t: Task, reason: string): void {
    const now = this.#d.clock.now();
    if (t.intent) this.#d.store.markRetry(t.intent.id, reason, now, false, now);
  }

  /** A run-stopping error: nothing is marked done; a maybe-written record is marked unknown for the lookup. */
  #markStopped(tasks: Task[], e: unknown): void {
    const now = this.#d.clock.now();
    const resetAt = e instanceof RemoteError && e.resetAt ? e.resetAt : now;
    for (const t of tasks) {
      if (isNotWritten(e)) this.#d.store.markRetry(t.intent!.id, messageOf(e), resetAt, false, now);
      else this.#d.store.markUnknown(t.intent!.id, messageOf(e), now);
    }
  }
}
