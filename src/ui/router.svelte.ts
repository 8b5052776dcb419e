import { views } from './views';

/** Which view is shown, kept in the URL hash (#/id) so reloads and the back button work. */
class Router {
  current = $state(Router.fromHash());

  constructor() {
    window.addEventListener('hashchange', () => (this.current = Router.fromHash()));
  }

  static fromHash(): string {
    const id = location.hash.replace(/^#\/?/, '');
    return views.some((v) => v.id === id) ? id : views[0].id;
  }

  go(id: string) {
    location.hash = `#/${id}`;
  }
}

export const router = new Router();
