import { BenchmarkCancelledError, KernelVerificationError } from './errors';
import { COPY_WGSL, COPY_WORKGROUP_SIZE, MATMUL_TILE, NAIVE_MATMUL_WG, matmulWgsl, naiveMatmulWgsl } from './gpu-kernels';
import { sampleUntil, toFigure } from './stats';
import type { BenchmarkFigure } from './types';

/**
 * GPU micro-benchmarks on any GPUDevice (browser worker, Node/Dawn). No DOM. Every kernel's output
 * is verified before its figure is reported: a fast wrong kernel measures nothing.
 */

const MiB = 1024 * 1024;
const now = () => performance.now();

export interface GpuBenchOptions {
  /** Wall-time budget of this benchmark (ms), sizing included. */
  budgetMs: number;
  signal?: AbortSignal;
  /** Largest buffer to use (bytes); the device limits cap it too. */
  maxBytes?: number;
  /** Most workgroups of the copy kernel (grid-stride covers the rest); default 4096. */
  maxWorkgroups?: number;
  /** Told the GPU memory the benchmark held at once once its result is verified (a lower bound for VRAM). */
  onAllocated?: (bytes: number) => void;
}

/** Times GPU work: timestamp queries when the device has them, else submit → onSubmittedWorkDone. */
export interface GpuTimer {
  kind: 'timestamp-query' | 'submit-wait';
  /** Runs `encode` in one compute pass and returns its duration in ms. */
  time(encode: (pass: GPUComputePassEncoder) => void): Promise<number>;
  destroy(): void;
}

export function createTimer(device: GPUDevice): GpuTimer {
  if (device.features.has('timestamp-query')) {
    const querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
    const resolve = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    const read = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    return {
      kind: 'timestamp-query',
      async time(encode) {
        const enc = device.createCommandEncoder();
        const pass = enc.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } });
        encode(pass);
        pass.end();
        enc.resolveQuerySet(querySet, 0, 2, resolve, 0);
        enc.copyBufferToBuffer(resolve, 0, read, 0, 16);
        const t0 = now();
        device.queue.submit([enc.finish()]);
        await read.mapAsync(GPUMapMode.READ);
        const wall = now() - t0;
        const [begin, end] = new BigUint64Array(read.getMappedRange().slice(0));
        read.unmap();
        const ms = Number(end - begin) / 1e6;
        // Some implementations return zeros or quantise coarsely; then the wall time is the honest figure.
        return ms > 0 && ms <= wall * 1.5 ? ms : wall;
      },
      destroy() {
        querySet.destroy();
        resolve.destroy();
        read.destroy();
      },
    };
  }
  return {
    kind: 'submit-wait',
    async time(encode) {
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      encode(pass);
      pass.end();
      const cmd = enc.finish();
      const t0 = now();
      device.queue.submit([cmd]);
      await device.queue.onSubmittedWorkDone();
      return now() - t0;
    },
    destroy() {},
  };
}

function check(signal?: AbortSignal) {
  if (signal?.aborted) throw new BenchmarkCancelledError();
}

async function readBack(device: GPUDevice, buffer: GPUBuffer, offset: number, size: number): Promise<ArrayBuffer> {
  const read = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(buffer, offset, read, 0, size);
  device.queue.submit([enc.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  const copy = read.getMappedRange().slice(0);
  read.unmap();
  read.destroy();
  return copy;
}

// ---------- copy (bandwidth) ----------

export interface CopyKernel {
  pipeline: GPUComputePipeline;
}

export async function createCopyKernel(device: GPUDevice): Promise<CopyKernel> {
  const module = device.createShaderModule({ code: COPY_WGSL });
  return { pipeline: await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } }) };
}

/** Workgroups for a grid-stride copy of `vec4Count` elements. */
export function copyWorkgroups(device: GPUDevice, vec4Count: number, maxWorkgroups = 4096): number {
  return Math.max(1, Math.min(Math.ceil(vec4Count / COPY_WORKGROUP_SIZE), maxWorkgroups, device.limits.maxComputeWorkgroupsPerDimension));
}

