// True parameter counts (billions) of the model families in web-llm's prebuilt list, so the
// catalogue does not read sizes from model ids (ids under-count: "Llama-3.2-1B" has 1.24 B,
// "gemma-2-2b" 2.61 B). Each entry: [pattern on model_id, billions, where the figure comes from].
// Sources are the models' own Hugging Face pages (the safetensors parameter count, or the
// "Number of Parameters" of the model card where noted); first match wins, so specific patterns
// come before general ones. Families missing here get null and a warning from the generator.
const HF = 'https://huggingface.co';

export const PARAMS_BILLIONS = [
  // Meta Llama
  [/^Llama-3\.2-1B/i, 1.24, `${HF}/meta-llama/Llama-3.2-1B-Instruct`],
  [/^(Hermes-3-)?Llama-3\.2-3B/i, 3.21, `${HF}/meta-llama/Llama-3.2-3B-Instruct`],
  [/^(Llama-3(\.1)?-8B|DeepSeek-R1-Distill-Llama-8B|Hermes-2-(Pro|Theta)-Llama-3-8B|Hermes-3-Llama-3\.1-8B)/i, 8.03, `${HF}/meta-llama/Llama-3.1-8B-Instruct`],
  [/^Llama-3(\.1)?-70B/i, 70.6, `${HF}/meta-llama/Llama-3.1-70B-Instruct`],
  [/^Llama-2-7b/i, 6.74, `${HF}/meta-llama/Llama-2-7b-chat-hf`],
  [/^Llama-2-13b/i, 13.0, `${HF}/meta-llama/Llama-2-13b-chat-hf`],
  [/^TinyLlama-1\.1B/i, 1.1, `${HF}/TinyLlama/TinyLlama-1.1B-Chat-v1.0`],
  // Mistral and its fine-tunes (v0.3 has a larger vocabulary)
  [/^Mistral-7B-Instruct-v0\.3/i, 7.25, `${HF}/mistralai/Mistral-7B-Instruct-v0.3`],
  [/^(Mistral-7B-Instruct-v0\.2|Hermes-2-Pro-Mistral-7B|OpenHermes-2\.5-Mistral-7B|NeuralHermes-2\.5-Mistral-7B|WizardMath-7B-V1\.1)/i, 7.24, `${HF}/mistralai/Mistral-7B-Instruct-v0.2`],
  [/^Ministral-3-3B/i, 3.4, `${HF}/mistralai/Ministral-3-3B-Instruct-2512 (language model; card, rounded)`],
  // Microsoft Phi
  [/^Phi-3(\.5)?-mini/i, 3.82, `${HF}/microsoft/Phi-3.5-mini-instruct`],
  [/^Phi-4-mini/i, 3.84, `${HF}/microsoft/Phi-4-mini-instruct`],
  [/^phi-2/i, 2.78, `${HF}/microsoft/phi-2`],
  [/^phi-1_5/i, 1.42, `${HF}/microsoft/phi-1_5`],
  // Hugging Face SmolLM2
  [/^SmolLM2-1\.7B/i, 1.71, `${HF}/HuggingFaceTB/SmolLM2-1.7B-Instruct`],
  [/^SmolLM2-360M/i, 0.362, `${HF}/HuggingFaceTB/SmolLM2-360M-Instruct`],
  [/^SmolLM2-135M/i, 0.135, `${HF}/HuggingFaceTB/SmolLM2-135M-Instruct`],
  // Google Gemma
  [/^gemma-4-E2B/i, 5.1, `${HF}/google/gemma-4-E2B-it (2.3 B effective; 5.1 B stored with per-layer embeddings)`],
  [/^gemma-2-2b/i, 2.61, `${HF}/google/gemma-2-2b-it`],
  [/^gemma-2-9b/i, 9.24, `${HF}/google/gemma-2-9b-it`],
  [/^gemma3-1b/i, 1.0, `${HF}/google/gemma-3-1b-it`],
  [/^gemma-2b/i, 2.51, `${HF}/google/gemma-2b-it`],
  // Allen AI OLMo 2
  [/^OLMo-2-1124-7B/i, 7.3, `${HF}/allenai/OLMo-2-1124-7B-Instruct`],
  [/^OLMo-2-0425-1B/i, 1.48, `${HF}/allenai/OLMo-2-0425-1B-Instruct`],
  // Qwen (Qwen3 cards give total and non-embedding counts; Qwen3.5 cards give the language model's, rounded)
  [/^Qwen3-0\.6B/i, 0.596, `${HF}/Qwen/Qwen3-0.6B (0.44 B non-embedding + 0.156 B tied embedding)`],
  [/^Qwen3-1\.7B/i, 1.72, `${HF}/Qwen/Qwen3-1.7B`],
  [/^Qwen3-4B/i, 4.02, `${HF}/Qwen/Qwen3-4B`],
  [/^Qwen3-8B/i, 8.19, `${HF}/Qwen/Qwen3-8B`],
  [/^Qwen3\.5-0\.8B/i, 0.8, `${HF}/Qwen/Qwen3.5-0.8B (card, rounded)`],
  [/^Qwen3\.5-2B/i, 2.0, `${HF}/Qwen/Qwen3.5-2B (card, rounded)`],
  [/^Qwen3\.5-4B/i, 4.0, `${HF}/Qwen/Qwen3.5-4B (card, rounded)`],
  [/^Qwen3\.5-9B/i, 9.0, `${HF}/Qwen/Qwen3.5-9B (card, rounded)`],
  [/^Qwen2(\.5)?(-Coder|-Math)?-0\.5B/i, 0.494, `${HF}/Qwen/Qwen2.5-0.5B-Instruct`],
  [/^Qwen2(\.5)?(-Coder|-Math)?-1\.5B/i, 1.54, `${HF}/Qwen/Qwen2.5-1.5B-Instruct`],
  [/^Qwen2\.5(-Coder)?-3B/i, 3.09, `${HF}/Qwen/Qwen2.5-3B-Instruct`],
  [/^(Qwen2(\.5)?(-Coder|-Math)?-7B|DeepSeek-R1-Distill-Qwen-7B)/i, 7.62, `${HF}/Qwen/Qwen2.5-7B-Instruct`],
  // Others
  [/^stablelm-2-zephyr-1_6b/i, 1.64, `${HF}/stabilityai/stablelm-2-zephyr-1_6b`],
  [/^RedPajama-INCITE-Chat-3B-v1/i, 2.78, `${HF}/togethercomputer/RedPajama-INCITE-Chat-3B-v1`],
];

/** The recorded parameter count of a web-llm model id, or null when its family is not in the table. */
export function paramsBillionsOf(modelId) {
  const hit = PARAMS_BILLIONS.find(([re]) => re.test(modelId));
  return hit ? hit[1] : null;
}

/** MLC's quantisation code in a model id or library URL ("q4f16_1"), or null. */
export function quantizationOf(text) {
  return /-(q\d+f\d+(?:_\d+)?)(?:[-_]|$)/.exec(text)?.[1] ?? null;
}
