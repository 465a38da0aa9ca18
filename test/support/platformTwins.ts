/** In-memory twins of the desktop ports (src-main/util/ports.ts) for tests without Electron. */
import type { PushEvent } from '../../src-shared/ipc/contract';
import type { EventSink, Notification, Notifier, TrayAction, TrayPort, TrayState } from '../../src-main/util/ports';

export class MemoryTray implements TrayPort {
  readonly states: TrayState[] = [];
  destroyed = false;
  #listeners = new Set<(a: TrayAction) => void>();

  get current(): TrayState | undefined {
    return this.states[this.states.length - 1];
  }
  update(state: TrayState): void {
    this.states.push({ ...state });
  }
  onAction(listener: (a: TrayAction) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  /** What a click on a menu item does. */
  click(a: TrayAction): void {
    for (const l of this.#listeners) l(a);
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class MemoryNotifier implements Notifier {
  readonly sent: Notification[] = [];
  notify(n: Notification): void {
    this.sent.push({ ...n });
  }
}

export class MemoryEventSink implements EventSink {
  readonly events: PushEvent[] = [];
  emit(e: PushEvent): void {
    this.events.push(e);
  }
}
