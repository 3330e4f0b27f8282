// Minimal typings for the parts of jstat that cevnsfit uses (jstat ships no types).
declare module 'jstat' {
  interface Dist1 {
    pdf(x: number, ...p: number[]): number;
    cdf(x: number, ...p: number[]): number;
    inv(p: number, ...q: number[]): number;
  }
  interface JStatStatic {
    normal: Dist1;
    chisquare: Dist1;
    gamma: Dist1;
    poisson: { pdf(k: number, l: number): number; cdf(k: number, l: number): number };
    noncentralchisquare?: Dist1;
    gammaln(x: number): number;
    gammafn(x: number): number;
    lowRegGamma(a: number, x: number): number;
    gammapinv(p: number, a: number): number;
    erf(x: number): number;
    erfc(x: number): number;
    erfcinv(p: number): number;
    [k: string]: unknown;
  }
  const jStat: JStatStatic;
  export default jStat;
  export { jStat };
}
