// Builds a llama-architecture GGUF v3 model with seeded random weights (SPEC §4). The model's words
// mean nothing; it exists so tests, benchmarks and the engine probe run a real llama.cpp graph
// offline. Plain JavaScript over Uint8Array: it runs in Node (scripts/gguf/make-models.mjs) and in
// a browser worker (the engine probe builds its models there, never downloads them).
// Format facts: little-endian; header magic "GGUF", version 3, tensor count and KV count (u64);
// KVs; tensor infos (name, n_dims, dims fastest-varying first, type, offset); padding to the
// alignment (32); then tensor data, each tensor's offset aligned to 32.
export const GGUF_MAGIC = 0x46554747; // "GGUF" read as little-endian u32
export const GGUF_VERSION = 3;
export const ALIGNMENT = 32;

const T = { U32: 4, I32: 5, F32: 6, BOOL: 7, STRING: 8, ARRAY: 9 };
export const GGML_TYPE = { F32: 0, F16: 1, Q4_0: 2, Q5_0: 6, Q8_0: 8, Q4_K: 12, Q6_K: 14 };
/**
 * The block formats llama.cpp quantises to (ggml-common.h), each as its size and where its f16
 * scales sit (byte offset, and the code range that scale must map to ±1/√fan_in). q8_0, q5_0 and
 * q4_0: 32 weights share one scale (34, 22 and 18 bytes). K-quants: 256 weights a super-block —
 * q4_K: d, dmin, 12 bytes of 6-bit sub-block scales, 128 of nibbles (144 bytes); q6_K: 128 + 64
 * bytes of 6-bit codes, 16 int8 scales, then d (210 bytes). Every other byte is drawn at random (any
 * value is a valid code). Quantised files exist here for their speed, which differs from f32 in
 * kind, not only in bytes (README).
 */
const BLOCK = {
  [GGML_TYPE.Q8_0]: { values: 32, bytes: 34, scales: [[0, 127]] },
  [GGML_TYPE.Q5_0]: { values: 32, bytes: 22, scales: [[0, 16]] },
  [GGML_TYPE.Q4_0]: { values: 32, bytes: 18, scales: [[0, 8]] },
  [GGML_TYPE.Q4_K]: { values: 256, bytes: 144, scales: [[0, 63 * 8], [2, 63 * 8]] },
  [GGML_TYPE.Q6_K]: { values: 256, bytes: 210, scales: [[208, 127 * 32]] },
};
/** general.file_type of each weight type (llama_ftype: ALL_F32, MOSTLY_F16, MOSTLY_Q4_0, MOSTLY_Q8_0, MOSTLY_Q4_K_M). */
const FILE_TYPE = { f32: 0, f16: 1, q4_0: 2, q8_0: 7, q4_k_m: 15 };
const WEIGHT_TYPE = { f32: GGML_TYPE.F32, f16: GGML_TYPE.F16, q4_0: GGML_TYPE.Q4_0, q8_0: GGML_TYPE.Q8_0, q4_k_m: GGML_TYPE.Q4_K };

/**
 * llama.cpp's Q4_K_M mix (llama-quant.cpp, llama_tensor_get_type): q4_K everywhere but the logits'
 * matrix (output, or token_embd when tied) and, in some blocks (use_more_bits), attn_v and
 * ffn_down, which get q6_K; a row not a multiple of 256 falls back to q5_0 (for q4_K) or q8_0 (for
 * q6_K). Catalogue models are mostly Q4_K_M: a twin's speed is a real model's.
 */
function q4KmType(t, s) {
  const useMoreBits = (i, n) => i < n / 8 || i >= (7 * n) / 8 || (i - Math.floor(n / 8)) % 3 === 2;
  const layer = /^blk\.(\d+)\./.exec(t.name);
  const logits = t.name === 'output.weight' || (s.tiedEmbeddings && t.name === 'token_embd.weight');
  const more = logits || (layer && /attn_v|ffn_down/.test(t.name) && useMoreBits(Number(layer[1]), s.nLayer));
  if (t.dims[0] % 256) return more ? GGML_TYPE.Q8_0 : GGML_TYPE.Q5_0;
  return more ? GGML_TYPE.Q6_K : GGML_TYPE.Q4_K;
}

/** The ggml type a tensor is stored in: norms f32, matrices the spec's weight type (or its mix). */
function tensorType(t, s) {
  if (t.norm) return GGML_TYPE.F32;
  return s.weightType === 'q4_k_m' ? q4KmType(t, s) : WEIGHT_TYPE[s.weightType];
}

