/** The loading, empty and error states every page uses, written for a person (STYLE.md §19). */
import type { ReactNode } from 'react';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorBox({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children && <p>{children}</p>}
    </div>
  );
}

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const formatTime = (ms: number | null | undefined): string => (ms ? dateFmt.format(new Date(ms)) : '—');

export const DIRECTION_LABEL = { 'x-to-bsky': 'X → Bluesky', 'bsky-to-x': 'Bluesky → X' } as const;
export const PLATFORM_LABEL = { x: 'X', bsky: 'Bluesky' } as const;
