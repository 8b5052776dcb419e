export const GGUF_MAGIC: number;
export const GGUF_VERSION: number;
export const ALIGNMENT: number;
export const GGML_TYPE: { F32: number; F16: number; Q4_0: number; Q5_0: number; Q8_0: number; Q4_K: number; Q6_K: number };
export function typeBytes(type: number, count: number): number;
export interface GgufSpec {
  name?: string;
  seed?: number;
  nLayer?: number;
  nEmbd?: number;
  nHead?: number;
  nHeadKv?: number;
  nFf?: number;
  contextLength?: number;
  weightType?: 'f32' | 'f16' | 'q8_0' | 'q4_0' | 'q4_k_m';
  vocab?: 'ascii' | 'bytes';
  /** Pads the vocabulary with unused tokens to this many (a real model's embedding shape). */
  vocabSize?: number;
  /** No output matrix: the logits read token_embd (Llama 3.2, Qwen2.5, SmolLM2). */
  tiedEmbeddings?: boolean;
}
export interface TensorLayout {
  name: string;
  dims: number[];
  norm: boolean;
  type: number;
  count: number;
  bytes: number;
  offset: number;
}
export function gpt2ByteToUnicode(): Map<number, string>;
export function byteLevelVocab(kind?: 'ascii' | 'bytes', size?: number): { tokens: string[]; types: number[]; bos: number; eos: number };
export function rng(seed: number): () => number;
export function toHalf(x: number): number;
export function alignUp(n: number, a?: number): number;
export function buildHeader(spec: GgufSpec): {
  header: Uint8Array;
  layout: TensorLayout[];
  dataBytes: number;
  spec: Required<GgufSpec> & { nVocab: number; params: number };
};
export type TensorFill = 'random' | 'tiled';
export function tensorData(t: TensorLayout, seed: number, fill?: TensorFill): Uint8Array;
export function tensorSeed(seed: number, i: number): number;
export interface GgufFacts {
  bytes: number;
  params: number;
  nLayer: number;
  nEmbd: number;
  nVocab: number;
  contextLength: number;
  weightType: string;
}
export function ggufChunks(spec: GgufSpec, fill?: TensorFill): Generator<Uint8Array>;
export function ggufFacts(spec: GgufSpec): GgufFacts;
/** Tokens the generated models' chat template adds to one user message (BOS and CHATML's markers, byte by byte). */
export const CHATML_USER_TEMPLATE_TOKENS: number;
