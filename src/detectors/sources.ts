/**
 * Stopped-pion neutrino sources (beam exposure, ν yield, distance) and beam pulses per experiment, each number cited.
 * "UNVERIFIED" marks values that could not be checked against the primary paper with the search tool (paper bodies not
 * retrievable); their secondary source is named.
 */
import type { StoppedPionSource } from '../physics/flux.js';
import { doubleBunchPulse, gaussianPulse, type BeamPulse } from '../physics/timing.js';
import { protonsOnTargetFromCurrent } from '../physics/constants.js';

/** SNS exposure of the COHERENT CsI[Na] 2017 data set. */
export const SNS_CSI2017_SOURCE: StoppedPionSource = {
  name: 'SNS (CsI 2017 exposure)',
  protonEnergyGeV: 0.955,
  protonsOnTarget: 1.76e23,
  nuPerFlavorPerPot: 0.08,
  distanceM: 19.3,
  citations: {
    protonEnergyGeV: 'derived: 7.48 GW·h / 1.76e23 POT (docs/data.md §1.6); SNS ~1 GeV protons on Hg',
    protonsOnTarget: 'COHERENT, Science 357 (2017) 1123 (arXiv:1708.01294): 1.76e23 POT (UNVERIFIED; quoted by third-party reanalyses)',
    nuPerFlavorPerPot: 'COHERENT 2017 / data release arXiv:1804.09459: 0.08 ν per flavour per POT (UNVERIFIED; LAr YAML calls 0.09 an increase over the CsI value)',
    distanceM: 'COHERENT 2017: 19.3 m (UNVERIFIED; pyCEvNS detector_distance)',
  },
};

/** SNS exposure of the COHERENT CsI[Na] full data set (2021/2022). */
export const SNS_CSI2021_SOURCE: StoppedPionSource = {
  name: 'SNS (CsI full data set)',
  protonEnergyGeV: 0.984,
  protonsOnTarget: 3.198e23,
  nuPerFlavorPerPot: 0.0848,
  distanceM: 19.3,
  citations: {
    protonEnergyGeV: 'derived: 13.99 GW·h / 3.198e23 POT',
    protonsOnTarget: 'COHERENT, PRL 129 (2022) 081801 (arXiv:2110.07730): 3.198e23 POT = 13.99 GW·h (UNVERIFIED; third-party code)',
    nuPerFlavorPerPot: 'COHERENT 2021: 0.0848 ± 10 % (UNVERIFIED; Newtrinos sns_flux.jl prior)',
    distanceM: '19.3 m (Newtrinos coherent_csi.jl; UNVERIFIED against the paper)',
  },
};

/** SNS exposure of CENNS-10 Analysis A (all numbers from the release YAML, byte-identical to Zenodo 3903810). */
export const SNS_LAR2020_SOURCE: StoppedPionSource = {
  name: 'SNS (CENNS-10 Analysis A)',
  protonEnergyGeV: 0.997,
  protonsOnTarget: 13.8e22,
  nuPerFlavorPerPot: 0.09,
  distanceM: 27.5,
  citations: {
    protonEnergyGeV: 'derived: 6.12 GW·h / 13.8e22 POT (LArParametersAnlA.yaml)',
    protonsOnTarget: 'LArParametersAnlA.yaml beamExposure 13.8E22 POT (COHERENT arXiv:2006.12659)',
    nuPerFlavorPerPot: 'LArParametersAnlA.yaml: 0.09 ± 0.009 ν/flavour/POT',
    distanceM: 'LArParametersAnlA.yaml distanceToTarget 27.5 m',
  },
};

/**
 * LANSCE Lujan source seen from CCM, for a 3-year projection at 100 µA (Lujan is a 100 kW, 800 MeV, 20 Hz beam;
 * Van de Water, Rutgers seminar 2022; CCM collaboration, arXiv:2105.14020: detector 20 m from the W target).
 * The ν yield per flavour per POT at 800 MeV on W was not found in a source we could read, so it is caller-supplied
 * (no default).
 */
export function lujanCcmSource(years: number, nuPerFlavorPerPot: number): StoppedPionSource {
  const liveSeconds = years * 365.25 * 86400;
  return {
    name: `LANSCE Lujan (${years} y at 100 µA)`,
    protonEnergyGeV: 0.8,
    protonsOnTarget: protonsOnTargetFromCurrent(100, liveSeconds),
    nuPerFlavorPerPot,
    distanceM: 20,
    citations: {
      protonEnergyGeV: 'LANSCE Lujan: 800 MeV protons on W (CCM, arXiv:2105.14020; Van de Water seminar, Rutgers 2022)',
      protonsOnTarget: '100 µA × live time (100 kW at 800 MeV, Rutgers 2022 seminar abstract); full-year duty assumed',
      nuPerFlavorPerPot: 'caller-supplied (no published value found for 800 MeV on W)',
      distanceM: 'CCM, arXiv:2105.14020 abstract: "located 20 meters from a high flux neutron/neutrino source"',
    },
  };
}

/**
 * J-PARC MLF seen from JSNS2 (JSNS2 TDR arXiv:1705.08629 abstract: 1 MW beam of 3 GeV protons on Hg, detector 24 m
 * away, 17 t fiducial). Live time: 5000 h per year (docs/physics.md §5, UNVERIFIED). The ν yield per flavour per POT is
 * caller-supplied (the TDR value could not be read).
 */
export function jparcJsns2Source(years: number, nuPerFlavorPerPot: number): StoppedPionSource {
  const liveSeconds = years * 5000 * 3600;
  const currentUA = 1e6 / 3e3; // 1 MW / 3 GeV = 333 µA
  return {
    name: `J-PARC MLF (${years} y × 5000 h at 1 MW)`,
    protonEnergyGeV: 3,
    protonsOnTarget: protonsOnTargetFromCurrent(currentUA, liveSeconds),
    nuPerFlavorPerPot,
    distanceM: 24,
    citations: {
      protonEnergyGeV: 'JSNS2 TDR arXiv:1705.08629 abstract: 3 GeV protons',
      protonsOnTarget: '1 MW (TDR abstract) for 5000 h/y (docs/physics.md §5, UNVERIFIED)',
      nuPerFlavorPerPot: 'caller-supplied',
      distanceM: 'JSNS2 TDR arXiv:1705.08629 abstract: 24 m from the mercury target',
    },
  };
}

/**
 * Closed-form pulse reproducing the released CsI-2017 arrival-time PDFs (fit in test/physics/timing.test.ts:
 * μ = 0.690 µs, σ = 0.140 µs; docs/physics.md §3.3 obtains the same).
 */
export const SNS_CSI2017_PULSE: BeamPulse = gaussianPulse(0.69, 0.14);

/** CENNS-10 POT trace: Gaussian, mean 440 ns, width 150 ns (LArParametersAnlA.yaml; mean uncertainty ±200 ns). */
export const SNS_LAR2020_PULSE: BeamPulse = gaussianPulse(0.44, 0.15);

/** LANSCE Lujan: 290 ns wide proton pulse (Rutgers seminar 2022) → σ ≈ 0.29/2.355; mean as used in docs/physics.md §3.3 (0.145 µs). */
export const LUJAN_PULSE: BeamPulse = gaussianPulse(0.145, 0.29 / 2.3548);

/** J-PARC MLF: two ~100 ns bunches 540 ns apart (JSNS2 TDR); first-bunch mean 0.07 µs, σ 0.04 µs as in docs/physics.md §3.3. */
export const JPARC_PULSE: BeamPulse = doubleBunchPulse(0.07, 0.04, 0.54);
