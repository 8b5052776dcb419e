// Vitest config for `npm run test:mutation` (stryker.config.mjs): the unit tests of the folders
// whose pure-logic modules Stryker mutates, without the slow ones that drive a whole council or
// browser-like state (they would run for many mutants and add minutes). Not used by `npm test`
// (vite.config.ts runs every unit test).
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  test: {
    environment: 'node',
    isolate: false,
    include: [
      'src/{council,regression,capacity,optimize,monitor,hardware,loadtest,scalability}/*.test.ts',
      // The engine probe's conductor, on a simulated machine (its chaos runs are left out: ~8 s each).
      'src/bench/engine-probe.test.ts',
      'src/bench/probe-skipped.test.ts',
      // Context refusals in each server's words (a long prompt is the request's fault).
      'src/engines/context-overflow.test.ts',
      // The stored data between tabs (store/db.ts SharedDb), on fake-indexeddb.
      'src/store/db.tabs.test.ts',
    ],
    exclude: [
      'src/council/council.test.ts',
      'src/council/council.chaos.test.ts',
      'src/loadtest/loadtest.test.ts',
      'src/hardware/hardware.svelte.test.ts',
      // The hardware state's own tests (stored probes, entered VRAM) share its module state and
      // IndexedDB: without isolation they fail one another (3 failed here, and Stryker's dry run
      // refused to start); they test no module Stryker mutates.
      'src/hardware/hardware.probe-fits.test.ts',
      'src/hardware/hardware.vram.test.ts',
      'src/hardware/persist.vram.test.ts',
      'src/hardware/detect.test.ts',
      'src/monitor/collector.test.ts',
      'src/monitor/history.test.ts',
    ],
  },
});
