/** The engine fit the probe-prediction tests share: a = 2 ms per token, 5 GB/s; prefill 10 ms + 0.01 ms per token per million params; C(2) = 1.6, C(3) ≈ 1.8. */
import type { EngineFit } from './engine-fit';

export const exampleFit: EngineFit = {
  engine: 'wllama', device: 'cpu', threads: 1,
  decode: { secondsPerToken: 0.002, secondsPerByte: 1 / 5e9, effectiveBandwidthGBps: 5, r2: 1, points: [] },
  prefill: { fixedMs: 10, firstTokenMsPerParam: 0, msPerToken: 0, msPerTokenPerParam: 1e-8, r2: 1 },
  council: { sigma: 0.25, kappa: 0, r2: 1, measuredUpTo: 3 },
};

/** Lone decode speed (tok/s) of a model of `bytes` on exampleFit's line. */
export const exampleLone = (bytes: number) => 1 / (0.002 + bytes / 5e9);
