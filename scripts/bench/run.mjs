#!/usr/bin/env node
// `npm run bench` — builds the app, serves it, runs the Playwright benchmark files (e2e/bench/*.bench.ts)
// with repeated sampling, writes bench-results/<timestamp>.json (+ github-action-benchmark arrays and
// an HTML report) and compares with bench-results/baseline.json using the app's regression detector.
//
//   npm run bench                          full mode (12 repetitions per measurement)
//   npm run bench:short                    short mode for CI (5 repetitions, small scenarios; a few minutes)
//   npm run bench -- --save-baseline       store this run as the baseline (replaces measured metrics)
//   npm run bench -- --append-baseline     add this run's samples to the baseline
//   npm run bench -- --fail-on-regression  exit 2 when a significant regression is found
//   npm run bench -- --reps 8 --grep ui    repetitions; only bench tests whose title matches
//   npm run bench -- --gates               exit 3 when a gate fails (scripts/bench/gates.ts; gates are always reported)
// Environment: BENCH_SHORT=1, BENCH_GATES=1 (as --gates), BENCH_PORT (4310), BENCH_OUT (dist-bench), BENCH_RESULTS_DIR (bench-results),
// BENCH_BASELINE (path), BENCH_SKIP_BUILD=1 (reuse an existing build).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const short = flag('--short') || process.env.BENCH_SHORT === '1';
const reps = Number(value('--reps') ?? process.env.BENCH_REPS ?? (short ? 5 : 12));
const resultsDir = process.env.BENCH_RESULTS_DIR ?? join(root, 'bench-results');
const outDir = process.env.BENCH_OUT ?? 'dist-bench';
const gates = flag('--gates') || process.env.BENCH_GATES === '1';
const env = {
  ...process.env,
  BENCH_GATES: gates ? '1' : '0',
  BENCH_SHORT: short ? '1' : '0',
  BENCH_REPS: String(reps),
  BENCH_OUT: outDir,
  BENCH_RESULTS_DIR: resultsDir,
  BENCH_STARTED_AT: String(Date.now()),
  BENCH_SAVE_BASELINE: flag('--save-baseline') ? '1' : '0',
  BENCH_APPEND_BASELINE: flag('--append-baseline') ? '1' : '0',
};

function run(cmd, cmdArgs) {
  console.log(`bench: ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, env, stdio: 'inherit' });
  return r.status ?? 1;
}

// The generated models the council benchmarks run on (deterministic; kept when already present).
const manifest = join(root, 'public', 'models', 'manifest.json');
const hasBench = existsSync(manifest) && readFileSync(manifest, 'utf8').includes('wirthforge-bench');
if (!hasBench && existsSync(join(root, 'scripts', 'gguf', 'make-models.mjs'))) {
  if (run('node', ['scripts/gguf/make-models.mjs', '--bench']) !== 0) process.exit(1);
}

if (process.env.BENCH_SKIP_BUILD !== '1') {
  if (run('npx', ['vite', 'build', '--outDir', outDir, '--logLevel', 'warn']) !== 0) process.exit(1);
}

rmSync(join(resultsDir, '.status.json'), { force: true });
const pwArgs = ['playwright', 'test', '--config', 'scripts/bench/playwright.bench.config.ts'];
const grep = value('--grep');
if (grep) pwArgs.push('--grep', grep);
const pwStatus = run('npx', pwArgs);

let status = { regressions: 0, metrics: 0, gateFailures: 0 };
try {
  status = JSON.parse(readFileSync(join(resultsDir, '.status.json'), 'utf8'));
} catch {
  console.error('bench: the results were not aggregated (see the errors above).');
  process.exit(pwStatus || 1);
}
if (pwStatus !== 0) {
  console.error(`bench: some benchmark files failed (playwright exit ${pwStatus}).`);
  process.exit(pwStatus);
}
if (status.metrics === 0) {
  console.error('bench: no metrics were recorded.');
  process.exit(1);
}
if (flag('--fail-on-regression') && status.regressions > 0) {
  console.error(`bench: ${status.regressions} significant regression(s) against the baseline.`);
  process.exit(2);
}
if (gates && (status.gateFailures ?? 0) > 0) {
  console.error(`bench: ${status.gateFailures} gate(s) failed (see the gates table above).`);
  process.exit(3);
}