function encodeCopy(device: GPUDevice, kernel: CopyKernel, src: GPUBuffer, dst: GPUBuffer, bytes: number, maxWorkgroups?: number) {
  const bindGroup = device.createBindGroup({
    layout: kernel.pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: src } },
      { binding: 1, resource: { buffer: dst } },
    ],
  });
  const groups = copyWorkgroups(device, bytes / 16, maxWorkgroups);
  return (pass: GPUComputePassEncoder, reps: number) => {
    pass.setPipeline(kernel.pipeline);
    pass.setBindGroup(0, bindGroup);
    for (let r = 0; r < reps; r++) pass.dispatchWorkgroups(groups);
  };
}

/** Runs the copy kernel once on `data` (length a multiple of 4) and returns the GPU's output. */
export async function runCopy(device: GPUDevice, data: Float32Array): Promise<Float32Array> {
  const kernel = await createCopyKernel(device);
  const src = device.createBuffer({ size: data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  const dst = device.createBuffer({ size: data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  device.queue.writeBuffer(src, 0, data);
  const encode = encodeCopy(device, kernel, src, dst, data.byteLength);
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  encode(pass, 1);
  pass.end();
  device.queue.submit([enc.finish()]);
  const out = new Float32Array(await readBack(device, dst, 0, data.byteLength));
  src.destroy();
  dst.destroy();
  return out;
}

const PROBE_BYTES = 4096;

/** A recognisable pattern for the first and last 4 KiB (the rest stays zero: cheap to set up). */
function probe(offset: number): Uint32Array {
  return Uint32Array.from({ length: PROBE_BYTES / 4 }, (_, i) => (offset / 4 + i) * 2654435761);
}

/**
 * GPU memory bandwidth (GB/s, bytes read + written) of the copy kernel. The buffer grows ×4 from
 * 8 MiB while one pass is too short to time well, up to the device limits; then repeated passes
 * are timed until the budget is spent. Median of the samples.
 */
export async function measureCopyBandwidth(device: GPUDevice, opts: GpuBenchOptions): Promise<BenchmarkFigure> {
  const started = now();
  const deadline = started + opts.budgetMs;
  const cap = Math.floor(Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize, opts.maxBytes ?? 256 * MiB) / 16) * 16;
  const kernel = await createCopyKernel(device);
  const timer = createTimer(device);
  let bytes = Math.min(8 * MiB, cap);
  let src!: GPUBuffer;
  let dst!: GPUBuffer;
  let encode!: ReturnType<typeof encodeCopy>;
  const allocate = () => {
    src?.destroy();
    dst?.destroy();
    src = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    dst = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    device.queue.writeBuffer(src, 0, probe(0));
    device.queue.writeBuffer(src, bytes - PROBE_BYTES, probe(bytes - PROBE_BYTES));
    encode = encodeCopy(device, kernel, src, dst, bytes, opts.maxWorkgroups);
  };
  try {
    allocate();
    await timer.time((p) => encode(p, 1)); // warm-up: first dispatch compiles and pages in
    let ms = await timer.time((p) => encode(p, 1));
    const sizingDeadline = started + opts.budgetMs * 0.4;
    while (ms < 8 && bytes * 4 <= cap && now() < sizingDeadline) {
      check(opts.signal);
      bytes *= 4;
      allocate();
      await timer.time((p) => encode(p, 1));
      ms = await timer.time((p) => encode(p, 1));
    }
    // Fast GPUs copy 256 MiB in ~0.1 ms: enough passes per sample that timer overhead stays small.
    const reps = Math.max(1, Math.min(256, Math.round(opts.budgetMs / 10 / Math.max(ms, 0.01))));
    const samples = await sampleUntil(deadline, 3, 25, now, async () => {
      const t = await timer.time((p) => encode(p, reps));
      return (2 * bytes * reps) / (t / 1000) / 1e9;
    }, () => check(opts.signal));
    // Verify: the copied head and tail equal the pattern written to the source.
    const head = new Uint32Array(await readBack(device, dst, 0, PROBE_BYTES));
    const tail = new Uint32Array(await readBack(device, dst, bytes - PROBE_BYTES, PROBE_BYTES));
    const eh = probe(0);
    const et = probe(bytes - PROBE_BYTES);
    const bad = head.findIndex((v, i) => v !== eh[i]) >= 0 || tail.findIndex((v, i) => v !== et[i]) >= 0;
    if (bad) throw new KernelVerificationError('copy', 'output differs from input');
    // Both buffers held real data the kernel read and wrote: the GPU had at least this much memory.
    opts.onAllocated?.(2 * bytes);
    return toFigure('gpu-bandwidth', 'GPU memory bandwidth', 'GB/s', samples, now() - started, `copy kernel, ${Math.round(bytes / MiB)} MiB × ${reps} passes per sample, ${timer.kind}`);
  } finally {
    src?.destroy();
    dst?.destroy();
    timer.destroy();
  }
}

// ---------- matmul (compute throughput) ----------

export type Precision = 'f32' | 'f16';
/** tiled: shared memory + 4 × 4 register blocks (real GPUs); naive: one output per thread (software adapters). */
export type MatmulKernel = 'tiled' | 'naive';

export interface MatmulPipeline {
  pipeline: GPUComputePipeline;
  kernel: MatmulKernel;
  precision: Precision;
}

/** IEEE half from a float (round to nearest even; the benchmark's inputs are exact in f16). */
export function f32ToF16Bits(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  let mant = u & 0x7fffff;
  if (exp <= 0) return sign; // tiny → 0 (not needed for benchmark data)
  if (exp >= 31) return sign | 0x7c00;
  const round = mant & 0x1fff;
  mant >>= 13;
  if (round > 0x1000 || (round === 0x1000 && mant & 1)) mant++;
  return (sign | (exp << 10)) + mant;
}

export function f16BitsToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Inputs are multiples of 1/4 in [−1, 1]: products and sums stay exact in f32 (and in f16 below 128). */
export function benchMatrix(n: number, seed: number): Float32Array {
  const m = new Float32Array(n * n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < m.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    m[i] = ((s >>> 24) % 9) / 4 - 1;
  }
  return m;
}

function upload(device: GPUDevice, data: Float32Array, precision: Precision, usage: number): GPUBuffer {
  const bytes = precision === 'f32' ? data.byteLength : Math.ceil((data.length * 2) / 4) * 4;
  const buffer = device.createBuffer({ size: bytes, usage, mappedAtCreation: true });
  if (precision === 'f32') new Float32Array(buffer.getMappedRange()).set(data);
  else {
    const h = new Uint16Array(buffer.getMappedRange());
    for (let i = 0; i < data.length; i++) h[i] = f32ToF16Bits(data[i]);
  }
  buffer.unmap();
  return buffer;
}

interface MatmulSetup {
  encode: (pass: GPUComputePassEncoder, reps: number) => void;
  c: GPUBuffer;
  destroy(): void;
}

async function setupMatmul(device: GPUDevice, mp: MatmulPipeline, a: Float32Array, b: Float32Array, n: number, precision: Precision): Promise<MatmulSetup> {
  const elem = precision === 'f32' ? 4 : 2;
  const A = upload(device, a, precision, GPUBufferUsage.STORAGE);
  const B = upload(device, b, precision, GPUBufferUsage.STORAGE);
  const C = device.createBuffer({ size: Math.ceil((n * n * elem) / 4) * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const dims = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(dims, 0, new Uint32Array([n, 0, 0, 0]));
  const pipeline = mp.pipeline;
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: A } },
      { binding: 1, resource: { buffer: B } },
      { binding: 2, resource: { buffer: C } },
      { binding: 3, resource: { buffer: dims } },
    ],
  });
  const groups = Math.ceil(n / (mp.kernel === 'tiled' ? MATMUL_TILE : NAIVE_MATMUL_WG));
  return {
    c: C,
    encode(pass, reps) {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      for (let r = 0; r < reps; r++) pass.dispatchWorkgroups(groups, groups);
    },
    destroy() {
      for (const x of [A, B, C, dims]) x.destroy();
    },
  };
}

