// Merges Stryker incremental reports (mutation-testing-report-schema) into one, so the results of a
// scoped run (`--mutate src/x.ts --incrementalFile /tmp/x.json`) are reused by the next full
// `npm run test:mutation` instead of being recomputed. Later inputs win per source file and per test
// file; test ids are renumbered by (test file, test name).
//   node scripts/mutation-merge.mjs out.json in1.json in2.json ...
import { readFileSync, writeFileSync } from 'node:fs';
const [out, ...ins] = process.argv.slice(2);
const reports = ins.map((p) => JSON.parse(readFileSync(p, 'utf8')));
const merged = { ...reports.at(-1), files: {}, testFiles: {} };
const keyOf = []; // per report: old id -> key
for (const r of reports) {
  const m = new Map();
  for (const [tf, entry] of Object.entries(r.testFiles ?? {})) for (const t of entry.tests) m.set(t.id, `${tf}\u0000${t.name}`);
  keyOf.push(m);
  for (const [tf, entry] of Object.entries(r.testFiles ?? {})) merged.testFiles[tf] = structuredClone(entry);
}
const newId = new Map();
let next = 0;
for (const [tf, entry] of Object.entries(merged.testFiles)) for (const t of entry.tests) { const k = `${tf}\u0000${t.name}`; if (!newId.has(k)) newId.set(k, String(next++)); t.id = newId.get(k); }
reports.forEach((r, i) => {
  const remap = (ids) => ids?.map((id) => newId.get(keyOf[i].get(id))).filter((x) => x !== undefined);
  for (const [f, entry] of Object.entries(r.files)) {
    const e = structuredClone(entry);
    for (const mu of e.mutants) { if (mu.coveredBy) mu.coveredBy = remap(mu.coveredBy); if (mu.killedBy) mu.killedBy = remap(mu.killedBy); }
    merged.files[f] = e;
  }
});
writeFileSync(out, JSON.stringify(merged));
console.log(`merged ${Object.keys(merged.files).length} files, ${next} tests`);
