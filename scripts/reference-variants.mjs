// Writes docs/reference-variants.md: 90 % CL limits on Y at m_A' = 10, 75, 130 MeV for CsI-2017, LAr-2020, CCM and JSNS2
// under cevnsfit's default and each reference-analysis choice switched on one at a time (src/analyses/reference.ts).
// Run with `npm run variants` (builds dist/ first). Deterministic: asymptotic CLs, in-thread, no random numbers.
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import '../dist/node/host.js'; // file access and the installed datasets for the library
import { loadAnalysisConfig } from '../dist/analyses/config.js';
import { buildExperiment } from '../dist/analyses/experiments/index.js';
import { REFERENCE_VARIANT_CONFIGS, REFERENCE_VARIANT_MASSES_MEV, referenceVariantTable, renderReferenceVariantsDoc } from '../dist/analyses/reference.js';
import { BEAM_FILE_POT } from '../dist/physics/dm/setups.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const BEAM_FILES = { csi2017: 'sns-beam', csi2021: 'sns-beam', lar2020: 'sns-beam', ccm: 'ccm-beam', jsns2: 'jsns2-beam' };
const tables = [];
for (const c of REFERENCE_VARIANT_CONFIGS) {
  const t0 = Date.now();
  const loaded = loadAnalysisConfig(`${root}fits/${c.config}`, new Map());
  const exp = await buildExperiment(loaded.config);
  const rows = await referenceVariantTable(exp, loaded, [...REFERENCE_VARIANT_MASSES_MEV]);
  const f = exp.background.facts;
  const pot = f.protons_on_target;
  const ds = BEAM_FILES[exp.experiment] ?? '?';
  const beam = `dataset \`${ds}\`: brem.txt (cascade photons) and Pi0_Info.txt (π⁰ list), each taken as ${BEAM_FILE_POT.toExponential(0)} POT ` +
    `(src/physics/dm/setups.ts BEAM_FILE_POT, an assumption), scaled to ${typeof pot === 'number' ? pot.toExponential(3) : pot} POT of this analysis` +
    `${f.distance_m !== undefined ? ` at ${f.distance_m} m` : ''}.`;
  tables.push({ experiment: c.experiment, config: c.config, data: loaded.config.data, cl: loaded.config.limit?.cl ?? 0.9, rows, beam });
  process.stderr.write(`${c.experiment}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
mkdirSync(`${root}docs`, { recursive: true });
writeFileSync(`${root}docs/reference-variants.md`, renderReferenceVariantsDoc(tables, 'npm run variants'));
process.stderr.write('wrote docs/reference-variants.md\n');
