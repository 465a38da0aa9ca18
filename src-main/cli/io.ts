/** What a CLI command may touch of the outside world; injected so tests run commands in-process. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  /** True when stdout is a terminal (progress bars); false in pipes and tests. */
  isTty: boolean;
  /** Replaces the global fetch for every remote call (tests route X and Bluesky to local servers). */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** Exit codes: 0 ok, 1 the work failed, 2 bad usage or configuration (nothing was written). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
