/**
 * The COHERENT collaboration's own published CsI[Na] dark-matter limits, as project-owned digitisation tables (the
 * shared dataset mirror is read-only, and these curves are small). Each curve states the figure it was read from and
 * who digitised it. Values are rounded to 4 significant digits.
 *
 *  - `coherent-csi-2021-scalar`: arXiv:2110.11453 (COHERENT, PRL 130 (2023) 051803), Fig. 3, the curve "COHERENT CsI":
 *    90 % CL upper limit on Y = ε² α_D (m_χ/m_A′)⁴ against m_χ, complex-scalar χ, α_D = 0.5, m_A′ = 3 m_χ. Digitised
 *    by the public repository GitHub noctildon/lightDM, file `limits/2110.11453/purple solid.csv` (the solid purple
 *    line of that figure; we checked its values against the figure image of the same folder at 1, 10 and 100 MeV).
 *  - `coherent-csi-2022-leptophobic`: arXiv:2205.12414 (COHERENT, "A COHERENT constraint on leptophobic dark matter
 *    using CsI data"), Fig. 3, the curve "COHERENT CsI": 90 % CL upper limit on α_B against the mediator mass m_V
 *    (2–400 MeV), α_χ = 0.5. Digitised by GitHub noctildon/lightDM, `limits/2205.12414/COHERENT CsI.csv`; the scalar and
 *    fermion panels of that figure show the same CsI curve to the eye, and the digitisation does not say which panel
 *    it read.
 * Both are exclusions of the couplings above the curve (`excluded: 'above'`).
 */
import type { LimitCurve } from './limits.js';

interface Table {
  readonly name: string;
  readonly label: string;
  readonly variable: LimitCurve['couplingVariable'];
  /** What the mass column is. */
  readonly massAxis: 'm_chi' | 'm_V';
  readonly source: string;
  readonly rows: ReadonlyArray<readonly [number, number]>;
}

const SCALAR_2021: Table = {
  name: 'coherent-csi-2021-scalar',
  label: 'COHERENT CsI (arXiv:2110.11453)',
  variable: 'Y',
  massAxis: 'm_chi',
  source:
    'arXiv:2110.11453 Fig. 3 "COHERENT CsI" (complex scalar χ, α_D = 0.5, m_A′ = 3 m_χ); x = m_χ (MeV), y = Y; digitised by GitHub noctildon/lightDM limits/2110.11453/purple solid.csv',
  rows: [
    [1.085, 2.25e-11], [1.278, 2.091e-11], [1.551, 2.143e-11], [1.922, 2.143e-11], [2.31, 2.143e-11], [2.863, 2.25e-11],
    [3.62, 2.362e-11], [4.532, 2.603e-11], [5.503, 2.733e-11], [6.749, 2.94e-11], [7.708, 3.162e-11], [8.624, 3.32e-11],
    [10.05, 3.402e-11], [11.84, 3.571e-11], [13.65, 3.842e-11], [15.43, 4.445e-11], [17.81, 4.899e-11], [20.33, 5.952e-11],
    [23.22, 7.408e-11], [26.25, 9.221e-11], [29.07, 1.205e-10], [33.19, 1.613e-10], [36.39, 2.381e-10], [40.3, 3.514e-10],
    [44.18, 4.592e-10], [48.93, 6.454e-10], [54.75, 8.034e-10], [61.88, 1e-9], [74.37, 1.275e-9], [87.57, 1.627e-9],
    [98.98, 1.882e-9], [114.2, 2.459e-9], [127.8, 3.061e-9], [141.5, 4e-9], [156.7, 5.228e-9], [180.8, 6.049e-9],
  ],
};

const LEPTOPHOBIC_2022: Table = {
  name: 'coherent-csi-2022-leptophobic',
  label: 'COHERENT CsI (arXiv:2205.12414)',
  variable: 'alpha_B',
  massAxis: 'm_V',
  source:
    'arXiv:2205.12414 Fig. 3 "COHERENT CsI" (leptophobic vector, α_χ = 0.5); x = m_V (MeV), y = α_B; digitised by GitHub noctildon/lightDM limits/2205.12414/COHERENT CsI.csv',
  rows: [
    [2.011, 1.615e-11], [2.318, 2.038e-11], [2.64, 2.534e-11], [3.345, 2.571e-11], [4.164, 2.16e-11], [5.5, 2.191e-11],
    [7.662, 2.191e-11], [10.42, 1.868e-11], [13.13, 2.191e-11], [16.06, 2.068e-11], [21.08, 2.256e-11], [26.71, 2.322e-11],
    [34.46, 2.685e-11], [42.39, 2.93e-11], [56.99, 3.918e-11], [64.91, 4.531e-11], [82.26, 6.707e-11], [105.5, 1.491e-10],
    [118, 4.004e-10], [132.9, 1.107e-9], [163.4, 1.459e-9], [197.5, 2.068e-9], [259.3, 3.151e-9], [330.6, 5.971e-9],
    [397.2, 1.253e-8],
  ],
};

/** A collaboration curve with its mass axis and plot label. */
export interface CollaborationCurve extends LimitCurve {
  readonly label: string;
  readonly massAxis: 'm_chi' | 'm_V';
}

function toCurve(t: Table): CollaborationCurve {
  return {
    name: t.name,
    file: 'src/datasets/coherent-limits.ts',
    massMeV: Float64Array.from(t.rows, (r) => r[0]),
    coupling: Float64Array.from(t.rows, (r) => r[1]),
    couplingVariable: t.variable,
    fileMassUnit: 'MeV',
    convention: t.source,
    status: 'secondary',
    kind: 'limit',
    excluded: 'above',
    label: t.label,
    massAxis: t.massAxis,
  };
}

/** COHERENT's published CsI dark-matter limits (see the module comment for sources). */
export function coherentCsiLimits(): Record<string, CollaborationCurve> {
  return { [SCALAR_2021.name]: toCurve(SCALAR_2021), [LEPTOPHOBIC_2022.name]: toCurve(LEPTOPHOBIC_2022) };
}
