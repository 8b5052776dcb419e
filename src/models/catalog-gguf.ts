import type { ModelDescriptor } from './model';

/**
 * A small catalogue of public GGUF models for wllama (CPU / WebAssembly). They are downloaded only
 * when a person chooses one, never in tests. Sizes are the published file sizes and parameter
 * counts; bits per weight follow from them (file bytes × 8 ÷ parameters), since a K-quant mixes
 * block types (Q4_K_M keeps some tensors at 6 bits) and no single figure per quantisation is true.
 */
interface GgufEntry {
  name: string;
  label: string;
  url: string;
  paramsBillions: number;
  fileBytes: number;
  contextLength: number;
  /** Transformer blocks (the model card's config: num_hidden_layers / n_layers). */
  layers: number;
  /** The file's quantisation, as its name and model card say (llama.cpp's name). */
  fileType: string;
}

const HF = 'https://huggingface.co';

const GGUF_MODELS: GgufEntry[] = [
  { name: 'stories260K', label: 'TinyLlamas stories 260K (F32)', url: `${HF}/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf`, paramsBillions: 0.00026, fileBytes: 1_185_376, contextLength: 512, layers: 5, fileType: 'F32' },
  { name: 'stories15M-q4_0', label: 'TinyLlamas stories 15M (Q4_0)', url: `${HF}/ggml-org/models/resolve/main/tinyllamas/stories15M-q4_0.gguf`, paramsBillions: 0.015, fileBytes: 19_077_344, contextLength: 256, layers: 6, fileType: 'Q4_0' },
  { name: 'smollm2-360m-instruct-q8_0', label: 'SmolLM2 360M Instruct (Q8_0)', url: `${HF}/HuggingFaceTB/SmolLM2-360M-Instruct-GGUF/resolve/main/smollm2-360m-instruct-q8_0.gguf`, paramsBillions: 0.362, fileBytes: 386_404_992, contextLength: 8192, layers: 32, fileType: 'Q8_0' },
  { name: 'qwen2.5-0.5b-instruct-q4_k_m', label: 'Qwen2.5 0.5B Instruct (Q4_K_M)', url: `${HF}/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf`, paramsBillions: 0.494, fileBytes: 491_400_032, contextLength: 32768, layers: 24, fileType: 'Q4_K_M' },
  { name: 'Llama-3.2-1B-Instruct-Q4_K_M', label: 'Llama 3.2 1B Instruct (Q4_K_M)', url: `${HF}/bartowski/Llama-3.2-1B-Instruct-GGUF/resolve/main/Llama-3.2-1B-Instruct-Q4_K_M.gguf`, paramsBillions: 1.24, fileBytes: 807_690_656, contextLength: 131072, layers: 16, fileType: 'Q4_K_M' },
  { name: 'qwen2.5-1.5b-instruct-q4_k_m', label: 'Qwen2.5 1.5B Instruct (Q4_K_M)', url: `${HF}/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf`, paramsBillions: 1.54, fileBytes: 1_117_320_736, contextLength: 32768, layers: 28, fileType: 'Q4_K_M' },
  { name: 'Llama-3.2-3B-Instruct-Q4_K_M', label: 'Llama 3.2 3B Instruct (Q4_K_M)', url: `${HF}/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/main/Llama-3.2-3B-Instruct-Q4_K_M.gguf`, paramsBillions: 3.21, fileBytes: 2_019_377_696, contextLength: 131072, layers: 28, fileType: 'Q4_K_M' },
];

/** Bits per weight from a recorded size: bytes × 8 ÷ parameters (the header and vocabulary count too, a few MB). */
export function bitsFromSize(bytes: number, paramsBillions: number): number {
  return (bytes * 8) / (paramsBillions * 1e9);
}

export function ggufCatalog(): ModelDescriptor[] {
  return GGUF_MODELS.map((m) => ({
    id: `gguf:${m.name}`,
    engine: 'wllama',
    label: m.label,
    paramsBillions: m.paramsBillions,
    bitsPerWeight: bitsFromSize(m.fileBytes, m.paramsBillions),
    weightBytes: m.fileBytes,
    vramRequiredMB: null,
    contextLength: m.contextLength,
    layers: m.layers,
    fileType: m.fileType,
    requiredFeatures: [],
    url: m.url,
    source: 'prebuilt',
  }));
}
