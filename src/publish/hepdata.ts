/**
 * HEPData submission writer: `submission.yaml` (a submission-wide document, then one document per table) and
 * one YAML data file per table, in the HEPData submission format (schemas 1.1.1: hepdata.net/submission/schemas).
 * Tables are built from the result objects that the CLI writes as result.json (their contracts:
 * src/analyses/results.ts), so a report can build them from collected results as well as from fresh runs.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import { writeFileAtomic } from '../util/atomic.js';
import { isoContours } from '../plot/contour.js';
import { isResultKind, type CompareResultJson, type CountResultJson, type FitResultJson, type ImpactsResultJson, type LimitResultJson, type MassYScanResultJson, type ResultHead, type Scan1DResultJson } from '../analyses/results.js';

/** One value of an independent variable: a point or a bin. */
export type IndependentValue = { value: number | string } | { low: number; high: number; value?: number };

/** One value of a dependent variable with optional errors. HEPData writes a missing value as "-". */
export interface DependentValue {
  value: number | string;
  errors?: Array<{ symerror: number; label?: string } | { asymerror: { minus: number; plus: number }; label?: string }>;
}

export interface Variable<V> {
  header: { name: string; units?: string };
  values: V[];
}

export interface DependentVariable extends Variable<DependentValue> {
  qualifiers?: Array<{ name: string; value: number | string; units?: string }>;
}

/** A HEPData table: metadata of its submission.yaml entry plus its data. */
export interface HepDataTable {
  /** Unique within the submission; at most 64 characters. */
  name: string;
  description: string;
  keywords: Array<{ name: 'observables' | 'reactions' | 'phrases'; values: string[] }>;
  independent_variables: Array<Variable<IndependentValue>>;
  dependent_variables: DependentVariable[];
}

const MISSING = '-';

function num(v: number | null | undefined): number | string {
  return typeof v === 'number' && Number.isFinite(v) ? v : MISSING;
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'table';
}

function short(name: string): string {
  return name.length <= 64 ? name : name.slice(0, 61) + '...';
}

/** Exclusion curves: m_A′ independent; observed Y and expected Y with ±1σ/±2σ errors, qualifiers CL and method. */
export function limitTables(result: Pick<LimitResultJson, 'curves'>): HepDataTable[] {
  return result.curves.map((c) => {
    const pts = c.points;
    const qual = [
      { name: 'CL', value: `${Math.round(c.cl * 1000) / 10}%` },
      { name: 'method', value: c.method.toUpperCase() },
      { name: 'experiment', value: c.experiment },
      { name: 'data', value: c.data },
    ];
    // the family's coupling (Y, ε, ε_eff, α_B …): coupling_obs/coupling_exp are present for every family
    const coup = c.coupling;
    // ASCII primes in HEPData headers (m_A' as before; the JSON label uses the Unicode prime)
    const massLabel = c.mass_label.replace(/′/g, "'");
    const expected: DependentValue[] = pts.map((p) => {
      const e = p.coupling_exp;
      const med = e?.[2];
      if (!e || typeof med !== 'number') return { value: MISSING };
      const errs: NonNullable<DependentValue['errors']> = [];
      if (typeof e[1] === 'number' && typeof e[3] === 'number') errs.push({ asymerror: { minus: e[1] - med, plus: e[3] - med }, label: '1 sigma' });
      if (typeof e[0] === 'number' && typeof e[4] === 'number') errs.push({ asymerror: { minus: e[0] - med, plus: e[4] - med }, label: '2 sigma' });
      return errs.length ? { value: med, errors: errs } : { value: med };
    });
    return {
      name: short(`Limit on ${coup.name}: ${c.name}`),
      description: `${Math.round(c.cl * 100)} % CL ${c.method.toUpperCase()} upper limit on ${coup.formula} versus ${massLabel}, ${c.experiment} (${c.data} data). Expected: median with the ±1σ and ±2σ bands as asymmetric errors. Points whose limit could not be computed are "-" (see the status column).`,
      keywords: [
        { name: 'observables', values: [coup.name] },
        { name: 'phrases', values: ['Dark matter', 'Dark photon', 'Exclusion limit', 'Coherent elastic neutrino-nucleus scattering'] },
      ],
      independent_variables: [{ header: { name: massLabel, units: 'MeV' }, values: pts.map((p) => ({ value: num(p.mass) })) }],
      dependent_variables: [
        { header: { name: `${coup.name} observed` }, qualifiers: qual, values: pts.map((p) => ({ value: num(p.coupling_obs) })) },
        { header: { name: `${coup.name} expected` }, qualifiers: qual, values: expected },
        { header: { name: 'status' }, values: pts.map((p) => ({ value: p.status })) },
      ],
    };
  });
}

