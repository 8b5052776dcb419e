/**
 * Consensus System (seed "Consensus System"; SPEC §3.4): agreement between answers measured
 * cheaply — normalised exact match for short answers, word n-gram overlap for free text — and the
 * answer with the highest mean agreement wins, with that mean as its score.
 */

/** Lower-case, strip punctuation and surrounding whitespace, collapse spaces. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Answers of at most this many words are compared by exact match (a number, a name, yes/no). */
export const SHORT_WORDS = 6;
/** Two answers "agree" when their similarity reaches this. */
export const AGREEMENT_THRESHOLD = 0.5;

export function isShort(text: string): boolean {
  const n = normalise(text);
  return n.length > 0 && n.split(' ').length <= SHORT_WORDS;
}

function ngrams(words: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= words.length; i++) {
    const g = words.slice(i, i + n).join(' ');
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let inter = 0;
  let total = 0;
  for (const [g, c] of a) {
    inter += Math.min(c, b.get(g) ?? 0);
    total += c;
  }
  for (const c of b.values()) total += c;
  return total === 0 ? 0 : (2 * inter) / total;
}

/** Multiset Dice overlap of word unigrams and bigrams, averaged (0..1). Characters when no words. */
export function ngramSimilarity(a: string, b: string): number {
  const wa = normalise(a).split(' ').filter(Boolean);
  const wb = normalise(b).split(' ').filter(Boolean);
  if (!wa.length && !wb.length) return a.trim() === b.trim() ? 1 : 0;
  if (!wa.length || !wb.length) return 0;
  const uni = dice(ngrams(wa, 1), ngrams(wb, 1));
  if (wa.length < 2 || wb.length < 2) return uni;
  return (uni + dice(ngrams(wa, 2), ngrams(wb, 2))) / 2;
}

/** Similarity of two answers: exact match when both are short, n-gram overlap otherwise. */
export function similarity(a: string, b: string): { score: number; method: 'exact' | 'ngram' } {
  if (isShort(a) && isShort(b)) return { score: normalise(a) === normalise(b) ? 1 : 0, method: 'exact' };
  return { score: ngramSimilarity(a, b), method: 'ngram' };
}

export interface ConsensusResult {
  /** Index of the chosen answer in the input (−1 when there are none). */
  index: number;
  /** Mean agreement of the chosen answer with every other answer (1 for a single answer). */
  score: number;
  /** Indices of answers that agree with the chosen one (including itself). */
  agreeing: number[];
  method: 'exact' | 'ngram' | 'single' | 'none';
  /** Pairwise similarity matrix (for display and tests). */
  matrix: number[][];
}

export function consensus(answers: string[]): ConsensusResult {
  const n = answers.length;
  if (n === 0) return { index: -1, score: 0, agreeing: [], method: 'none', matrix: [] };
  if (n === 1) return { index: 0, score: 1, agreeing: [0], method: 'single', matrix: [[1]] };
  const matrix = answers.map(() => new Array<number>(n).fill(1));
  let anyNgram = false;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = similarity(answers[i], answers[j]);
      if (s.method === 'ngram') anyNgram = true;
      matrix[i][j] = matrix[j][i] = s.score;
    }
  let best = 0;
  let bestMean = -1;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) if (j !== i) sum += matrix[i][j];
    const mean = sum / (n - 1);
    // Ties: the earlier answer (it arrived first) wins, so the result is stable.
    if (mean > bestMean + 1e-12) (bestMean = mean), (best = i);
  }
  const agreeing = matrix[best].map((s, j) => (j === best || s >= AGREEMENT_THRESHOLD ? j : -1)).filter((j) => j >= 0);
  return { index: best, score: bestMean, agreeing, method: anyNgram ? 'ngram' : 'exact', matrix };
}

/** Groups answers into clusters of mutually agreeing ones (greedy, by first member); sizes descending. */
export function clusterSizes(answers: string[]): number[] {
  const reps: string[] = [];
  const sizes: number[] = [];
  for (const a of answers) {
    const k = reps.findIndex((r) => similarity(r, a).score >= AGREEMENT_THRESHOLD);
    if (k >= 0) sizes[k]++;
    else (reps.push(a), sizes.push(1));
  }
  return sizes.sort((x, y) => y - x);
}
