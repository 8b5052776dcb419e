import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--enable-unsafe-webgpu', '--js-flags=--no-turbo-inlining'] });
const p = await b.newPage();
await p.goto('http://127.0.0.1:4222/#/dashboard');
await p.waitForTimeout(8000);
const c = await p.context().newCDPSession(p);
await c.send('Profiler.enable');
await c.send('Profiler.setSamplingInterval', { interval: 25 });
await c.send('Profiler.start');
await p.waitForTimeout(20000);
const { profile } = await c.send('Profiler.stop');
const costs = await p.evaluate(() => { const m = window.__wfMonitor; const med = (c) => [...c].sort((a, b) => a - b)[c.length >> 1]; const mean = (c) => c.reduce((a, b) => a + b, 0) / c.length; return { sample: mean(m.sampleCosts(200, 'sample')), workMed: med(m.sampleCosts(200, 'work')), workMean: mean(m.sampleCosts(200, 'work')) }; });
console.log(JSON.stringify(costs));
// self time per node, and total time under Monitor.tick
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const ch of n.children ?? []) parent.set(ch, n.id);
const self = new Map();
const dts = profile.timeDeltas; 
for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dts[i + 1] ?? 0));
// find tick nodes
const under = new Map();
let tickTotal = 0;
for (const [id, t] of self) {
  let cur = id; const chain = [];
  while (cur !== undefined) { chain.push(byId.get(cur).callFrame.functionName || '(anon)'); cur = parent.get(cur); }
  const ti = chain.indexOf('tick');
  if (ti >= 0) { tickTotal += t; const key = chain.slice(0, ti).reverse().join(' > ') || '(tick self)'; under.set(key, (under.get(key) ?? 0) + t); }
}
console.log('tick total ms', (tickTotal / 1000).toFixed(2), 'over 20 s =', 200, 'ticks');
console.log([...under].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${(v / 1000).toFixed(2)} ${k}`).join('\n'));
await b.close();