/** Allowed region of a (m_A′, Y) scan: the Δ(−2lnL) grid, and one table per CL contour (points along the curve). */
export function massYTables(config: string, s: Pick<MassYScanResultJson, 'masses_MeV' | 'Y' | 'delta_twice_nll' | 'thresholds'>): HepDataTable[] {
  const masses = s.masses_MeV;
  const ys = s.Y;
  const d = s.delta_twice_nll;
  const th = s.thresholds;
  const grid: HepDataTable = {
    name: short(`Delta(-2lnL) grid: ${config}`),
    description: `Profile likelihood ratio Δ(−2 ln L) on the (m_A', Y) grid of the ${config} scan, relative to the best grid point; "-" where the fit failed. Allowed regions: Δ < ${th.cl68} (68.3 % CL) and < ${th.cl95} (95 % CL), two parameters.`,
    keywords: [
      { name: 'observables', values: ['-2lnL'] },
      { name: 'phrases', values: ['Dark matter', 'Allowed region', 'Profile likelihood'] },
    ],
    independent_variables: [
      { header: { name: "m_A'", units: 'MeV' }, values: d.map((_, k) => ({ value: masses[Math.floor(k / ys.length)]! })) },
      { header: { name: 'Y' }, values: d.map((_, k) => ({ value: ys[k % ys.length]! })) },
    ],
    dependent_variables: [{ header: { name: 'Delta(-2lnL)' }, values: d.map((v) => ({ value: num(v) })) }],
  };
  const out = [grid];
  for (const [label, level] of [['68.3%', th.cl68], ['95%', th.cl95]] as const) {
    const lines = isoContours(masses.map(Math.log10), ys.map(Math.log10), d, level);
    const mv: IndependentValue[] = [];
    const yv: DependentValue[] = [];
    const piece: DependentValue[] = [];
    lines.forEach((l, k) => {
      for (const [u, v] of l) {
        mv.push({ value: 10 ** u });
        yv.push({ value: 10 ** v });
        piece.push({ value: k + 1 });
      }
    });
    out.push({
      name: short(`Allowed region ${label} CL: ${config}`),
      description: `Contour Δ(−2 ln L) = ${level} (${label} CL, two parameters) of the ${config} scan, interpolated in (log10 m_A', log10 Y) by marching squares; points in order along each closed or open curve (column "curve").`,
      keywords: [
        { name: 'observables', values: ['Y'] },
        { name: 'phrases', values: ['Dark matter', 'Allowed region', 'Contour'] },
      ],
      independent_variables: [{ header: { name: "m_A'", units: 'MeV' }, values: mv }],
      dependent_variables: [
        { header: { name: 'Y' }, qualifiers: [{ name: 'CL', value: label }], values: yv },
        { header: { name: 'curve' }, values: piece },
      ],
    });
  }
  return out;
}

