/**
 * Small dense least squares for the predictors' fits (engine probe, USL): the normal equations
 * XᵀX β = Xᵀy solved by Gaussian elimination with partial pivoting. Sizes here are ≤ 4 unknowns.
 */

/** Solves A x = b (A square, small); null when A is singular. */
export function solveLinear(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-300) return null;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

export interface LeastSquaresFit {
  coefficients: number[];
  /** Coefficient of determination on the points fitted (1 = every point on the fit). */
  r2: number;
}

/** Coefficient of determination of predictions `fitted` for observations `y`. */
export function rSquared(y: readonly number[], fitted: readonly number[]): number {
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const sst = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  const sse = y.reduce((s, v, i) => s + (v - fitted[i]) ** 2, 0);
  return sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : 0;
}

/** Ordinary least squares of y on the columns of `rows` (include a column of 1s for an intercept). */
export function leastSquares(rows: readonly number[][], y: readonly number[]): LeastSquaresFit | null {
  const k = rows[0]?.length ?? 0;
  if (!k || rows.length < k) return null;
  const xtx = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => rows.reduce((s, r) => s + r[a] * r[b], 0)));
  const xty = Array.from({ length: k }, (_, a) => rows.reduce((s, r, i) => s + r[a] * y[i], 0));
  const coefficients = solveLinear(xtx, xty);
  if (!coefficients || coefficients.some((c) => !Number.isFinite(c))) return null;
  const fitted = rows.map((r) => r.reduce((s, v, a) => s + v * coefficients[a], 0));
  return { coefficients, r2: rSquared(y, fitted) };
}

/**
 * Least squares with every coefficient ≥ 0 (each is a cost): the best fit, by squared error, over
 * every set of the columns whose own fit has no negative coefficient — with a handful of unknowns,
 * that is the non-negative least-squares solution. Coefficients of columns left out are 0; null when
 * no set fits. (Noise pushes a small cost below 0; clamping it afterwards would leave the others
 * fitted to compensate for it.)
 */
export function nonNegativeLeastSquares(rows: readonly number[][], y: readonly number[]): number[] | null {
  const k = rows[0]?.length ?? 0;
  let best: { c: number[]; sse: number } | null = null;
  for (let set = 1; set < 1 << k; set++) {
    const cols = Array.from({ length: k }, (_, j) => j).filter((j) => set & (1 << j));
    const fit = leastSquares(rows.map((r) => cols.map((j) => r[j])), y);
    // Stryker disable next-line EqualityOperator: equivalent — a coefficient of exactly 0 is a boundary no measurement hits
    if (!fit || fit.coefficients.some((v) => !(v >= 0))) continue;
    const c = new Array<number>(k).fill(0);
    cols.forEach((j, i) => (c[j] = fit.coefficients[i]));
    const sse = rows.reduce((sum, r, i) => sum + (y[i] - r.reduce((s, v, j) => s + v * c[j], 0)) ** 2, 0);
    // Stryker disable next-line EqualityOperator: equivalent — on a tie either fit predicts alike
    if (!best || sse < best.sse) best = { c, sse };
  }
  return best?.c ?? null;
}
