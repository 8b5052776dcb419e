import { test } from '@playwright/test';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ggufChunks, ggufFacts } from '../src/models/gguf/gguf-writer.mjs';
import { TWINS } from './bench/catalogue-twins';
import { PROBE_MODELS } from '../src/bench/probe-models';

test('decode speed vs answer length', async ({ page }) => {
  test.setTimeout(1_800_000);
  await page.goto('/#/');
  const specs = [PROBE_MODELS.find((m) => m.id === 'probe-q4_k_m')!.spec, PROBE_MODELS.find((m) => m.id === 'probe-q4_k_m-large')!.spec, TWINS[0].spec];
  const out: unknown[] = [];
  for (const spec of specs) {
    const file = `zz-len-${spec.name}.gguf`;
    const stream = createWriteStream(join(process.env.E2E_OUT!, file));
    for (const chunk of ggufChunks(spec, 'tiled')) if (!stream.write(chunk)) await new Promise<void>((r) => stream.once('drain', () => r()));
    await new Promise<void>((r) => stream.end(() => r()));
    const f = ggufFacts(spec);
    const big = f.params > 5e8;
    const r = await page.evaluate(async ({ file, layers, lens }) => {
      const { WorkerEngine, resolveModel } = (window as any).__wfBare;
      const { descriptor } = await resolveModel('generated:wirthforge-tiny');
      const blob = await (await fetch(`/${file}`)).blob();
      const engine = new WorkerEngine('wllama');
      try {
        await engine.load({ ...descriptor, id: file, label: file, weightBytes: blob.size, layers, contextLength: 1024, url: null }, { config: { file: blob, threads: 1 } });
        const ask = (content: string, max: number, seed: number) => ({ messages: [{ role: 'user', content }], max_tokens: max, ignore_eos: true, seed });
        await engine.chat(ask('Tell me something about the sea and the sky.', 4, 1), {});
        const rows: { tokens: number; tps: number }[] = [];
        for (let i = 0; i < lens.length; i++) {
          const res = await engine.chat(ask('Tell me something about the sea and the sky.', lens[i], 2 + i), {});
          rows.push({ tokens: lens[i], tps: res.decodeTokensPerSecond });
        }
        return rows;
      } finally {
        engine.kill('done');
      }
    }, { file, layers: f.nLayer, lens: big ? [6, 32, 6, 32, 6, 32] : [8, 64, 8, 64, 8, 64, 8, 64] });
    console.log(spec.name, JSON.stringify(r));
    out.push({ name: spec.name, r });
  }
  writeFileSync('/tmp/exp/len.json', JSON.stringify(out, null, 2));
});