/** Bytes of `count` values of a ggml type. */
export function typeBytes(type, count) {
  const block = BLOCK[type];
  if (!block) return count * (type === GGML_TYPE.F32 ? 4 : 2);
  if (count % block.values) throw new Error(`${count} values do not fill ${block.values}-value blocks`);
  return (count / block.values) * block.bytes;
}

/** GPT-2's bytes_to_unicode: every byte as one printable character (how byte-level BPE vocabularies spell bytes). */
export function gpt2ByteToUnicode() {
  const bs = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const map = new Map(bs.map((b) => [b, String.fromCharCode(b)]));
  let n = 0;
  for (let b = 0; b < 256; b++) if (!map.has(b)) map.set(b, String.fromCharCode(256 + n++));
  return map;
}

/**
 * Byte-level gpt2 vocabulary + bos/eos. 'ascii' (default): printable ASCII, space, \n, \t — random
 * sampling stays valid UTF-8 (SPEC §4). 'bytes': all 256 bytes — random sampling emits broken UTF-8
 * on purpose, to test that the engine never crashes on it.
 */
export function byteLevelVocab(kind = 'ascii', size = 0) {
  const tokens = [];
  const types = [];
  tokens.push('<s>'); types.push(3); // bos, control
  tokens.push('</s>'); types.push(3); // eos, control
  const map = gpt2ByteToUnicode();
  const bytes = kind === 'bytes' ? [...Array(256).keys()] : [...Array(94).keys()].map((i) => 33 + i).concat([32, 10, 9]);
  for (const b of bytes) { tokens.push(map.get(b)); types.push(1); }
  // Padding to a real model's vocabulary size (its embedding and output matrices' shape): tokens
  // the tokenizer never makes (type 5, unused) and that print nothing when sampled.
  for (let i = tokens.length; i < size; i++) { tokens.push(`<unused${i}>`); types.push(5); }
  return { tokens, types, bos: 0, eos: 1 };
}

/** mulberry32: tiny, fast, seeded — the same seed gives the same bytes on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** IEEE 754 half from a float (round to nearest, no NaN inputs here). */
export function toHalf(x) {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = ((bits >>> 23) & 0xff) - 127 + 15;
  const mant = bits & 0x7fffff;
  if (exp <= 0) {
    if (exp < -10) return sign;
    const m = (mant | 0x800000) >> (1 - exp);
    return sign | ((m + 0x1000) >> 13);
  }
  if (exp >= 31) return sign | 0x7c00;
  return (sign | (exp << 10) | (mant >> 13)) + ((mant >> 12) & 1);
}

/** Model shape → list of llama tensors (name, dims fastest-varying first). */
export function llamaTensors({ nLayer, nEmbd, nFf, nVocab, nHead, nHeadKv, tiedEmbeddings = false }) {
  const kv = (nEmbd / nHead) * nHeadKv;
  const list = [
    { name: 'token_embd.weight', dims: [nEmbd, nVocab], norm: false },
    { name: 'output_norm.weight', dims: [nEmbd], norm: true },
  ];
  // Tied embeddings (Llama 3.2, Qwen2.5, SmolLM2): no output matrix; llama.cpp reads token_embd for the logits.
  if (!tiedEmbeddings) list.push({ name: 'output.weight', dims: [nEmbd, nVocab], norm: false });
  for (let i = 0; i < nLayer; i++) {
    const b = `blk.${i}.`;
    list.push(
      { name: b + 'attn_norm.weight', dims: [nEmbd], norm: true },
      { name: b + 'attn_q.weight', dims: [nEmbd, nEmbd], norm: false },
      { name: b + 'attn_k.weight', dims: [nEmbd, kv], norm: false },
      { name: b + 'attn_v.weight', dims: [nEmbd, kv], norm: false },
      { name: b + 'attn_output.weight', dims: [nEmbd, nEmbd], norm: false },
      { name: b + 'ffn_norm.weight', dims: [nEmbd], norm: true },
      { name: b + 'ffn_gate.weight', dims: [nEmbd, nFf], norm: false },
      { name: b + 'ffn_down.weight', dims: [nFf, nEmbd], norm: false },
      { name: b + 'ffn_up.weight', dims: [nEmbd, nFf], norm: false },
    );
  }
  return list;
}

const CHATML =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const utf8 = new TextEncoder();

/**
 * Tokens the generated models' chat template adds to one user message: the BOS token, then
 * CHATML's '<|im_start|>user\n' before it and '<|im_end|>\n<|im_start|>assistant\n' after it, spelled
 * byte by byte by their byte-level vocabulary (no special tokens for these markers). llama.cpp counts
 * all of them against the context (measured: 2000 bytes of prompt "need 2051 tokens").
 */
