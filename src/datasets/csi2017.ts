/**
 * COHERENT CsI[Na] 2017 release (Science 357 (2017) 1123, arXiv:1708.01294; data release arXiv:1804.09459).
 */
import { DataFormatError } from '../util/errors.js';
import type { Histogram1D, Histogram2D } from './histogram.js';
import { openSource, readBinnedTable, type DatasetSource, type SourceArg } from './source.js';
import type { Manifest } from './manifest.js';

/** The binned CsI-2017 release. */
export interface Csi2017Release {
  manifest: Manifest;
  /** PE (25 bins, 0..50 PE) × t (24 bins, 0..12 µs) event counts; C = coincidence, AC = anti-coincidence. */
  coincidenceBeamOn: Histogram2D;
  anticoincidenceBeamOn: Histogram2D;
  coincidenceBeamOff: Histogram2D;
  anticoincidenceBeamOff: Histogram2D;
  /** Arrival-time PDFs on t (24 bins, 0..12 µs): probability per bin, each sums to 1. */
  arrivalTimePdf: { promptNeutrinos: Histogram1D; delayedNeutrinos: Histogram1D; promptNeutrons: Histogram1D };
  /**
   * Beam-related-neutron spectrum on PE (50 bins, 0..50 PE). Unit read as events/PE/GWh before acceptance
   * (UNVERIFIED: the release README that states it is not available; see the manifest's interpretation).
   */
  brnSpectrum: Histogram1D;
}

const NAME = 'coherent-csi-2017' as const;

function counts2D(s: DatasetSource, file: string): Histogram2D {
  const b = readBinnedTable(s, file, 2, { nonNegativeColumns: [2], integerColumns: [2] });
  return { axes: [b.axes[0]!, b.axes[1]!], values: b.values, unit: 'events' };
}

function pdf1D(s: DatasetSource, file: string): Histogram1D {
  const b = readBinnedTable(s, file, 1, { nonNegativeColumns: [1] });
  let sum = 0;
  for (const v of b.values) sum += v;
  // The PDFs are stored with ~16 digits; a sum off by more than 1e-6 means a damaged or different file.
  if (Math.abs(sum - 1) > 1e-6) throw new DataFormatError(b.table.file, null, `arrival-time PDF sums to ${sum}, expected 1`);
  return { axis: b.axes[0]!, values: b.values, unit: 'probability per bin' };
}

/**
 * Load the CsI-2017 release.
 * @param src dataset directory, a ResolvedDataset, or nothing to use the installed (verified) copy.
 */
export function loadCsi2017(src?: SourceArg): Csi2017Release {
  const s = openSource(NAME, src);
  const brn = readBinnedTable(s, 'promptPDF.txt', 1, { nonNegativeColumns: [1] });
  return {
    manifest: s.manifest,
    coincidenceBeamOn: counts2D(s, 'data_coincidence_beamOn.txt'),
    anticoincidenceBeamOn: counts2D(s, 'data_anticoincidence_beamOn.txt'),
    coincidenceBeamOff: counts2D(s, 'data_coincidence_beamOff.txt'),
    anticoincidenceBeamOff: counts2D(s, 'data_anticoincidence_beamOff.txt'),
    arrivalTimePdf: {
      promptNeutrinos: pdf1D(s, 'arrivalTimePDF_promptNeutrinos.txt'),
      delayedNeutrinos: pdf1D(s, 'arrivalTimePDF_delayedNeutrinos.txt'),
      promptNeutrons: pdf1D(s, 'arrivalTimePDF_promptNeutrons.txt'),
    },
    brnSpectrum: { axis: brn.axes[0]!, values: brn.values, unit: 'events/PE/GWh before acceptance (unverified)' },
  };
}
