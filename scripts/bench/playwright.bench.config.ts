import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../e2e/chromium';

// The benchmark suite (`npm run bench`, driven by scripts/bench/run.mjs): every e2e/bench/*.bench.ts
// against the BUILT app served by `vite preview`. One worker so benchmarks never compete for the CPU.
const port = Number(process.env.BENCH_PORT ?? 4310);
const outDir = process.env.BENCH_OUT ?? 'dist-bench';
const short = process.env.BENCH_SHORT === '1';

export default defineConfig({
  testDir: '../../e2e/bench',
  testMatch: '**/*.bench.ts',
  timeout: short ? 240_000 : 900_000,
  // A safety net so a hung benchmark cannot hold CI forever (short mode took 15 min in a clean CI
  // run once the engine probe measured a second Q4_K_M size; 25 min leaves room on a slow machine).
  globalTimeout: short ? 1_500_000 : 0,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  // Own output folder: e2e runs of other suites clean test-results/ while they start.
  outputDir: '../../bench-results/test-output',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort --outDir ${outDir}`,
    url: `http://127.0.0.1:${port}`,
    // Run from the project root (the config lives in scripts/bench/): vite.config.ts and the build are there.
    cwd: process.cwd(),
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
