// Entry for scripts/bench-hardware.mjs: the Benchmark Collector's suite in plain Node, on whatever
// adapter Dawn finds (SwiftShader here, the real GPU on a machine with Vulkan/Metal/D3D12 drivers).
// Prints one JSON object: the suite result plus the adapter facts.
import { cpus } from 'node:os';
import { adapterFacts } from '../hardware/detect';
import { nodeGpu } from './node-gpu';
import { runSuite } from './suite';

const gpu = await nodeGpu();
const adapter = gpu ? await gpu.requestAdapter({ powerPreference: 'high-performance' }) : null;
const result = await runSuite({ gpu: gpu ?? undefined, cores: cpus().length }, {}, (p) => process.stderr.write(`${Math.round(p.fraction * 100)} % ${p.step}\n`));
process.stdout.write(JSON.stringify({ runtime: `node ${process.version} + webgpu (Dawn)`, adapter: adapter ? adapterFacts(adapter) : null, ...result }, null, 1) + '\n');
process.exit(0);
