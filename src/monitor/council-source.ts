/** Wires the real council (src/council) into the monitor: its cheap 100 ms metrics, null when it has no members. */
import { council } from '../council/council.svelte';
import type { CouncilMetricsSource } from './sources';

export const councilMetricsSource: CouncilMetricsSource = {
  metrics: () => (council.members.length === 0 ? null : council.metrics()),
};