const pipelineCache = new WeakMap<GPUDevice, Map<string, Promise<MatmulPipeline>>>();

/** Compiles (once per device) the matmul pipeline of that kernel and precision. */
export function createMatmulPipeline(device: GPUDevice, precision: Precision, kernel: MatmulKernel = 'tiled'): Promise<MatmulPipeline> {
  let cache = pipelineCache.get(device);
  if (!cache) pipelineCache.set(device, (cache = new Map()));
  const key = `${kernel}/${precision}`;
  let p = cache.get(key);
  if (!p) {
    const module = device.createShaderModule({ code: kernel === 'tiled' ? matmulWgsl(precision) : naiveMatmulWgsl(precision) });
    p = device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } }).then((pipeline) => ({ pipeline, kernel, precision }));
    cache.set(key, p);
  }
  return p;
}

async function readMatrix(device: GPUDevice, c: GPUBuffer, n: number, precision: Precision): Promise<Float32Array> {
  const raw = await readBack(device, c, 0, c.size);
  if (precision === 'f32') return new Float32Array(raw, 0, n * n);
  const h = new Uint16Array(raw, 0, n * n);
  return Float32Array.from(h, f16BitsToF32);
}

/** Runs C = A × B once on the GPU and returns C (as f32). */
export async function runMatmul(device: GPUDevice, a: Float32Array, b: Float32Array, n: number, precision: Precision, kernel: MatmulKernel = 'tiled'): Promise<Float32Array> {
  const pipeline = await createMatmulPipeline(device, precision, kernel);
  const setup = await setupMatmul(device, pipeline, a, b, n, precision);
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  setup.encode(pass, 1);
  pass.end();
  device.queue.submit([enc.finish()]);
  const out = await readMatrix(device, setup.c, n, precision);
  setup.destroy();
  return out;
}

