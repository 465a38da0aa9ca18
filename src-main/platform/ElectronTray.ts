/** TrayPort over Electron's Tray + Menu: sync on/off toggle, status line, Sync now, Open, Quit (SPEC §9). */
import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import type { TrayAction, TrayPort, TrayState } from '../util/ports';

/** A 16×16 filled circle drawn in code, so the tray needs no asset file inside the package. */
function trayIcon(): NativeImage {
  const size = 16;
  const buf = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = (x - 7.5) ** 2 + (y - 7.5) ** 2 <= 49;
      buf.set(inside ? [0xe0, 0x7a, 0x1d, 0xff] : [0, 0, 0, 0], (y * size + x) * 4); // BGRA: #1d7ae0
    }
  }
  return nativeImage.createFromBitmap(buf, { width: size, height: size });
}

export class ElectronTray implements TrayPort {
  #tray: Tray;
  #listeners = new Set<(a: TrayAction) => void>();

  constructor() {
    this.#tray = new Tray(trayIcon());
    this.#tray.setToolTip('ChirpSyncer');
    this.#tray.on('click', () => this.#fire({ type: 'open' }));
    this.update({ syncEnabled: true, syncing: false, statusLine: 'Starting…' });
  }

  update(s: TrayState): void {
    this.#tray.setToolTip(`ChirpSyncer — ${s.statusLine}`);
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: s.statusLine, enabled: false },
        { type: 'separator' },
        { label: 'Sync enabled', type: 'checkbox', checked: s.syncEnabled, click: (item) => this.#fire({ type: 'set-sync-enabled', enabled: item.checked }) },
        { label: 'Sync now', enabled: !s.syncing, click: () => this.#fire({ type: 'sync-now' }) },
        { type: 'separator' },
        { label: 'Open ChirpSyncer', click: () => this.#fire({ type: 'open' }) },
        { label: 'Quit', click: () => this.#fire({ type: 'quit' }) },
      ]),
    );
  }

  onAction(listener: (a: TrayAction) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  destroy(): void {
    this.#tray.destroy();
  }

  #fire(a: TrayAction): void {
    for (const l of this.#listeners) l(a);
  }
}
