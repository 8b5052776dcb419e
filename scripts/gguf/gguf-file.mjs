// Writes a generated GGUF model to a file (Node only); the bytes come from the portable builder.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ggufChunks, ggufFacts } from '../../src/models/gguf/gguf-writer.mjs';

/** Writes the model to `path`, streaming tensor by tensor. Returns {bytes, params, ...}. */
export async function writeGguf(path, spec) {
  const stream = createWriteStream(path);
  for (const chunk of ggufChunks(spec)) if (!stream.write(chunk)) await once(stream, 'drain');
  stream.end();
  await once(stream, 'finish');
  return ggufFacts(spec);
}
