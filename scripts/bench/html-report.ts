import type { Verdict } from '../../src/regression/detector';
import type { BenchBaseline, BenchResults, MetricResult } from './results';
import { opText } from './gates';

/** Self-contained HTML report: a verdict table and one inline-SVG plot per metric. */

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const num = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : '–');

/**
 * Samples in run order (dots), the 95 % interval of the mean (band) and median (line); the
 * baseline's samples in grey on the left, so drift and spread are visible at a glance.
 */
export function metricSvg(m: MetricResult, baselineSamples: number[] | null): string {
  const W = 420;
  const H = 160;
  const padL = 56;
  const padR = 10;
  const padT = 10;
  const padB = 24;
  const base = baselineSamples ?? [];
  const all = [...base, ...m.samples];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) {
    hi += Math.abs(hi) * 0.05 || 1;
    lo -= Math.abs(lo) * 0.05 || 1;
  }
  const span = hi - lo;
  lo -= span * 0.1;
  hi += span * 0.1;
  const n = all.length;
  const x = (i: number) => padL + ((i + 0.5) / n) * (W - padL - padR);
  // Clamped to the plot area: a wide interval of the mean may reach past the samples.
  const y = (v: number) => padT + (1 - (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (H - padT - padB);
  const parts: string[] = [];
  parts.push(`<rect x="${padL}" y="${padT}" width="${W - padL - padR}" height="${H - padT - padB}" fill="#1d2029" stroke="#2d3140"/>`);
  for (const t of [lo + (hi - lo) * 0.1, (lo + hi) / 2, hi - (hi - lo) * 0.1]) {
    parts.push(`<text x="${padL - 4}" y="${y(t) + 4}" text-anchor="end" font-size="10" fill="#9aa0b2">${num(t)}</text>`);
    parts.push(`<line x1="${padL}" x2="${W - padR}" y1="${y(t)}" y2="${y(t)}" stroke="#2d3140"/>`);
  }
  const x0 = x(base.length) - (W - padL - padR) / n / 2;
  const { lo: c0, hi: c1, coverage } = m.summary.medianCi;
  parts.push(`<rect x="${x0}" y="${y(c1)}" width="${W - padR - x0}" height="${Math.max(1, y(c0) - y(c1))}" fill="#f2b13c" opacity="0.18"><title>interval of the median ${num(c0)} – ${num(c1)} (${(coverage * 100).toFixed(1)} % coverage)</title></rect>`);
  parts.push(`<line x1="${x0}" x2="${W - padR}" y1="${y(m.summary.median)}" y2="${y(m.summary.median)}" stroke="#f2b13c" stroke-dasharray="4 3"><title>median ${num(m.summary.median)}</title></line>`);
  base.forEach((v, i) => parts.push(`<circle cx="${x(i)}" cy="${y(v)}" r="3" fill="#9aa0b2"><title>baseline ${num(v)}</title></circle>`));
  m.samples.forEach((v, i) => parts.push(`<circle cx="${x(base.length + i)}" cy="${y(v)}" r="3.5" fill="#f2b13c"><title>run ${i + 1}: ${num(v)}</title></circle>`));
  if (base.length) parts.push(`<line x1="${x0}" x2="${x0}" y1="${padT}" y2="${H - padB}" stroke="#9aa0b2" stroke-dasharray="2 2"/>`);
  parts.push(`<text x="${padL}" y="${H - 6}" font-size="10" fill="#9aa0b2">${base.length ? `baseline (${base.length}) | this run (${m.samples.length})` : `this run (${m.samples.length} samples)`} — ${esc(m.unit)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(m.name)}">${parts.join('')}</svg>`;
}

export function htmlReport(results: BenchResults, baseline: BenchBaseline | null): string {
  const verdictOf = (name: string): Verdict | undefined => results.comparison.verdicts.find((v) => v.metric === name);
  const rows = results.metrics
    .map((m) => {
      const v = verdictOf(m.name);
      const cls = v?.status === 'regression' ? 'bad' : v?.status === 'improvement' ? 'ok' : '';
      return `<tr><td>${esc(m.name)}</td><td>${esc(m.unit)}</td><td>${m.direction === 'higher-is-better' ? 'higher' : 'lower'}</td><td>${m.summary.n}</td><td>${num(m.summary.median)}</td><td>${num(m.summary.mean)} ± ${num(m.summary.sd)}</td><td>${num(m.summary.medianCi.lo)} – ${num(m.summary.medianCi.hi)} (${(m.summary.medianCi.coverage * 100).toFixed(1)} %)</td><td>${num(m.summary.p95)}</td><td class="${cls}">${v ? esc(v.status === 'regression' ? `${v.severity} regression` : v.status) : 'no baseline'}</td><td class="why">${v ? esc(v.explanation) : ''}</td></tr>`;
    })
    .join('\n');
  const gates = results.gates ?? [];
  const gateRows = gates
    .map((g) => {
      const cls = g.status === 'fail' ? 'bad' : g.status === 'pass' ? 'ok' : 'muted';
      return `<tr><td>${esc(g.metric)}</td><td>${opText(g.op)} ${num(g.threshold)} ${esc(g.unit)}</td><td>${g.figure === null ? '–' : `${num(g.figure)} ${esc(g.unit)}`}</td><td>${g.n}</td><td class="${cls}">${g.status === 'fail' ? 'FAIL' : g.status}</td><td class="why">${esc(g.means)}</td></tr>`;
    })
    .join('\n');
  const failed = gates.filter((g) => g.status === 'fail').length;
  const measured = gates.filter((g) => g.status !== 'not measured').length;
  const gateSection = gates.length
    ? `<h2>Gates</h2>
<p>${failed ? `<span class="bad">${failed} of ${measured} measured gates failed.</span>` : `All ${measured} measured gates passed.`} Each gate checks the median of this run's samples against a fixed threshold (<code>scripts/bench/gates.ts</code>); <code>npm run bench -- --gates</code> makes a failed gate fail the run.</p>
<table><thead><tr><th>gate</th><th>threshold</th><th>median</th><th>n</th><th>result</th><th>what it means</th></tr></thead><tbody>
${gateRows}
</tbody></table>
`
    : '';
  const aa = results.aa;
  const aaSection = aa
    ? `<h2>A/A check</h2>
<p class="${aa.pass ? 'ok' : 'bad'}" data-testid="aa-check">${aa.flagged} of ${aa.judged} metrics flagged as regressions when this run is compared with itself: ${(aa.flaggedShare * 100).toFixed(1)} % (must be ≤ ${aa.maxFlaggedShare * 100} %) — ${aa.pass ? 'pass' : 'FAIL'}.</p>
<p class="muted">${esc(aa.method)}. A share above the limit means the detector mistakes this machine's noise for regressions.</p>
${aa.acrossRuns ? `<p data-testid="aa-across-runs">Against ${aa.acrossRuns.earlierRuns} earlier run(s) of the same build: the sample-level detector (samples as independent) flags ${aa.acrossRuns.sampleLevel.flagged} of ${aa.acrossRuns.sampleLevel.judged} metrics (${(aa.acrossRuns.sampleLevel.flaggedShare * 100).toFixed(1)} %), the run-level comparison ${aa.acrossRuns.runLevel.flagged} of ${aa.acrossRuns.runLevel.judged} (${(aa.acrossRuns.runLevel.flaggedShare * 100).toFixed(1)} %; it needs ≥ 3 earlier runs).</p>` : ''}
${aa.flagged ? `<ul>${aa.rows.filter((r) => r.status === 'regression').map((r) => `<li>${esc(r.metric)}: ${num(r.percentChange)} %, p = ${num(r.p)}</li>`).join('')}</ul>` : ''}
`
    : '';
  const plots = results.metrics
    .map((m) => `<figure><figcaption>${esc(m.name)}${m.detail ? ` <span class="muted">(${esc(m.detail)})</span>` : ''}</figcaption>${metricSvg(m, baseline?.metrics[m.name]?.samples ?? null)}</figure>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>WIRTHFORGE bench ${new Date(results.startedAt).toISOString()}</title>
<style>
body{font-family:system-ui,sans-serif;background:#14161c;color:#e6e8ee;margin:1.5rem}
table{border-collapse:collapse}th,td{padding:.3rem .5rem;border-bottom:1px solid #2d3140;text-align:left;font-variant-numeric:tabular-nums}
.bad{color:#ef5b3a;font-weight:600}.ok{color:#4cc98a}.muted,.why{color:#9aa0b2}.why{font-size:.8rem}
.plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(430px,1fr));gap:1rem}figure{margin:0}figcaption{margin-bottom:.2rem}
</style></head><body>
<h1>WIRTHFORGE Performance — benchmark report</h1>
<p class="muted">${new Date(results.startedAt).toISOString()} · ${results.short ? 'short mode' : 'full mode'} · ${results.reps} repetitions · ${esc(Object.entries(results.machine).map(([k, v]) => `${k} ${String(v)}`).join(', '))}</p>
<p>${baseline ? `Compared with the baseline of ${new Date(baseline.createdAt).toISOString()} (Welch t-test, p &lt; 0.05, |d| &gt; 0.2, SPEC §3.6).` : 'No baseline stored: save one with <code>npm run bench -- --save-baseline</code>.'}</p>
<table><thead><tr><th>metric</th><th>unit</th><th>better</th><th>n</th><th>median</th><th>mean ± sd</th><th>median interval</th><th>p95</th><th>verdict</th><th>numbers</th></tr></thead><tbody>
${rows}
</tbody></table>
${gateSection}${aaSection}<h2>Samples</h2>
<div class="plots">${plots}</div>
</body></html>
`;
}
