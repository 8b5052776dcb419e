/**
 * What the app knows about a model before loading it: the Capacity Planner sizes it, the Model
 * Loader fetches it, the council runs it. One descriptor type for every engine.
 */
export type EngineKind = 'web-llm' | 'wllama' | 'remote';

export interface ModelDescriptor {
  /** Unique id, e.g. web-llm's model_id, "gguf:<name>", "remote:<base>/<model>". */
  id: string;
  engine: EngineKind;
  label: string;
  /** Parameters in billions (for the tier limits of SPEC §3.1: ≤ 3B / ≤ 13B / ≤ 70B). */
  paramsBillions: number | null;
  /** Stored bits per weight, scales included (4.5 for q4f16_1, 5 for q4f32_1, 16 for f16 …); decode reads ~params × bits / 8 bytes per token. */
  bitsPerWeight: number | null;
  /** Bytes of weights to download / hold in memory. */
  weightBytes: number | null;
  /** web-llm's vram_required_MB when known (weights + KV cache + activations). */
  vramRequiredMB: number | null;
  contextLength: number | null;
  /**
   * The file's quantisation as llama.cpp names it ('Q4_K_M', 'Q8_0', 'F32' …), when known (the GGUF
   * header's general.file_type, the catalogue, the generator): quantised formats differ ~3× in
   * speed per parameter here (capacity/engine-fit.ts QUANT_FORMATS).
   */
  fileType?: string | null;
  /** Transformer blocks, when known (the GGUF header, the catalogue, the generator): decode pays a fixed cost per block (capacity/fit-probe.ts). */
  layers?: number | null;
  /** WebGPU features the model needs (e.g. shader-f16 for *f16 models). */
  requiredFeatures: string[];
  /** Where the weights are (GGUF URL, web-llm model URL, remote base URL). */
  url: string | null;
  /** Where it came from: a prebuilt list, the project's generated test models, or the person. */
  source: 'prebuilt' | 'generated' | 'custom' | 'remote';
  /** Plain-words note shown with the model (e.g. "random weights: measures speed, words mean nothing"). */
  note?: string;
}
