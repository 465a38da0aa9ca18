/**
 * Shapes of the archive → Bluesky migration job (SPEC §3): what it needs injected, what a run is
 * asked to do, the progress it reports and the final report.
 */
import type { BskyPostDraft, CreatedRef } from '../../connectors/bluesky/types';
import type { SyncStorePort } from '../../sync/ports';
import type { CrashPoint } from '../../sync/publishUnit';
import type { PartDraft } from '../../sync/types';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import type { MigrationPlan, SkippedPost } from '../simulateMigration';

/** Marks intents made by the migration, so the planner can tell its own links from live sync's. */
export const MIGRATION_ORIGIN = 'archive-migration';

/** The intent payload: the draft without image bytes (they are re-read from the archive on retry). */
export type MigrationPayload = PartDraft & { origin: typeof MIGRATION_ORIGIN };

/** What the job needs of the Bluesky connector (BlueskyConnector satisfies it). */
export interface MigrationConnector {
  applyCreates(drafts: BskyPostDraft[]): Promise<CreatedRef[]>;
  getPost(rkey: string): Promise<{ uri: string; cid: string; value: Record<string, unknown> } | null>;
}

export interface MigrationMediaFiles {
  /** A real file path for an archive media ref (ArchiveMediaFiles.materialize). */
  materialize(localPath: string): Promise<string>;
}

export interface MigrationJobDeps {
  store: SyncStorePort;
  connector: MigrationConnector;
  media: MigrationMediaFiles;
  clock: Clock;
  logger: Logger;
  /** Tests only: simulate a crash at a named point (same names as the live publisher). */
  crash?: (p: CrashPoint) => void;
  onProgress?: (p: MigrationProgress) => void;
  /** Records per applyWrites call; default and maximum 200 (PLATFORM.md). */
  batchSize?: number;
  /** Attempts of one record before it is given up (poison); default 5. */
  maxAttempts?: number;
  /**
   * Runs the store writes of one batch in one transaction (store.db.transaction); without it each
   * write is its own. Crash points still fire per record, after the transaction has committed.
   */
  transaction?: <T>(fn: () => T) => T;
}

export interface MigrationRunInput {
  plan: MigrationPlan;
  pairId: number;
  /** The Bluesky account row (the pair's) and its DID / handle, for links and copy rows. */
  bskyAccountId: number;
  bskyDid: string;
  bskyHandle?: string;
  /** Creates per hour, 1–1,666; null = no pacing (local servers and benchmarks only). */
  pace: number | null;
  /** Stop for the day after this many creates in the last 24 h (live sync's count included). */
  dailyCap?: number | null;
  /** X handle (or Bluesky handle) → DID, for mentions of people who are on Bluesky too. */
  mentionDids?: Record<string, string>;
  signal?: AbortSignal;
}

export interface MigrationProgress {
  phase: 'publishing' | 'waiting' | 'finished';
  /** Records on Bluesky so far (earlier runs included) out of all records of the plan. */
  done: number;
  total: number;
  failed: number;
  /** Records made by this run per hour of its running time; null before the first. */
  ratePerHour: number | null;
  etaMs: number | null;
}

export interface FailedUnit {
  sourceId: string;
  /** What went wrong and what to do, for the person. */
  reason: string;
}

export type MigrationStatus = 'completed' | 'completed_with_failures' | 'cancelled' | 'daily_cap' | 'stopped';

export interface MigrationReport {
  status: MigrationStatus;
  /** Why the run stopped early (cancelled, daily cap, rate limited, auth …); null when it finished. */
  stopReason: string | null;
  /** Made (or found made by an interrupted earlier attempt) in this run. */
  migrated: { records: number; units: number };
  /** Units that were complete before this run started (resume). */
  alreadyDone: { units: number; records: number };
  /** Units still to do (a stopped or cancelled run, or units waiting on a failed one). */
  remaining: { units: number; records: number };
  skipped: SkippedPost[];
  failed: FailedUnit[];
  /** Time on the injected clock, sleeps included. */
  durationMs: number;
  sleptMs: number;
  notes: { sourceId: string; message: string }[];
}
