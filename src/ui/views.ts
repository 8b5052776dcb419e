import type { Component } from 'svelte';

/**
 * The app's screens, in navigation order; the first is the home screen. A view is listed here
 * only once its feature is real. Routing is by hash (#/id) so the PWA works from any static host.
 *
 * Each screen is its own chunk, imported the first time it is shown (route-level code splitting,
 * issue 12): the first page carries only the app shell (header, monitor, optimiser, council
 * runtime) and the home screen, and uPlot, the load tester, the regression detector and the USL
 * fit come with the screens that use them. The service worker precaches every chunk, so a screen
 * opened for the first time while offline still loads. Keep these imports dynamic: a static
 * import of a screen anywhere in the shell pulls it back into the first page's bundle.
 */
export interface ViewEntry {
  id: string;
  label: string;
  load: () => Promise<{ default: Component }>;
}

export const views: ViewEntry[] = [
  { id: 'overview', label: 'Overview', load: () => import('./overview/Overview.svelte') },
  { id: 'council', label: 'Council', load: () => import('./council/CouncilView.svelte') },
  { id: 'models', label: 'Models', load: () => import('./models/ModelsView.svelte') },
  { id: 'dashboard', label: 'Monitor', load: () => import('./dashboard/Dashboard.svelte') },
  { id: 'benchmarks', label: 'Benchmarks', load: () => import('./benchmarks/BenchmarksView.svelte') },
  { id: 'data', label: 'Data', load: () => import('./views/DataView.svelte') },
];
