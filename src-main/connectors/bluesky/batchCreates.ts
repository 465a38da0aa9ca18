/**
 * Batch creates for archive migration: com.atproto.repo.applyWrites takes at most 200 writes and
 * rejects the whole batch when one is bad, e.g. a record key that exists (PLATFORM.md). Record CIDs
 * are computed locally so a whole thread — replies need their parent's CID — fits in one batch.
 */
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Logger } from '../../util/logger';
import { buildPostRecord, validateDraft, type UploadedImage } from './buildRecord';
import { cidForRecord } from './dagCbor';
import { BSKY_COLLECTION_POST, type BskyPostDraft, type CreatedRef, type StrongRef } from './types';

export const MAX_WRITES_PER_CALL = 200;

export interface PreparedCreate {
  rkey: string;
  record: Record<string, unknown>;
}

interface Prepared extends PreparedCreate {
  uri: string;
  cid: string;
}

export interface BatchDeps {
  did: string;
  logger: Logger;
  upload(draft: BskyPostDraft): Promise<UploadedImage[]>;
  applyWrites(writes: Record<string, unknown>[]): Promise<{ uri?: string; cid?: string }[]>;
  lookup(p: PreparedCreate): Promise<CreatedRef | null>;
  createOrLookup(p: PreparedCreate): Promise<CreatedRef>;
  maybeWritten(e: unknown): boolean;
}

/** Stands in for a CID still to be computed, so the rest of the draft can be validated up front. */
const PLACEHOLDER_CID = 'bafyrei' + 'a'.repeat(52);

type RefFill = (ref: StrongRef, field: string, rkey: string) => StrongRef;

function fillDraft(d: BskyPostDraft, fill: RefFill): BskyPostDraft {
  return {
    ...d,
    reply: d.reply ? { root: fill(d.reply.root, 'reply.root', d.rkey), parent: fill(d.reply.parent, 'reply.parent', d.rkey) } : undefined,
    quote: d.quote ? fill(d.quote, 'quote', d.rkey) : undefined,
  };
}

/** Checks every draft before anything is written: a bad draft at #180 must not leave #1–179 posted. */
function validateAll(drafts: BskyPostDraft[], did: string): void {
  const seen = new Set<string>();
  for (const d of drafts) {
    const fill: RefFill = (ref, field, rkey) => {
      if (ref.cid) return ref;
      if (!seen.has(ref.uri)) {
        throw new AppError(ErrorCode.InvalidInput, `Bluesky draft ${rkey}: ${field}.cid is empty and ${ref.uri} is not an earlier draft of this batch. Give the CID, or put the parent first.`, { field, rkey });
      }
      return { uri: ref.uri, cid: PLACEHOLDER_CID };
    };
    validateDraft(fillDraft(d, fill));
    const uri = `at://${did}/${BSKY_COLLECTION_POST}/${d.rkey}`;
    if (seen.has(uri)) throw new AppError(ErrorCode.InvalidInput, `Bluesky drafts: record key ${d.rkey} appears twice in one batch.`, { field: 'rkey', rkey: d.rkey });
    seen.add(uri);
  }
}

async function prepareChunk(chunk: BskyPostDraft[], cids: Map<string, string>, deps: BatchDeps): Promise<Prepared[]> {
  const out: Prepared[] = [];
  for (const d of chunk) {
    const filled = fillDraft(d, (ref) => (ref.cid ? ref : { uri: ref.uri, cid: cids.get(ref.uri) as string }));
    const record = buildPostRecord(filled, await deps.upload(filled));
    const uri = `at://${deps.did}/${BSKY_COLLECTION_POST}/${d.rkey}`;
    const cid = cidForRecord(record);
    cids.set(uri, cid);
    out.push({ rkey: d.rkey, record, uri, cid });
  }
  return out;
}

async function oneByOne(prepared: Prepared[], deps: BatchDeps): Promise<CreatedRef[]> {
  const out: CreatedRef[] = [];
  for (const p of prepared) {
    // Look first: in a rejected batch most keys usually exist already, and a failed create costs write points.
    const ref = (await deps.lookup(p)) ?? (await deps.createOrLookup(p));
    if (ref.cid !== p.cid) deps.logger.warn('bluesky record cid differs from the computed one', { uri: ref.uri, computed: p.cid, actual: ref.cid });
    out.push(ref);
  }
  return out;
}

async function writeChunk(prepared: Prepared[], deps: BatchDeps): Promise<CreatedRef[]> {
  const writes = prepared.map((p) => ({ $type: 'com.atproto.repo.applyWrites#create', collection: BSKY_COLLECTION_POST, rkey: p.rkey, value: p.record }));
  let results: { uri?: string; cid?: string }[];
  try {
    results = await deps.applyWrites(writes);
  } catch (e) {
    if (!deps.maybeWritten(e)) throw e;
    deps.logger.warn('bluesky applyWrites batch failed; creating one by one', { count: prepared.length, error: e });
    return oneByOne(prepared, deps);
  }
  if (results.length !== prepared.length) {
    deps.logger.warn('bluesky applyWrites returned an unexpected number of results; checking each record', { sent: prepared.length, got: results.length });
    return oneByOne(prepared, deps);
  }
  return prepared.map((p, i) => {
    const r = results[i] as { uri?: string; cid?: string };
    if (r.cid && r.cid !== p.cid) deps.logger.error('bluesky record cid differs from the computed one', { uri: p.uri, computed: p.cid, actual: r.cid });
    return { uri: r.uri ?? p.uri, cid: r.cid ?? p.cid, created: true };
  });
}

export async function batchCreates(drafts: BskyPostDraft[], deps: BatchDeps): Promise<CreatedRef[]> {
  validateAll(drafts, deps.did);
  const cids = new Map<string, string>();
  const out: CreatedRef[] = [];
  for (let i = 0; i < drafts.length; i += MAX_WRITES_PER_CALL) {
    const prepared = await prepareChunk(drafts.slice(i, i + MAX_WRITES_PER_CALL), cids, deps);
    out.push(...(await writeChunk(prepared, deps)));
  }
  return out;
}
