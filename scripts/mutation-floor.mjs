// Per-file floor for `npm run test:mutation`: reads Stryker's JSON report
// (mutation-testing-report-schema) and fails when a mutated file scores below FILE_FLOOR % or the
// whole set below SET_FLOOR % (Stryker's thresholds.break checks the set too; this is the per-file
// part). Score = (killed + timed out) ÷ (killed + timed out + survived + no coverage), as Stryker's.
//   node scripts/mutation-floor.mjs [report.json] [--survivors [path-substring]]
import { readFileSync } from 'node:fs';

export const FILE_FLOOR = 75;
export const SET_FLOOR = 85;

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** Per-file and whole-set scores of a mutation-testing-report-schema report. */
export function scores(report) {
  const files = Object.entries(report.files).map(([name, f]) => {
    const detected = f.mutants.filter((m) => DETECTED.has(m.status)).length;
    const undetected = f.mutants.filter((m) => UNDETECTED.has(m.status)).length;
    const valid = detected + undetected;
    return { name, detected, undetected, valid, score: valid ? (100 * detected) / valid : 100 };
  });
  const detected = files.reduce((s, f) => s + f.detected, 0);
  const valid = files.reduce((s, f) => s + f.valid, 0);
  return { files: files.sort((a, b) => a.score - b.score), detected, valid, score: valid ? (100 * detected) / valid : 100 };
}

function main(argv) {
  const sIdx = argv.indexOf('--survivors');
  const filter = sIdx >= 0 ? (argv[sIdx + 1] ?? '') : null;
  const path = argv.find((a, i) => !a.startsWith('--') && (sIdx < 0 || i !== sIdx + 1)) ?? 'reports/mutation/mutation.json';
  const report = JSON.parse(readFileSync(path, 'utf8'));
  if (filter !== null) {
    for (const [name, f] of Object.entries(report.files)) {
      if (!name.includes(filter)) continue;
      const lines = f.source.split('\n');
      for (const m of f.mutants.filter((x) => UNDETECTED.has(x.status)).sort((a, b) => a.location.start.line - b.location.start.line)) {
        const l = m.location.start.line;
        console.log(`${name}:${l} ${m.status} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '')}\n    ${lines[l - 1].trim()}`);
      }
    }
    return 0;
  }
  const s = scores(report);
  const low = s.files.filter((f) => f.score < FILE_FLOOR);
  console.log(`mutation score per file (floor ${FILE_FLOOR} %), lowest first:`);
  for (const f of s.files) {
    const mark = f.score < FILE_FLOOR ? '  ✗ below the floor' : '';
    console.log(`  ${f.score.toFixed(1).padStart(5)} %  ${String(f.detected).padStart(4)}/${String(f.valid).padEnd(4)} ${f.name}${mark}`);
  }
  console.log(`whole set: ${s.score.toFixed(1)} % (${s.detected} of ${s.valid}; floor ${SET_FLOOR} %)`);
  if (low.length || s.score < SET_FLOOR) {
    console.error(`mutation floor not met: ${low.length} file(s) below ${FILE_FLOOR} %${s.score < SET_FLOOR ? `, the set below ${SET_FLOOR} %` : ''}`);
    return 1;
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
