/**
 * Projection detectors (no released response): CCM (LAr nuclear recoils at LANSCE Lujan) and JSNS2 (Gd-loaded LAB
 * scintillator, electron recoils at J-PARC MLF). The observable is the recoil energy itself (keVnr for nuclear, MeV for
 * electron recoils) with an explicit flat efficiency and optional Gaussian resolution σ/E = c/√E — all values required in the
 * config (no defaults inside the factories); the exported default configs state their sources.
 */
import { TARGET_LAB_SCINTILLATOR, TARGET_LAR, type Target } from '../physics/targets.js';
import type { FluxComponent, StoppedPionSource } from '../physics/flux.js';
import type { BeamPulse, TimeDistribution } from '../physics/timing.js';
import { nuElectronRecoilSpectrum } from '../physics/electron.js';
import { normalCdf } from '../physics/numerics.js';
import { InvalidSpecification } from '../util/errors.js';
import { makeRecoilGrid, type EnergyResponseModel } from './response.js';
import { E_NU_K_DAR_MEV, E_NU_MICHEL_MAX_MEV, E_NU_PI_DAR_MEV, MASS_ELECTRON_MEV } from '../physics/constants.js';
import { maxRecoilEnergyMeV } from '../physics/kinematics.js';
import { DetectorModel, uniformEdges, type DetectorBinning, type TemplateComponent } from './template.js';
import { JPARC_PULSE, jparcJsns2Source, LUJAN_PULSE, lujanCcmSource } from './sources.js';
import { piDarEndpointsKeV } from '../physics/kinematics.js';

/** Configuration of an idealised projection detector. */
export interface ProjectionDetectorConfig {
  readonly name: string;
  readonly target: Target;
  readonly recoil: 'nuclear' | 'electron';
  readonly massKg: number;
  readonly source: StoppedPionSource;
  readonly pulse: BeamPulse;
  /** Flat detection efficiency (0–1). */
  readonly efficiency: number;
  /** σ/E = c/√E (E in keVnr for nuclear, MeV for electron recoils); 0 = perfect resolution. */
  readonly resolutionCoefficient: number;
  /** Energy binning in keVnr ('keVnr' unit) or MeV ('MeVee'). */
  readonly binning: DetectorBinning;
  /** Recoil grid range (grid units). */
  readonly gridMax: number;
  readonly citations: Readonly<Record<string, string>>;
}

/** Nuisance: overall efficiency scale. */
export interface ProjectionNuisance {
  readonly efficiencyScale: number;
}

/** Energy response of a projection detector. */
export function projectionEnergyResponse(cfg: ProjectionDetectorConfig, nu: ProjectionNuisance): EnergyResponseModel {
  const edges = cfg.binning.energyEdges;
  const nBins = edges.length - 1;
  const eff = cfg.efficiency * nu.efficiencyScale;
  const c = cfg.resolutionCoefficient;
  if (c === 0) {
    return {
      nBins,
      discontinuities: () => Array.from(edges),
      binProbabilities(e, out) {
        out.fill(0);
        if (e < edges[0]! || e >= edges[nBins]!) return;
        let b = 0;
        while (e >= edges[b + 1]!) b++;
        out[b] = eff;
      },
    };
  }
  return {
    nBins,
    discontinuities: () => [],
    binProbabilities(e, out) {
      out.fill(0);
      if (!(e > 0)) return;
      const sigma = c * Math.sqrt(e);
      let prev = normalCdf((edges[0]! - e) / sigma);
      for (let b = 0; b < nBins; b++) {
        const next = normalCdf((edges[b + 1]! - e) / sigma);
        out[b] = eff * (next - prev);
        prev = next;
      }
    },
  };
}

/** Build a projection detector model. */
export function createProjectionModel(cfg: ProjectionDetectorConfig): DetectorModel<ProjectionNuisance> {
  if (!(cfg.massKg > 0)) throw new InvalidSpecification(`expected a positive mass, got ${cfg.massKg}`, `${cfg.name}.massKg`);
  if (!(cfg.efficiency >= 0 && cfg.efficiency <= 1)) throw new InvalidSpecification(`expected an efficiency in [0,1], got ${cfg.efficiency}`, `${cfg.name}.efficiency`);
  if (!(cfg.resolutionCoefficient >= 0)) throw new InvalidSpecification(`expected ≥ 0, got ${cfg.resolutionCoefficient}`, `${cfg.name}.resolutionCoefficient`);
  const unit = cfg.recoil === 'nuclear' ? 'keVnr' : 'MeV';
  const panel = cfg.recoil === "nuclear" ? 1 : Math.max(0.5, cfg.gridMax / 200);
  // Panel edges at the kinematic endpoints of the stopped-pion neutrino lines/spectra, so quadrature never straddles a
  // spectrum's discontinuity: nuclear recoils (keVnr) for nuclear detectors; ν–e recoils (MeV) for electron detectors:
  // T_max = 2E²/(m_e + 2E) for E = 29.79 (π DAR), 52.83 (Michel endpoint) and 235.5 MeV (K DAR).
  const extra =
    cfg.recoil === 'nuclear'
      ? piDarEndpointsKeV(cfg.target)
      : [E_NU_PI_DAR_MEV, E_NU_MICHEL_MAX_MEV, E_NU_K_DAR_MEV].map((e) => maxRecoilEnergyMeV(e, MASS_ELECTRON_MEV)).filter((t) => t < cfg.gridMax);
  const grid = makeRecoilGrid(0, cfg.gridMax, panel, 6, unit, extra);
  return new DetectorModel<ProjectionNuisance>({
    name: cfg.name,
    grid,
    binning: cfg.binning,
    nominalNuisance: { efficiencyScale: 1 },
    nuisanceKey: (n) => `eff=${n.efficiencyScale}`,
    energyResponse: (n) => projectionEnergyResponse(cfg, n),
  });
}