/** 1-D profile scan: the parameter independent, Δ(−2lnL) dependent, with the 68.3 %/95 % intervals in the description. */
export function scan1DTables(config: string, s: Pick<Scan1DResultJson, 'param' | 'values' | 'delta_twice_nll' | 'intervals'> & { readonly hypothesis?: string }): HepDataTable[] {
  const values = s.values;
  const d = s.delta_twice_nll;
  const iv = s.intervals;
  const show = (i: readonly [number, number] | null) => (i ? `[${i.map((v) => String(v)).join(', ')}]` : 'none on the grid');
  return [
    {
      name: short(`Profile scan of ${s.param}: ${config}`),
      description: `Profile likelihood ratio Δ(−2 ln L) along ${s.param} (${(s.hypothesis ?? '').toUpperCase()} hypothesis, other parameters profiled) for ${config}; "-" where the fit failed. Intervals from linear interpolation: 68.3 % ${show(iv.cl68)}, 95 % ${show(iv.cl95)}.`,
      keywords: [{ name: 'phrases', values: ['Profile likelihood'] }],
      independent_variables: [{ header: { name: s.param }, values: values.map((v) => ({ value: v })) }],
      dependent_variables: [{ header: { name: 'Delta(-2lnL)' }, values: d.map((v) => ({ value: num(v) })) }],
    },
  ];
}

/** Fitted yields with errors per sample (and observed), plus the fitted parameters. */
export function fitTables(config: string, f: Pick<FitResultJson, 'yields'> & Partial<Pick<FitResultJson, 'observed' | 'parameters' | 'hypothesis'>>, hypothesis?: string): HepDataTable[] {
  const yields = f.yields;
  const names = Object.keys(yields);
  const h = (hypothesis ?? f.hypothesis ?? '').toUpperCase();
  const yieldVals: DependentValue[] = names.map((n) => {
    const y = yields[n]!;
    return typeof y.error === 'number' && Number.isFinite(y.error) ? { value: num(y.value), errors: [{ symerror: y.error, label: 'fit' }] } : { value: num(y.value) };
  });
  const tables: HepDataTable[] = [
    {
      name: short(`Fitted yields ${h}: ${config}`),
      description: `Fitted expected events per sample in the signal region of ${config} (${h} hypothesis) at the best fit, errors propagated through the fit covariance; observed events for comparison.`,
      keywords: [
        { name: 'observables', values: ['N'] },
        { name: 'phrases', values: ['Coherent elastic neutrino-nucleus scattering', 'Event yields'] },
      ],
      independent_variables: [{ header: { name: 'sample' }, values: [...names, 'observed'].map((n) => ({ value: n })) }],
      dependent_variables: [{ header: { name: 'events' }, qualifiers: [{ name: 'hypothesis', value: h || MISSING }], values: [...yieldVals, { value: num(f.observed) }] }],
    },
  ];
  const pars = f.parameters ?? {};
  const pn = Object.keys(pars);
  if (pn.length) {
    tables.push({
      name: short(`Fitted parameters ${h}: ${config}`),
      description: `Best-fit parameters of ${config} (${h} hypothesis) with Hessian errors ("-" for fixed parameters).`,
      keywords: [{ name: 'phrases', values: ['Fit parameters'] }],
      independent_variables: [{ header: { name: 'parameter' }, values: pn.map((n) => ({ value: n })) }],
      dependent_variables: [
        {
          header: { name: 'value' },
          values: pn.map((n) => {
            const p = pars[n]!;
            return typeof p.error === 'number' && Number.isFinite(p.error) ? { value: num(p.value), errors: [{ symerror: p.error }] } : { value: num(p.value) };
          }),
        },
      ],
    });
  }
  return tables;
}

/** Cut-and-count table: observed, backgrounds, excess and significances in the window. */
export function countTables(config: string, c: CountResultJson): HepDataTable[] {
  const rows: Array<[string, number]> = [
    ['observed (C, beam on)', c.observed],
    ['steady state (AC)', c.steady_state],
    ['delayed nu (CEvNS)', c.delayed_nu],
    ['prompt nu (CEvNS)', c.prompt_nu],
    ['beam-related neutrons', c.brn],
    ['excess', c.excess],
    ['significance excess/sqrt(2 SS + nu + BRN)', c.significance],
    ['profile-likelihood significance', c.significance_profile],
  ];
  const details = Object.entries(c.details).map(([k, v]) => `${k} = ${String(v)}`).join('; ');
  return [
    {
      name: short(`Cut and count: ${config}`),
      description: `Cut-and-count table of ${config}: events in the analysis window (significances in standard deviations). ${details}`,
      keywords: [{ name: 'phrases', values: ['Cut and count', 'Coherent elastic neutrino-nucleus scattering'] }],
      independent_variables: [{ header: { name: 'quantity' }, values: rows.map(([n]) => ({ value: n })) }],
      dependent_variables: [{ header: { name: 'value' }, values: rows.map(([, v]) => ({ value: num(v) })) }],
    },
  ];
}

