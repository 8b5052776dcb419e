import { machine } from '../hardware/test-profiles';
import type { BackupStores } from './backup';

/** Valid records for every store, as the current version writes them, in key order (as getAll returns them). */
export function oneOfEach(): BackupStores {
  return {
    profiles: [{ id: 'p1', detectedAt: 1_700_000_000_000, profile: { ...machine({ gpu: {} }), detectedAt: 1_700_000_000_000 } }],
    benchmarkRuns: [
      {
        id: 'bench1',
        profileId: 'p1',
        startedAt: 1_700_000_000_500,
        results: [
          { kind: 'figure', name: 'gpu-bandwidth', label: 'GPU memory bandwidth', unit: 'GB/s', median: 12, min: 11, max: 13, relativeSpread: 0.17, samples: [11, 12, 13], durationMs: 300, detail: 'copy kernel' },
          { kind: 'skipped', name: 'gpu-matmul-f16', reason: 'no shader-f16' },
          { kind: 'suite', durationMs: 1200, adapterDescription: 'SwiftShader', isFallbackAdapter: true, largestGpuAllocationBytes: 536_870_912 },
          {
            kind: 'engine-probe', engine: 'wllama', device: 'cpu', threads: 1, durationMs: 21_000, phasesMs: { loading: 8000, alone: 7000, together: 6000 },
            decode: [{ bytes: 966_368, layers: 2, decodeTokensPerSecond: 880 }, { bytes: 13_760_896, layers: 16, decodeTokensPerSecond: 121 }, { bytes: 54_954_624, layers: 4, decodeTokensPerSecond: 80 }],
            prefill: [{ params: 241_000, promptTokens: 30, ttftMs: 12 }],
            council: [{ members: 2, bytes: 54_954_624, decodeTokensPerSecond: 62, run: 0 }, { members: 2, bytes: 54_954_624, decodeTokensPerSecond: 60, run: 0 }],
            restarts: 1,
          },
        ],
      },
    ],
    baselines: [
      { id: 'b1', metric: 'decode_tps', unit: 'tok/s', direction: 'higher-is-better', samples: [10, 11, 12, 10.5, 11.2, 9.9, 10.1, 10.4, 11.9, 12.2], createdAt: 1, updatedAt: 2, source: 'benchmark' },
    ],
    settings: [
      { key: 'hardware.tierOverride', value: 'mid' },
      { key: 'hardware.vramGB', value: 8 },
      { key: 'hardware.vramGpu', value: 'acme / rdna / Acme GPU' },
      { key: 'monitor.autoTuning', value: true },
      { key: 'scalability.points', value: [{ n: 1, throughput: 20 }, { n: 2, throughput: 35 }] },
      { key: 'webllm.modelBaseUrl', value: 'https://models.example.org/mlc' },
    ],
    actionLog: [{ id: 'a1', at: 3, action: 'lower UI quality', reason: 'fps 38 < 45', outcome: 'kept', before: 38, after: 57, metric: 'fps' }],
    customModels: [
      { id: 'gguf-1', engine: 'wllama', label: 'my tiny', addedAt: 4, config: { url: '/local-models/tiny.gguf', weightBytes: 1024 } },
      { id: 'remote-1', engine: 'remote', label: 'lab server', addedAt: 6, config: { baseUrl: 'http://10.0.0.5:8080', model: 'llama', apiKey: 'sk-secret-0123456789' } },
      { id: 'webllm-custom:x', engine: 'web-llm', label: 'x', addedAt: 5, config: { model: 'https://hf.example.org/x', model_lib: 'https://hf.example.org/x.wasm', requiredFeatures: [] } },
    ],
    measurements: [{ id: 'm1', at: 7, modelId: 'generated:tiny', engine: 'wllama', device: 'wasm', predictedTokensPerSecond: 40, measuredTokensPerSecond: 31.5 }],
    metricsHistory: [{ id: 'mh1', at: 8, metrics: { fps: 59.8, heapMB: null } }],
    loadTestRuns: [
      {
        id: 'load1',
        scenario: 'S2',
        startedAt: 9,
        report: {
          scenario: 'S2', short: true, target: 'council', capacity: 1, startedAt: 9, durationMs: 2000, stopped: false,
          counts: { submitted: 1, ok: 1, rejected: 0, error: 0, cancelled: 0, lost: 0 },
          errorRate: 0, rejectionRate: 0, errorsByName: {}, totalTokens: 8, throughput: 4,
          throughputSeries: { at: [0, 1], tokensPerSecond: [4, 4] }, throughputCv: 0,
          latencyMs: { p50: 900, p90: 900, p95: 900, p99: 900, max: 900 }, ttftMs: null, latencySamples: [900],
          perGroup: [{ group: '1', n: 1, medianLatencyMs: 900, medianServiceMs: null }],
          fps: { mean: 60, min: 58, p5: 58 }, memory: { firstBytes: null, lastBytes: null, peakBytes: null, growthBytesPerMinute: null },
          env: { at: [0], fps: [60], heapMB: [null], queueDepth: [0], inFlight: [1] }, maxQueueDepth: 0,
          checks: [{ name: 'Nothing lost', passed: true, detail: '1 submitted' }],
          events: [{ id: 0, tag: 'burst 1 (1)', group: '1', submittedAt: 0, settledAt: 900, outcome: 'ok', tokens: 8, ttftMs: 100, queuedMs: 0, errorName: null, errorMessage: null }],
        },
      },
    ],
  };
}

/**
 * The crafted file of issue 13: each record passes a shallow shape check but is wrong inside.
 * Every one must be refused on import and set aside when found stored.
 */
export function craftedBadRecords() {
  return {
    benchmarkRuns: [{ id: 'bench-bad', profileId: 'p1', startedAt: 10, results: [{ kind: 'figure' }] }],
    profiles: [{ id: 'p-bad', detectedAt: 11, profile: {} }],
    measurements: [{ id: 'm-bad', at: 12, modelId: 'generated:tiny', engine: 'wllama', device: 'wasm', predictedTokensPerSecond: 40, measuredTokensPerSecond: -5 }],
    settings: [{ key: 'hardware.tierOverride', value: { tier: 'mid', at: 5 } }],
  };
}
