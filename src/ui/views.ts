import type { Component } from 'svelte';
import Overview from './overview/Overview.svelte';
import DataView from './views/DataView.svelte';
import CouncilView from './council/CouncilView.svelte';
import ModelsView from './models/ModelsView.svelte';
import BenchmarksView from './benchmarks/BenchmarksView.svelte';
import Dashboard from './dashboard/Dashboard.svelte';

/**
 * The app's screens, in navigation order; the first is the home screen. A view is listed here
 * only once its feature is real. Routing is by hash (#/id) so the PWA works from any static host.
 */
export interface ViewEntry {
  id: string;
  label: string;
  component: Component;
}

export const views: ViewEntry[] = [
  { id: 'overview', label: 'Overview', component: Overview },
  { id: 'council', label: 'Council', component: CouncilView },
  { id: 'models', label: 'Models', component: ModelsView },
  { id: 'dashboard', label: 'Monitor', component: Dashboard },
  { id: 'benchmarks', label: 'Benchmarks', component: BenchmarksView },
  { id: 'data', label: 'Data', component: DataView },
];
