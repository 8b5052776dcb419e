#!/usr/bin/env node
// `node scripts/bench-hardware.mjs [--out file.json]` — runs the hardware micro-benchmark suite
// (src/bench/suite.ts: WGSL copy + matmul kernels, CPU single-thread and memory bandwidth) in Node
// through the `webgpu` package (Dawn), and writes the figures as JSON. The same kernels run in the
// browser's benchmark worker; on a machine with a real GPU and drivers this measures that GPU
// (multi-thread CPU is browser-only: it needs Web Workers). Needs no network.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : null;
const dir = join(root, 'node_modules', '.cache', 'wf-bench-hardware');
mkdirSync(dir, { recursive: true });
const bundle = join(dir, 'hardware-bench.mjs');
await build({ input: join(root, 'src/bench/hardware-bench.node.ts'), platform: 'node', external: ['webgpu'], output: { file: bundle, format: 'esm' }, logLevel: 'silent' });
const run = spawnSync(process.execPath, [bundle], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 120_000 });
if (run.status !== 0) {
  console.error(`bench-hardware: the suite process failed (${run.status ?? run.signal})`);
  process.exit(1);
}
const json = run.stdout.slice(run.stdout.indexOf('{'));
const result = JSON.parse(json);
if (out) {
  writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
  console.log(`bench-hardware: wrote ${out}`);
}
for (const f of result.figures) console.log(`${f.label.padEnd(24)} ${f.median.toPrecision(3).padStart(8)} ${f.unit.padEnd(8)} ±${Math.round((f.relativeSpread * 100) / 2)} %  ${Math.round(f.durationMs)} ms  ${f.detail}`);
for (const s of result.skipped) console.log(`${s.name.padEnd(24)} skipped: ${s.reason}`);
console.log(`suite: ${Math.round(result.durationMs)} ms on ${result.adapterDescription ?? 'no GPU'}${result.isFallbackAdapter ? ' (software adapter)' : ''}`);
