/**
 * Calibration of a comparison between two non-nested hypotheses A and B by toys (the parametric-bootstrap form of
 * Cox's test, D. R. Cox, Proc. 4th Berkeley Symp. 1 (1961) 105): the statistic Δ = −2lnL(A) − (−2lnL(B)), each
 * hypothesis fitted at its best point, has no χ² distribution (neither model contains the other), so its
 * distribution is sampled under each hypothesis with toys generated at that hypothesis's best fit to the data.
 * Large Δ favours B. Then
 *   p_if_A = P(Δ ≥ Δ_obs | A true)   — how often A alone produces a preference for B as strong as observed;
 *   p_if_B = P(Δ ≤ Δ_obs | B true)   — how often B produces a preference as weak as (or weaker than) observed.
 * A small p_if_A with a large p_if_B says the data favour B beyond what A's fluctuations explain.
 * Knows nothing of the hypotheses: it summarises the toy values.
 */
import { InvalidParameters } from '../../util/errors.js';

/** Toy calibration of Δ under both hypotheses. */
export interface NonNestedCalibration {
  readonly delta: number;
  /** P(Δ ≥ Δ_obs | A), with binomial error; half a toy when none reaches it (upper-side estimate). */
  readonly p_if_a: number;
  readonly p_if_a_error: number;
  /** P(Δ ≤ Δ_obs | B), with binomial error (same convention). */
  readonly p_if_b: number;
  readonly p_if_b_error: number;
  /** Valid toys under A and B, and toys whose fits failed (left out). */
  readonly n_toys_a: number;
  readonly n_toys_b: number;
  readonly n_failed_a: number;
  readonly n_failed_b: number;
  /** Median of Δ under A and under B. */
  readonly median_a: number | null;
  readonly median_b: number | null;
}

function tail(values: ReadonlyArray<number | null>, pass: (v: number) => boolean): { p: number; err: number; n: number; failed: number; median: number | null } {
  const ok = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = ok.length;
  const k = ok.filter(pass).length;
  const p = n > 0 ? Math.max(k, 0.5) / n : NaN;
  const sorted = [...ok].sort((a, b) => a - b);
  const median = n === 0 ? null : n % 2 ? sorted[(n - 1) / 2]! : 0.5 * (sorted[n / 2 - 1]! + sorted[n / 2]!);
  return { p, err: n > 0 ? Math.sqrt((p * (1 - p)) / n) : NaN, n, failed: values.length - n, median };
}

/** p-values of the observed Δ under A and under B from the toy values of Δ (null = failed toy). */
export function calibrateNonNested(delta: number, ifA: ReadonlyArray<number | null>, ifB: ReadonlyArray<number | null>): NonNestedCalibration {
  if (!Number.isFinite(delta)) throw new InvalidParameters(`non-nested calibration: observed Δ is ${delta}`);
  const a = tail(ifA, (v) => v >= delta - 1e-12);
  const b = tail(ifB, (v) => v <= delta + 1e-12);
  return {
    delta,
    p_if_a: a.p,
    p_if_a_error: a.err,
    p_if_b: b.p,
    p_if_b_error: b.err,
    n_toys_a: a.n,
    n_toys_b: b.n,
    n_failed_a: a.failed,
    n_failed_b: b.failed,
    median_a: a.median,
    median_b: b.median,
  };
}
