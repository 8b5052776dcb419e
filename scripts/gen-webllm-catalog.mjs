// Writes src/models/catalog-webllm.json from the installed @mlc-ai/web-llm (no network): the main
// bundle reads this small snapshot instead of importing the whole web-llm library for its list.
// Run after upgrading web-llm: `node scripts/gen-webllm-catalog.mjs`. Each record also carries its
// true parameter count (scripts/webllm-params.mjs, cited per family) and MLC quantisation code, so
// the app never reads sizes from ids; a family missing from that table is reported here.
import { writeFileSync, readFileSync } from 'node:fs';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { paramsBillionsOf, quantizationOf } from './webllm-params.mjs';

const version = JSON.parse(readFileSync(new URL('../node_modules/@mlc-ai/web-llm/package.json', import.meta.url), 'utf8')).version;
const models = prebuiltAppConfig.model_list
  .filter((m) => m.model_type === undefined || m.model_type === 0) // LLMs only: no embedding (1) or vision (2) models
  .map((m) => ({
    model_id: m.model_id,
    model: m.model,
    vram_required_MB: m.vram_required_MB ?? null,
    low_resource_required: m.low_resource_required ?? false,
    required_features: m.required_features ?? [],
    context_window_size: m.overrides?.context_window_size ?? null,
    buffer_size_required_bytes: m.buffer_size_required_bytes ?? null,
    params_billions: paramsBillionsOf(m.model_id),
    quantization: quantizationOf(m.model_id) ?? quantizationOf(m.model_lib ?? ''),
  }));
const unsized = models.filter((m) => m.params_billions === null || m.quantization === null).map((m) => m.model_id);
if (unsized.length) console.warn(`no parameter count or quantisation for ${unsized.length} model(s), add them to scripts/webllm-params.mjs: ${unsized.join(', ')}`);
const out = new URL('../src/models/catalog-webllm.json', import.meta.url);
writeFileSync(out, JSON.stringify({ webLlmVersion: version, models }, null, 1) + '\n');
console.log(`wrote ${models.length} web-llm models (web-llm ${version}) to ${out.pathname}`);
