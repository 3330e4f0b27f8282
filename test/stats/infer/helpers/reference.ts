import jStat from 'jstat';

// Reference formulas for a single-bin counting experiment n ~ Pois(μ s + b), written out here
// independently of the library (arXiv:1007.1727; λ(μ) = μ s + b).
export const Phi = (x: number) => jStat.normal.cdf(x, 0, 1);
/** −2 ln [L(μ)/L(μ̂)] for one Poisson bin, n ln terms vanish at n = 0. */
export function lr(n: number, lamMu: number, lamHat: number): number {
  return 2 * (lamMu - lamHat + (n > 0 ? n * Math.log(lamHat / lamMu) : 0));
}
/** q̃_μ (eq. 16) with μ̂ = max(0, (n − b)/s). */
export function qTildeRef(n: number, s: number, b: number, mu: number): number {
  const muHat = Math.max(0, (n - b) / s);
  return muHat > mu ? 0 : lr(n, mu * s + b, muHat * s + b);
}
/** CL_s from q̃_μ and the Asimov q_μ,A (eq. 65–66 for CL_{s+b}; CL_b from the same formulas at μ' = 0). */
export function clsRef(q: number, qA: number): { cls: number; clsb: number; clb: number } {
  let clsb: number;
  let clb: number;
  if (q <= qA) {
    clsb = 1 - Phi(Math.sqrt(q));
    clb = Phi(Math.sqrt(qA) - Math.sqrt(q));
  } else {
    clsb = 1 - Phi((q + qA) / (2 * Math.sqrt(qA)));
    clb = 1 - Phi((q - qA) / (2 * Math.sqrt(qA)));
  }
  return { cls: clsb / clb, clsb, clb };
}
/** Expected CL_s at nσ = −2…+2 (background-only median shifted by nσ; index 0 is the smallest). */
export function clsExpRef(qA: number): number[] {
  return [-2, -1, 0, 1, 2].map((n) => (1 - Phi(Math.sqrt(qA) - n)) / Phi(n));
}

