import type { GgufFacts, GgufSpec } from '../../src/models/gguf/gguf-writer.mjs';
export function writeGguf(path: string, spec: GgufSpec): Promise<GgufFacts>;
