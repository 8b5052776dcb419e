// Entry for a plain `node` process: prints the GpuCheckReport as JSON (see gpu-checks.ts).
import { nodeGpuDevice } from './node-gpu';
import { runGpuChecks } from './gpu-checks';

const { device, reason } = await nodeGpuDevice(['shader-f16', 'timestamp-query']);
if (!device) {
  process.stdout.write(JSON.stringify({ skipped: reason }) + '\n');
} else {
  const report = await runGpuChecks(device, 'webgpu (Dawn) in Node');
  process.stdout.write(JSON.stringify(report) + '\n');
  device.destroy();
}
process.exit(0);