export const CHATML_USER_TEMPLATE_TOKENS = 1 + utf8.encode('<|im_start|>user\n<|im_end|>\n<|im_start|>assistant\n').length;

/** Little-endian byte builder for the header part (small, so plain arrays are fine). */
class Bytes {
  parts = [];
  length = 0;
  push(buf) { this.parts.push(buf); this.length += buf.length; }
  num(size, set) { const b = new Uint8Array(size); set(new DataView(b.buffer)); this.push(b); }
  u32(v) { this.num(4, (d) => d.setUint32(0, v, true)); }
  i32(v) { this.num(4, (d) => d.setInt32(0, v, true)); }
  u64(v) { this.num(8, (d) => d.setBigUint64(0, BigInt(v), true)); }
  f32(v) { this.num(4, (d) => d.setFloat32(0, v, true)); }
  str(s) { const b = utf8.encode(s); this.u64(b.length); this.push(b); }
  concat() {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) { out.set(p, at); at += p.length; }
    return out;
  }
}

function writeKv(out, key, type, value, elemType) {
  out.str(key);
  out.u32(type);
  if (type === T.U32) out.u32(value);
  else if (type === T.F32) out.f32(value);
  else if (type === T.STRING) out.str(value);
  else if (type === T.ARRAY) {
    out.u32(elemType);
    out.u64(value.length);
    for (const v of value) elemType === T.STRING ? out.str(v) : elemType === T.I32 ? out.i32(v) : out.u32(v);
  }
}

export const alignUp = (n, a = ALIGNMENT) => Math.ceil(n / a) * a;

/** Fills in defaults and derived numbers for a model spec. */
export function resolveSpec(spec) {
  const vocab = byteLevelVocab(spec.vocab ?? 'ascii', spec.vocabSize ?? 0);
  const s = {
    name: 'wirthforge-random', seed: 1, nLayer: 2, nEmbd: 64, nHead: 4, nHeadKv: 4,
    contextLength: 512, weightType: 'f32', ...spec,
  };
  if (!(s.weightType in WEIGHT_TYPE)) throw new Error(`unknown weight type "${s.weightType}" (one of ${Object.keys(WEIGHT_TYPE).join(', ')})`);
  s.nFf ??= s.nEmbd * 2;
  s.nVocab = vocab.tokens.length;
  s.vocab = vocab;
  s.tensors = llamaTensors(s);
  s.params = s.tensors.reduce((n, t) => n + t.dims.reduce((a, b) => a * b, 1), 0);
  return s;
}

/** The header (magic … tensor infos … padding) and each tensor's data offset and type. */
export function buildHeader(spec) {
  const s = resolveSpec(spec);
  const kvs = [
    ['general.architecture', T.STRING, 'llama'],
    ['general.name', T.STRING, s.name],
    ['general.alignment', T.U32, ALIGNMENT],
    ['general.file_type', T.U32, FILE_TYPE[s.weightType]],
    ['llama.context_length', T.U32, s.contextLength],
    ['llama.embedding_length', T.U32, s.nEmbd],
    ['llama.block_count', T.U32, s.nLayer],
    ['llama.feed_forward_length', T.U32, s.nFf],
    ['llama.attention.head_count', T.U32, s.nHead],
    ['llama.attention.head_count_kv', T.U32, s.nHeadKv],
    ['llama.rope.dimension_count', T.U32, s.nEmbd / s.nHead],
    ['llama.attention.layer_norm_rms_epsilon', T.F32, 1e-5],
    ['llama.vocab_size', T.U32, s.nVocab],
    ['tokenizer.ggml.model', T.STRING, 'gpt2'],
    ['tokenizer.ggml.pre', T.STRING, 'default'],
    ['tokenizer.ggml.tokens', T.ARRAY, s.vocab.tokens, T.STRING],
    ['tokenizer.ggml.token_type', T.ARRAY, s.vocab.types, T.I32],
    ['tokenizer.ggml.merges', T.ARRAY, [], T.STRING],
    ['tokenizer.ggml.bos_token_id', T.U32, s.vocab.bos],
    ['tokenizer.ggml.eos_token_id', T.U32, s.vocab.eos],
    ['tokenizer.ggml.add_bos_token', T.BOOL, true],
    ['tokenizer.chat_template', T.STRING, CHATML],
  ];
  const out = new Bytes();
  out.u32(GGUF_MAGIC);
  out.u32(GGUF_VERSION);
  out.u64(s.tensors.length);
  out.u64(kvs.length);
  for (const [k, type, v, elem] of kvs) {
    if (type === T.BOOL) { out.str(k); out.u32(T.BOOL); out.push(Uint8Array.of(v ? 1 : 0)); }
    else writeKv(out, k, type, v, elem);
  }
  let offset = 0;
  const layout = [];
  for (const t of s.tensors) {
    const type = tensorType(t, s);
    const count = t.dims.reduce((a, b) => a * b, 1);
    const bytes = typeBytes(type, count);
    out.str(t.name);
    out.u32(t.dims.length);
    for (const d of t.dims) out.u64(d);
    out.u32(type);
    out.u64(offset);
    layout.push({ ...t, type, count, bytes, offset });
    offset = alignUp(offset + bytes);
  }
  const pad = alignUp(out.length) - out.length;
  out.push(new Uint8Array(pad));
  return { header: out.concat(), layout, dataBytes: offset, spec: s };
}