/** Hypothesis comparison: −2lnL, Δ, p-value, Z per hypothesis; time projections with the three fits. */
export function compareTables(config: string, c: Pick<CompareResultJson, 'hypotheses'>): HepDataTable[] {
  const hyps = Object.entries(c.hypotheses).filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== null);
  const out: HepDataTable[] = [
    {
      name: short(`Hypothesis comparison: ${config}`),
      description: `SM vs SM+DM vs SM+NSI on ${config}: −2 ln L at the best fit, Δ(−2 ln L) relative to SM, extra free parameters, p-value of SM from Wilks' χ² with the extra dof and its significance (naive for DM over a mass grid: the mass does not exist under SM; the local and global DM significances are in the compare JSON, docs/inference.md).`,
      keywords: [{ name: 'phrases', values: ['Dark matter', 'Non-standard interactions', 'Hypothesis test'] }],
      independent_variables: [{ header: { name: 'hypothesis' }, values: hyps.map(([n]) => ({ value: n.toUpperCase() })) }],
      dependent_variables: [
        { header: { name: '-2lnL' }, values: hyps.map(([, h]) => ({ value: num(h.twice_nll) })) },
        { header: { name: 'Delta(-2lnL) vs SM' }, values: hyps.map(([, h]) => ({ value: num(h.delta_twice_nll) })) },
        { header: { name: 'extra dof' }, values: hyps.map(([, h]) => ({ value: num(h.extra_dof) })) },
        { header: { name: 'p-value of SM (naive Wilks chi2)' }, values: hyps.map(([, h]) => ({ value: num(h.p_value_sm) })) },
        { header: { name: 'Z (naive Wilks chi2)' }, values: hyps.map(([, h]) => ({ value: num(h.z_vs_sm) })) },
      ],
    },
  ];
  const tp = c.hypotheses.sm.pulls.time_projection;
  for (const [ch, ref] of Object.entries(tp)) {
    const edges = ref.edges_us;
    const deps: DependentVariable[] = [{ header: { name: 'observed events' }, values: ref.observed.map((v) => ({ value: v, errors: [{ symerror: Math.sqrt(Math.max(v, 0)), label: 'stat' }] })) }];
    for (const [n, h] of hyps) {
      const t = h.pulls.time_projection[ch];
      if (t) deps.push({ header: { name: `expected events ${n.toUpperCase()} best fit` }, values: t.expected.map((v) => ({ value: num(v) })) });
    }
    out.push({
      name: short(`Time projection ${ch}: ${config}`),
      description: `Arrival-time projection of channel ${ch} of ${config} in the fitted region: observed events and the SM, SM+DM and SM+NSI best-fit expectations.`,
      keywords: [{ name: 'phrases', values: ['Timing', 'Dark matter', 'Non-standard interactions'] }],
      independent_variables: [{ header: { name: 't', units: 'us' }, values: edges.slice(0, -1).map((lo, i) => ({ low: lo, high: edges[i + 1]! })) }],
      dependent_variables: deps,
    });
  }
  const dm = c.hypotheses.dm;
  // the DM best fit's yields (a hypothesis summary has no observed count: HEPData's missing value)
  if (dm) out.push(...fitTables(config, { yields: dm.yields }, 'dm').slice(0, 1));
  return out;
}

