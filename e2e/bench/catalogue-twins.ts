import type { Page } from '@playwright/test';
import { createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ggufChunks, ggufFacts, type GgufSpec } from '../../src/models/gguf/gguf-writer.mjs';
import { ggufCatalog } from '../../src/models/catalog-gguf';
import { predictDecodeTps, predictTtftMs, type EngineFit, type QuantFormat } from '../../src/capacity/engine-fit';
import { quantisedWeightsOf } from '../../src/capacity/probe-predictions';
import { median } from '../../src/regression/stats';
import { recordMetric } from './kit';

/**
 * Catalogue twins: GGUF files of a catalogue model's exact shape (blocks, width, heads, feed-forward,
 * vocabulary, tied embeddings) and quantisation, with seeded values in place of its weights — its
 * size within 1 % of the published file's, and its speed the real model's (speed does not depend on
 * the values). One per quantised format the probe measures, so the plan's cold prediction for a
 * model a person would download is set beside what that model's twin decodes here, offline.
 */
export const TWINS: { catalogueId: string; spec: GgufSpec & { weightType: QuantFormat } }[] = [
  {
    catalogueId: 'gguf:Llama-3.2-1B-Instruct-Q4_K_M',
    spec: { name: 'twin-llama-3.2-1b', seed: 31, nLayer: 16, nEmbd: 2048, nHead: 32, nHeadKv: 8, nFf: 8192, vocabSize: 128256, tiedEmbeddings: true, contextLength: 1024, weightType: 'q4_k_m' },
  },
  {
    catalogueId: 'gguf:smollm2-360m-instruct-q8_0',
    spec: { name: 'twin-smollm2-360m', seed: 32, nLayer: 32, nEmbd: 960, nHead: 15, nHeadKv: 5, nFf: 2560, vocabSize: 49152, tiedEmbeddings: true, contextLength: 1024, weightType: 'q8_0' },
  },
  {
    // No catalogue model is a q4_0 file of this size: Qwen2.5-0.5B's shape (without its biases) in q4_0.
    catalogueId: 'gguf:qwen2.5-0.5b-instruct-q4_k_m',
    spec: { name: 'twin-qwen2.5-0.5b-q4_0', seed: 33, nLayer: 24, nEmbd: 896, nHead: 14, nHeadKv: 2, nFf: 4864, vocabSize: 151936, tiedEmbeddings: true, contextLength: 1024, weightType: 'q4_0' },
  },
];

/** A short question: the byte-level vocabulary spends a token per character, and a q4_0 prompt token costs ~0.4 s on the 0.5 B twin. */
const PROMPT = 'Hi.';

/**
 * Each twin built into the served folder (`outDir`), loaded in a fresh worker as a member gets it
 * (one thread, as the probe measures), three answers after a first one: decode speed and first token
 * beside what the plan predicts from `fit` (the latest probe), and from `earlier` (the first probe,
 * minutes before: how far one probe's quantised costs move from the next's on this machine). Not
 * gated: one twin each, minutes apart from the probe.
 */