/** Random values a 'tiled' tensor repeats: decode speed does not depend on the values. */
const TILE = 4096;

/**
 * The data of one tensor: norms are 1, matrices uniform in ±1/√fan_in (seeded per tensor).
 * fill 'tiled' repeats one random block of 4096 values (the engine probe's models: 130 MB in tens
 * of ms instead of seconds); 'random' draws every value.
 */
export function tensorData(t, seed, fill = 'random') {
  const next = rng(seed);
  const block = BLOCK[t.type];
  if (block) {
    // Each block: its f16 scales, mapping its codes to ±1/√fan_in, and random codes around them.
    const out = new Uint8Array(typeBytes(t.type, t.count));
    const target = 1.7 / Math.sqrt(t.dims[0]);
    const scales = new Map(block.scales.map(([at, range]) => [at, toHalf(target / range)]));
    const blocks = t.count / block.values;
    const drawn = fill === 'tiled' ? Math.min(Math.ceil(TILE / block.values), blocks) : blocks;
    for (let b = 0; b < drawn; b++) {
      const base = b * block.bytes;
      for (let k = 0; k < block.bytes; k++) {
        const half = scales.get(k);
        if (half !== undefined) {
          out[base + k] = half & 0xff;
          out[base + ++k] = half >> 8;
        } else out[base + k] = Math.floor(next() * 256);
      }
    }
    for (let b = drawn; b < blocks; b += drawn) out.copyWithin(b * block.bytes, 0, Math.min(drawn, blocks - b) * block.bytes);
    return out;
  }
  const scale = t.norm ? 0 : 1 / Math.sqrt(t.dims[0]);
  const value = () => (t.norm ? 1 : (next() * 2 - 1) * scale * 1.7);
  const a = t.type === GGML_TYPE.F32 ? new Float32Array(t.count) : new Uint16Array(t.count);
  const half = a instanceof Uint16Array;
  const drawn = fill === 'tiled' ? Math.min(TILE, t.count) : t.count;
  for (let i = 0; i < drawn; i++) a[i] = half ? toHalf(value()) : value();
  for (let i = drawn; i < t.count; i += drawn) a.copyWithin(i, 0, Math.min(drawn, t.count - i));
  return new Uint8Array(a.buffer);
}

/** Seed of tensor i's data (each tensor has its own stream, so a file is the same whatever writes it). */
export const tensorSeed = (seed, i) => (seed * 1000003 + i) >>> 0;

/**
 * The whole file as a sequence of byte chunks (header, then each tensor with its alignment
 * padding), for a writer to stream to disk or collect into a Blob. `fill` as in tensorData.
 */
export function* ggufChunks(spec, fill = 'random') {
  const { header, layout, dataBytes, spec: s } = buildHeader(spec);
  yield header;
  let pos = 0;
  for (let i = 0; i < layout.length; i++) {
    const t = layout[i];
    if (t.offset > pos) yield new Uint8Array(t.offset - pos);
    yield tensorData(t, tensorSeed(s.seed, i), fill);
    pos = t.offset + t.bytes;
  }
  if (dataBytes > pos) yield new Uint8Array(dataBytes - pos);
}

/** What a file built from `spec` holds (sizes and shape), without building it. */
export function ggufFacts(spec) {
  const { header, dataBytes, spec: s } = buildHeader(spec);
  return {
    bytes: header.length + dataBytes, params: s.params, nLayer: s.nLayer, nEmbd: s.nEmbd,
    nVocab: s.nVocab, contextLength: s.contextLength, weightType: s.weightType,
  };
}