/** C[i][j] on the CPU, for verification. */
export function cpuMatmulEntry(a: Float32Array, b: Float32Array, n: number, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
  return s;
}

/**
 * Matmul throughput (GFLOP/s = 2 n³ per pass). n doubles from 128 while a pass is too short to
 * time well; then passes are timed until the budget is spent. 16 entries of C are checked on the CPU.
 */
export async function measureMatmul(device: GPUDevice, precision: Precision, opts: GpuBenchOptions & { kernel?: MatmulKernel }): Promise<BenchmarkFigure> {
  const started = now();
  const deadline = started + opts.budgetMs;
  const elem = precision === 'f32' ? 4 : 2;
  const capBytes = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize, opts.maxBytes ?? 256 * MiB);
  const kernel = opts.kernel ?? 'tiled';
  const pipeline = await createMatmulPipeline(device, precision, kernel);
  const timer = createTimer(device);
  let n = 64;
  let a = benchMatrix(n, 1);
  let b = benchMatrix(n, 2);
  let setup = await setupMatmul(device, pipeline, a, b, n, precision);
  try {
    await timer.time((p) => setup.encode(p, 1));
    let ms = await timer.time((p) => setup.encode(p, 1));
    const sizingDeadline = started + opts.budgetMs * 0.5;
    // Doubling n multiplies the work by 8: grow only while the next size still fits the budget.
    while (ms * 8 < opts.budgetMs / 8 && n < 2048 && (2 * n) ** 2 * elem <= capBytes && now() < sizingDeadline) {
      check(opts.signal);
      n *= 2;
      setup.destroy();
      a = benchMatrix(n, 1);
      b = benchMatrix(n, 2);
      setup = await setupMatmul(device, pipeline, a, b, n, precision);
      await timer.time((p) => setup.encode(p, 1));
      ms = await timer.time((p) => setup.encode(p, 1));
    }
    const reps = Math.max(1, Math.min(32, Math.round(opts.budgetMs / 10 / Math.max(ms, 0.01))));
    const flops = 2 * n ** 3 * reps;
    const samples = await sampleUntil(deadline, 3, 25, now, async () => flops / ((await timer.time((p) => setup.encode(p, reps))) / 1000) / 1e9, () => check(opts.signal));
    const c = await readMatrix(device, setup.c, n, precision);
    const tolerance = precision === 'f32' ? 1e-3 : 0.5;
    for (let t = 0; t < 16; t++) {
      const i = (t * 7919) % n;
      const j = (t * 104729 + n - 1) % n;
      const want = cpuMatmulEntry(a, b, n, i, j);
      if (!(Math.abs(c[i * n + j] - want) <= tolerance)) throw new KernelVerificationError(`matmul ${precision}`, `C[${i}][${j}] = ${c[i * n + j]}, expected ${want}`);
    }
    return toFigure(
      precision === 'f32' ? 'gpu-matmul-f32' : 'gpu-matmul-f16',
      `GPU matmul ${precision}`,
      'GFLOP/s',
      samples,
      now() - started,
      `${n}×${n} ${kernel} matmul × ${reps} passes per sample, ${timer.kind}`,
    );
  } finally {
    setup.destroy();
    timer.destroy();
  }
}