/** Tables for one result object as written by the CLI (result.json); [] for results without a table. */
export function hepdataTables(result: ResultHead): HepDataTable[] {
  const config = result.config ?? 'analysis';
  if (isResultKind(result, 'limit')) return limitTables(result);
  if (isResultKind(result, 'scan-mass-Y')) return massYTables(config, result);
  if (isResultKind(result, 'scan-1d')) return scan1DTables(config, result);
  if (isResultKind(result, 'fit')) return fitTables(config, result);
  if (isResultKind(result, 'count')) return countTables(config, result);
  if (isResultKind(result, 'compare')) return compareTables(config, result);
  if (isResultKind(result, 'impacts')) return impactTables(config, result);
  return [];
}

/** `impacts`: the ranked nuisances (pull, constraint, POI shifts) and the grouped breakdown of the POI error. */
export function impactTables(config: string, r: Pick<ImpactsResultJson, 'poi' | 'impacts' | 'groups' | 'stat_only' | 'total'>): HepDataTable[] {
  const poi = r.poi;
  const rows = r.impacts;
  const groups = r.groups;
  const col = (name: string, f: (x: (typeof rows)[number]) => number | null | undefined): DependentVariable => ({ header: { name }, values: rows.map((x) => ({ value: num(f(x)) })) });
  return [
    {
      name: short(`Nuisance impacts on ${poi}: ${config}`),
      description: `Nuisance parameters of ${config} ranked by their post-fit impact on ${poi}: pull (theta_hat - theta_0)/sigma_prefit, constraint sigma_postfit/sigma_prefit, and the shift of ${poi} in refits with the parameter fixed at theta_hat -/+ sigma (post-fit and pre-fit); "-" for unconstrained parameters.`,
      keywords: [{ name: 'phrases', values: ['Nuisance parameters', 'Impacts'] }],
      independent_variables: [{ header: { name: 'nuisance parameter' }, values: rows.map((x) => ({ value: x.name })) }],
      dependent_variables: [
        col('pull', (x) => x.pull),
        col('constraint', (x) => x.constraint),
        col(`d${poi} (theta_hat - sigma_postfit)`, (x) => x.postfit[0]),
        col(`d${poi} (theta_hat + sigma_postfit)`, (x) => x.postfit[1]),
        col(`d${poi} (theta_hat - sigma_prefit)`, (x) => x.prefit?.[0]),
        col(`d${poi} (theta_hat + sigma_prefit)`, (x) => x.prefit?.[1]),
      ],
    },
    {
      name: short(`Uncertainty breakdown of ${poi}: ${config}`),
      description: `Error of ${poi} in ${config} split into groups of nuisances (each frozen at its best fit, subtracted in quadrature), the stat-only error (every nuisance frozen) and the total Hessian error.`,
      keywords: [{ name: 'phrases', values: ['Uncertainty breakdown'] }],
      independent_variables: [{ header: { name: 'source' }, values: [...groups.map((g) => g.name), 'stat only', 'total'].map((v) => ({ value: v })) }],
      dependent_variables: [{ header: { name: `error of ${poi}` }, values: [...groups.map((g) => ({ value: num(g.impact) })), { value: num(r.stat_only) }, { value: num(r.total) }] }],
    },
  ];
}

/**
 * Write `dir/submission.yaml` and one data file per table. Table names must be unique (a suffix is added
 * otherwise). Returns the written file names (relative to dir).
 */
export function writeHepData(dir: string, tables: readonly HepDataTable[], comment: string): string[] {
  const docs: string[] = [stringify({ comment })];
  const files: string[] = ['submission.yaml'];
  const used = new Set<string>();
  tables.forEach((t, k) => {
    let name = t.name;
    for (let i = 2; used.has(name); i++) name = short(`${t.name} (${i})`);
    used.add(name);
    const file = `${String(k + 1).padStart(2, '0')}_${slug(name)}.yaml`;
    docs.push(stringify({ name, description: t.description, keywords: t.keywords, data_file: file }));
    writeFileAtomic(join(dir, file), stringify({ independent_variables: t.independent_variables, dependent_variables: t.dependent_variables }));
    files.push(file);
  });
  writeFileAtomic(join(dir, 'submission.yaml'), docs.map((d) => `---\n${d}`).join(''));
  return files;
}
