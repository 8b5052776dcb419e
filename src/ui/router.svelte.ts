import type { Component } from 'svelte';
import { views, type ViewEntry } from './views';

/**
 * Which view is shown, kept in the URL hash (#/id) so reloads and the back button work; and the
 * screens' components, imported on first use (see views.ts).
 */
class Router {
  current = $state(Router.fromHash());
  /** Screens whose chunk has arrived, by view id. */
  loaded: Record<string, Component> = $state({});
  /** Why a screen's chunk could not be imported (e.g. offline before the app was cached). */
  failed: Record<string, string> = $state({});
  #pending = new Map<string, Promise<void>>();

  constructor() {
    window.addEventListener('hashchange', () => (this.current = Router.fromHash()));
  }

  static fromHash(): string {
    const id = location.hash.replace(/^#\/?/, '');
    return views.some((v) => v.id === id) ? id : views[0].id;
  }

  get active(): ViewEntry {
    return views.find((v) => v.id === this.current) ?? views[0];
  }

  go(id: string) {
    location.hash = `#/${id}`;
  }

  /** Imports a screen's chunk once; a later call while it loads joins the same import. */
  load(view: ViewEntry): Promise<void> {
    if (this.loaded[view.id]) return Promise.resolve();
    let p = this.#pending.get(view.id);
    if (!p) {
      delete this.failed[view.id];
      p = view
        .load()
        .then((m) => {
          this.loaded[view.id] = m.default;
        })
        .catch((err: unknown) => {
          this.failed[view.id] = err instanceof Error ? err.message : String(err);
        })
        .finally(() => this.#pending.delete(view.id));
      this.#pending.set(view.id, p);
    }
    return p;
  }
}

export const router = new Router();