export async function catalogueTwins(page: Page, fit: EngineFit, earlier: EngineFit, outDir: string) {
  const out = [];
  for (const twin of TWINS) {
    const facts = ggufFacts(twin.spec);
    const published = ggufCatalog().find((m) => m.id === twin.catalogueId)!;
    const file = `bench-twin-${twin.spec.name}.gguf`;
    const stream = createWriteStream(join(outDir, file));
    for (const chunk of ggufChunks(twin.spec, 'tiled')) if (!stream.write(chunk)) await new Promise<void>((r) => stream.once('drain', () => r()));
    await new Promise<void>((r) => stream.end(() => r()));
    try {
      const m = await page.evaluate(
        async ({ file, layers, prompt }) => {
          const { WorkerEngine, resolveModel } = (window as any).__wfBare;
          const { descriptor } = await resolveModel('generated:wirthforge-tiny');
          const blob = await (await fetch(`/${file}`)).blob();
          const engine = new WorkerEngine('wllama');
          try {
            await engine.load({ ...descriptor, id: file, label: file, weightBytes: blob.size, layers, contextLength: 1024, url: null }, { config: { file: blob, threads: 1 } });
            const ask = (content: string, max: number, seed: number) => ({ messages: [{ role: 'user', content }], max_tokens: max, ignore_eos: true, seed });
            // A fresh model's first answer reads slow (as in the probe); its speed sizes the others (~4 s each).
            const first = await engine.chat(ask(prompt, 4, 1), {});
            const tokens = Math.max(6, Math.min(64, Math.round(first.decodeTokensPerSecond * 4)));
            const decode: number[] = [];
            const ttft: number[] = [];
            let promptTokens = 0;
            for (let i = 0; i < 3; i++) {
              const r = await engine.chat(ask(`${i + 1}. ${prompt}`, tokens, 2 + i), {});
              decode.push(r.decodeTokensPerSecond);
              ttft.push(r.ttftMs);
              promptTokens = r.promptTokens;
            }
            return { bytes: blob.size, tokens, decode, ttft, promptTokens };
          } finally {
            engine.kill('benchmark done');
          }
        },
        { file, layers: facts.nLayer, prompt: PROMPT },
      );
      // The plan's own predictors, with the twin's own facts (the catalogue's published size and
      // parameters would give nearly the same: the twin is within 1 % of them).
      const quantised = quantisedWeightsOf({ bitsPerWeight: (facts.bytes * 8) / facts.params, paramsBillions: facts.params / 1e9, fileType: twin.spec.weightType.toUpperCase() })!;
      const predicted = predictDecodeTps(fit.decode, m.bytes, facts.nLayer, quantised);
      const predictedEarlier = predictDecodeTps(earlier.decode, m.bytes, facts.nLayer, quantised);
      const measured = median(m.decode);
      const ttftOf = (f: EngineFit) => (f.prefill ? predictTtftMs(f.prefill, m.promptTokens, facts.params, quantised.format) : null);
      const ttftPredicted = ttftOf(fit);
      const ttftPredictedEarlier = ttftOf(earlier);
      const ttftMeasured = median(m.ttft);
      const name = `${twin.spec.name} (${quantised.format})`;
      recordMetric({ name: `decode catalogue twin ${name}`, unit: 'tokens/s', direction: 'bigger', samples: m.decode, detail: `${(facts.params / 1e9).toFixed(3)} B parameters, ${(m.bytes / 1e6).toFixed(0)} MB (the catalogue's ${published.label}: ${((published.weightBytes ?? 0) / 1e6).toFixed(0)} MB)` });
      recordMetric({ name: `cold prediction |error| catalogue twin ${name}`, unit: 'ratio', direction: 'smaller', samples: [Math.abs(predicted / measured - 1)], detail: `the plan's cold prediction from the latest probe's fit: ${predicted.toFixed(2)} tok/s (the first probe's: ${predictedEarlier.toFixed(2)}), measured ${measured.toFixed(2)}` });
      out.push({ twin: twin.spec.name, catalogueId: twin.catalogueId, format: quantised.format, bytes: m.bytes, publishedBytes: published.weightBytes, params: facts.params, layers: facts.nLayer, tokens: m.tokens, decodeSamples: m.decode, measured, predicted, error: predicted / measured - 1, predictedFirstProbe: predictedEarlier, errorFirstProbe: predictedEarlier / measured - 1, ttftSamples: m.ttft, promptTokens: m.promptTokens, ttftMeasured, ttftPredicted, ttftError: ttftPredicted === null ? null : ttftPredicted / ttftMeasured - 1, ttftPredictedFirstProbe: ttftPredictedEarlier, ttftErrorFirstProbe: ttftPredictedEarlier === null ? null : ttftPredictedEarlier / ttftMeasured - 1 });
      console.log(`predictions: catalogue twin ${name}, ${(m.bytes / 1e6).toFixed(0)} MB: decode predicted ${predicted.toFixed(2)} tok/s, measured ${measured.toFixed(2)} (${((predicted / measured - 1) * 100).toFixed(0)} %; from the first probe ${predictedEarlier.toFixed(2)}, ${((predictedEarlier / measured - 1) * 100).toFixed(0)} %); first token (${m.promptTokens} tokens) predicted ${ttftPredicted?.toFixed(0) ?? '—'} ms (from the first probe ${ttftPredictedEarlier?.toFixed(0) ?? '—'}), measured ${ttftMeasured.toFixed(0)} ms`);
    } finally {
      rmSync(join(outDir, file), { force: true });
    }
  }
  return out;
}
