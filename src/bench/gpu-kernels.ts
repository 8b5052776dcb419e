/**
 * WGSL kernels of the Benchmark Collector. Plain strings: no DOM, no device, so Node tests, the
 * worker and Dawn on a real GPU all compile the same source.
 */

/** Threads per workgroup of the copy kernel (SPEC §5: 256 threads, grid-stride loop, vec4<f32>). */
export const COPY_WORKGROUP_SIZE = 256;

/**
 * Memory-bandwidth kernel: each thread copies vec4<f32> elements in a grid-stride loop, so any
 * number of workgroups covers any buffer size; bytes moved = 2 × buffer size (read + write).
 */
export const COPY_WGSL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;

@compute @workgroup_size(${COPY_WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let stride = groups.x * ${COPY_WORKGROUP_SIZE}u;
  let n = arrayLength(&src);
  for (var i = gid.x; i < n; i = i + stride) {
    dst[i] = src[i];
  }
}
`;

/** The bindings both matmul kernels share (the runner binds a, b, c and dims the same way). */
function matmulBindings(precision: 'f32' | 'f16'): string {
  return /* wgsl */ `
${precision === 'f16' ? 'enable f16;' : ''}
alias T = ${precision};
struct Dims { n: u32 }
@group(0) @binding(0) var<storage, read> a: array<T>;
@group(0) @binding(1) var<storage, read> b: array<T>;
@group(0) @binding(2) var<storage, read_write> c: array<T>;
@group(0) @binding(3) var<uniform> dims: Dims;
`;
}

/** Output tile per workgroup (64 × 64; 16 × 16 threads, each computing a 4 × 4 block) and the K step. */
export const MATMUL_TILE = 64;
export const MATMUL_K_TILE = 16;

/**
 * Square matmul C = A × B (row-major n × n, any n) with shared-memory tiles and a 4 × 4 register
 * block per thread; FLOPs = 2 n³. `precision` f16 needs the shader-f16 feature.
 */
export function matmulWgsl(precision: 'f32' | 'f16'): string {
  return /* wgsl */ `
${matmulBindings(precision)}
const BM = ${MATMUL_TILE}u;
const BK = ${MATMUL_K_TILE}u;
var<workgroup> sa: array<T, ${MATMUL_TILE * MATMUL_K_TILE}>; // [row * BK + k]
var<workgroup> sb: array<T, ${MATMUL_TILE * MATMUL_K_TILE}>; // [k * BM + col]

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let n = dims.n;
  let tid = lid.y * 16u + lid.x;
  let row0 = wid.y * BM;
  let col0 = wid.x * BM;
  var acc: array<array<T, 4>, 4>;
  for (var k0 = 0u; k0 < n; k0 = k0 + BK) {
    for (var i = 0u; i < 4u; i = i + 1u) {
      let e = tid + i * 256u;
      let ar = row0 + e / BK;
      let ak = k0 + e % BK;
      var av = T(0);
      if (ar < n && ak < n) { av = a[ar * n + ak]; }
      sa[e] = av;
      let bk = k0 + e / BM;
      let bc = col0 + e % BM;
      var bv = T(0);
      if (bk < n && bc < n) { bv = b[bk * n + bc]; }
      sb[e] = bv;
    }
    workgroupBarrier();
    for (var k = 0u; k < BK; k = k + 1u) {
      var ra: array<T, 4>;
      var rb: array<T, 4>;
      for (var i = 0u; i < 4u; i = i + 1u) {
        ra[i] = sa[(lid.y * 4u + i) * BK + k];
        rb[i] = sb[k * BM + lid.x * 4u + i];
      }
      for (var i = 0u; i < 4u; i = i + 1u) {
        for (var j = 0u; j < 4u; j = j + 1u) {
          acc[i][j] = acc[i][j] + ra[i] * rb[j];
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i = i + 1u) {
    for (var j = 0u; j < 4u; j = j + 1u) {
      let r = row0 + lid.y * 4u + i;
      let col = col0 + lid.x * 4u + j;
      if (r < n && col < n) { c[r * n + col] = acc[i][j]; }
    }
  }
}
`;
}

/** Workgroup edge of the naive matmul (8 × 8 threads, one output each). */
export const NAIVE_MATMUL_WG = 8;

/**
 * Naive matmul: one output per thread, no shared memory or barriers. Software adapters
 * (SwiftShader) compile it in ~0.1 s where the tiled kernel takes seconds, so the suite uses it
 * there; on real GPUs the tiled kernel measures the hardware, not the memory system.
 */
export function naiveMatmulWgsl(precision: 'f32' | 'f16'): string {
  return /* wgsl */ `
${matmulBindings(precision)}
@compute @workgroup_size(${NAIVE_MATMUL_WG}, ${NAIVE_MATMUL_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let n = dims.n;
  let row = gid.y;
  let col = gid.x;
  if (row >= n || col >= n) { return; }
  var acc = T(0);
  for (var k = 0u; k < n; k = k + 1u) {
    acc = acc + a[row * n + k] * b[k * n + col];
  }
  c[row * n + col] = acc;
}
`;
}
