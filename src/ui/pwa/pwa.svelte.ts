import { registerSW } from 'virtual:pwa-register';

/**
 * Service-worker registration. A new version waits until the person chooses to reload
 * (registerType "prompt"), so nothing is replaced in the middle of a council run.
 */
class PwaState {
  updateAvailable = $state(false);
  offlineReady = $state(false);
  private update: ((reload?: boolean) => Promise<void>) | null = null;

  start() {
    if (!('serviceWorker' in navigator)) return;
    this.update = registerSW({
      immediate: true,
      onNeedRefresh: () => (this.updateAvailable = true),
      onOfflineReady: () => (this.offlineReady = true),
    });
  }

  async applyUpdate() {
    await this.update?.(true);
  }

  dismissUpdate() {
    this.updateAvailable = false;
  }
}

export const pwa = new PwaState();
