/**
 * Ordinary least-squares line through points, with the standard error of
 * its slope, so a trend can be told from noise.
 *
 * @module
 */

/** A fitted line `y = intercept + slope·x`. */
export interface LineFit {
  /** Points used. */
  n: number;
  /** Change of y per unit of x. */
  slope: number;
  /** y at x = 0. */
  intercept: number;
  /** Standard error of the slope; Infinity with fewer than three points or no spread in x. */
  slope_std_err: number;
}

/**
 * Fits a line through the points whose y is a finite number; null when fewer
 * than two such points remain or every x is the same.
 */
export function leastSquares(
  xs: readonly number[],
  ys: readonly (number | null)[],
): LineFit | null {
  const px: number[] = [];
  const py: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const y = ys[i];
    if (x === undefined || y === null || y === undefined || !Number.isFinite(y)) continue;
    if (!Number.isFinite(x)) continue;
    px.push(x);
    py.push(y);
  }
  const n = px.length;
  if (n < 2) return null;
  const mx = px.reduce((a, b) => a + b, 0) / n;
  const my = py.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = px[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (py[i]! - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const r = py[i]! - (intercept + slope * px[i]!);
    sse += r * r;
  }
  const slope_std_err = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : Infinity;
  return { n, slope, intercept, slope_std_err };
}
