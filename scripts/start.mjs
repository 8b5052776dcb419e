#!/usr/bin/env node
// `npm start`: makes the tiny test model (so a council runs at once, offline) and serves the app.
// The tiny model has random weights: it measures speed, its words mean nothing; real models
// download on demand from the Models view.
import { spawn, spawnSync } from 'node:child_process';

const made = spawnSync(process.execPath, ['scripts/gguf/make-models.mjs'], { stdio: 'inherit' });
if (made.status !== 0) process.exit(made.status ?? 1);

const port = process.env.PORT ?? '5173';
console.log(`\nWIRTHFORGE Performance: open http://127.0.0.1:${port}/ (Ctrl+C to stop)\n`);
const vite = spawn('npx', ['vite', '--host', '127.0.0.1', '--port', port], { stdio: 'inherit' });
vite.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => vite.kill(sig));