/**
 * CCM200 projection: 7 t fiducial LAr (CCM, arXiv:2507.08887 abstract: "7 ton fiducial volume"), 20 m from the Lujan W target
 * (arXiv:2105.14020), 800 MeV protons; binning 20–75 keVnr in 5-keV bins and 0–0.39 µs in 30-ns bins as in the reference
 * limit script (docs/physics.md §5). Efficiency 1 and perfect resolution are idealisations (the reference also used 1 for ν).
 * @param years beam years at 100 µA
 * @param nuPerFlavorPerPot ν per flavour per POT at 800 MeV (no published value found: caller must supply)
 */
export function ccmProjectionConfig(years: number, nuPerFlavorPerPot: number): ProjectionDetectorConfig {
  return {
    name: 'CCM200 (projection)',
    target: TARGET_LAR,
    recoil: 'nuclear',
    massKg: 7000,
    source: lujanCcmSource(years, nuPerFlavorPerPot),
    pulse: LUJAN_PULSE,
    efficiency: 1,
    resolutionCoefficient: 0,
    binning: { energyEdges: uniformEdges(20, 75, 5), energyUnit: 'keVnr', timeEdgesUs: uniformEdges(0, 0.39, 0.03) },
    gridMax: 160,
    citations: {
      massKg: 'CCM200: 7 t fiducial LAr (arXiv:2507.08887 abstract)',
      efficiency: 'idealisation (1)',
      binning: 'reference limit script REF:dmphoton_limits_ccm.py:54-58 (docs/physics.md §5)',
    },
  };
}

/**
 * JSNS2 projection: 17 t fiducial Gd-LS (JSNS2 TDR arXiv:1705.08629 abstract; approximated as LAB C18H30), 24 m, 3 GeV
 * protons at 1 MW; electron recoils binned 30–990 MeV in 15-MeV bins and 0–0.25 µs in 9 time bins as in the reference limit
 * script (docs/physics.md §5); ν–e recoils from π-DAR (T ≤ 52.3 MeV) only populate the lowest bins. Efficiency 1 and perfect resolution are idealisations.
 */
export function jsns2ProjectionConfig(years: number, nuPerFlavorPerPot: number): ProjectionDetectorConfig {
  return {
    name: 'JSNS2 (projection)',
    target: TARGET_LAB_SCINTILLATOR,
    recoil: 'electron',
    massKg: 17000,
    source: jparcJsns2Source(years, nuPerFlavorPerPot),
    pulse: JPARC_PULSE,
    efficiency: 1,
    resolutionCoefficient: 0,
    binning: { energyEdges: uniformEdges(30, 990, 15), energyUnit: 'MeVee', timeEdgesUs: uniformEdges(0, 0.25, 0.25 / 9) },
    gridMax: 1000,
    citations: {
      massKg: 'JSNS2 TDR arXiv:1705.08629: 17 t fiducial',
      efficiency: 'idealisation (1)',
      binning: 'reference limit script (docs/physics.md §5): 30–990 MeV, 15 MeV bins; 0–0.25 µs, 9 bins',
    },
  };
}

/**
 * ν–e scattering template components for an electron-recoil projection detector: one component per flux component, spectrum in
 * events per MeV of electron recoil on the detector grid, timing given per component.
 */
export function nuElectronComponents(model: DetectorModel<ProjectionNuisance>, cfg: ProjectionDetectorConfig, components: readonly FluxComponent[], timing: (c: FluxComponent) => TimeDistribution): TemplateComponent[] {
  if (cfg.recoil !== 'electron') throw new InvalidSpecification('ν–e components need an electron-recoil detector', `${cfg.name}.recoil`);
  const nElectrons = cfg.target.electronsPerKg * cfg.massKg;
  return components.map((c) => ({ name: `nu-e:${c.name}`, spectrum: nuElectronRecoilSpectrum(model.grid.energies, nElectrons, c), timing: timing(c) }));
}
