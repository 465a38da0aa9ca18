/** Notifier over Electron's Notification; on systems without a notification service it shows nothing. */
import { Notification as ElectronNotification } from 'electron';
import type { Notification, Notifier } from '../util/ports';

export class ElectronNotifier implements Notifier {
  #onClick: () => void;

  constructor(onClick: () => void) {
    this.#onClick = onClick;
  }

  notify(n: Notification): void {
    if (!ElectronNotification.isSupported()) return;
    const shown = new ElectronNotification({ title: n.title, body: n.body, urgency: n.urgency, silent: n.urgency === 'normal' });
    shown.on('click', this.#onClick);
    shown.show();
  }
}
