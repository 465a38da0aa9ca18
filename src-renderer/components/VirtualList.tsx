/**
 * A fixed-row-height virtualised list: only the rows in view (plus a margin) are in the DOM, so the
 * post index can hold tens of thousands of rows without slowing the page (STYLE.md §19).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  /** Height of the scroll area in px. */
  height: number;
  rowKey(item: T): string | number;
  renderRow(item: T, index: number): ReactNode;
  /** Called when the last rows come into view, to fetch the next page. */
  onNearEnd?(): void;
  label: string;
}

const OVERSCAN = 8;

export function VirtualList<T>({ items, rowHeight, height, rowKey, renderRow, onNearEnd, label }: VirtualListProps<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);

  useEffect(() => {
    if (onNearEnd && last >= items.length - OVERSCAN) onNearEnd();
  }, [last, items.length, onNearEnd]);

  return (
    <div ref={ref} className="vlist" style={{ height }} role="list" aria-label={label} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div style={{ height: items.length * rowHeight, position: 'relative' }}>
        {items.slice(first, last).map((item, i) => (
          <div key={rowKey(item)} role="listitem" className="vlist-row" style={{ position: 'absolute', top: (first + i) * rowHeight, height: rowHeight, left: 0, right: 0 }}>
            {renderRow(item, first + i)}
          </div>
        ))}
      </div>
    </div>
  );
}
