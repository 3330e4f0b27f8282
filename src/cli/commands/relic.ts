/**
 * `cevnsfit relic`: the thermal-relic targets of the freeze-out solver (src/physics/dm/relic.ts; docs/relic.md), the
 * coupling ε and Y = ε² α_D (m_χ/m_A′)⁴ for which Ωh² = 0.12, per χ type and m_χ, with m_A′ = ratio·m_χ.
 *
 *   cevnsfit relic --chi scalar,majorana,pseudo-dirac --masses 3,10,30,100,200 --json
 */
import type { Command } from 'commander';
import { InvalidSpecification } from '../../util/errors.js';
import { relicTarget, type RelicChiType } from '../../physics/dm/relic.js';
import { fmt, makeReporter, runCommand, table, withCommonOptions, type CommonOptions } from '../common.js';

const CHI_NAMES: Readonly<Record<string, RelicChiType>> = {
  scalar: 'complexScalar',
  majorana: 'majorana',
  'pseudo-dirac': 'pseudoDirac',
  dirac: 'diracFermion',
};

interface RelicOpts extends CommonOptions {
  chi: string;
  masses: string;
  ratio: string;
  alphaD: string;
  splitting: string;
}

function positiveList(key: string, text: string): number[] {
  const v = text.split(',').map((t) => Number(t.trim()));
  if (!v.length || v.some((x) => !(Number.isFinite(x) && x > 0))) throw new InvalidSpecification(`${key}: expected a comma-separated list of positive numbers, got "${text}"`, key);
  return v;
}
function positive(key: string, text: string, allowZero = false): number {
  const x = Number(text);
  if (!(Number.isFinite(x) && (x > 0 || (allowZero && x === 0)))) throw new InvalidSpecification(`${key}: expected a ${allowZero ? 'non-negative' : 'positive'} number, got "${text}"`, key);
  return x;
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('relic')
      .description('thermal-relic targets (Ωh² = 0.12) from the freeze-out solver: ε and Y per χ type and m_χ (m_A′ = ratio·m_χ)')
      .option('--chi <list>', `χ types: ${Object.keys(CHI_NAMES).join(', ')}`, 'scalar,majorana,pseudo-dirac')
      .option('--masses <list>', 'm_χ values (MeV), comma-separated, each in (0, 450]', '1,3,10,30,100,200,300')
      .option('--ratio <x>', 'm_A′/m_χ', '3')
      .option('--alpha-d <x>', 'α_D', '0.5')
      .option('--splitting <x>', 'pseudo-Dirac mass splitting Δ/m_χ', '0'),
  ).action(async (opts: RelicOpts) => {
    await runCommand(opts, () => {
      const types = opts.chi.split(',').map((t) => {
        const c = CHI_NAMES[t.trim()];
        if (!c) throw new InvalidSpecification(`--chi: unknown χ type "${t}"; expected ${Object.keys(CHI_NAMES).join(', ')}`, '--chi');
        return [t.trim(), c] as const;
      });
      const masses = positiveList('--masses', opts.masses);
      const ratio = positive('--ratio', opts.ratio);
      if (!(ratio > 2)) throw new InvalidSpecification(`--ratio: m_A′/m_χ must be > 2, got ${ratio}`, '--ratio');
      const alphaD = positive('--alpha-d', opts.alphaD);
      const splitting = positive('--splitting', opts.splitting, true);
      const t0 = performance.now();
      const points = types.flatMap(([name, chiType]) =>
        masses.map((m) => {
          const t = relicTarget({ chiType, chiMassMeV: m, mediatorMassMeV: ratio * m, alphaD, ...(chiType === 'pseudoDirac' ? { splitting } : {}) });
          return { chi: name, m_chi_MeV: m, m_A_MeV: t.mediatorMassMeV, epsilon: t.epsilon, Y: t.y, x_f: t.xFreezeOut, sigma_v_cm3_per_s: t.sigmaVAtFreezeOutCm3PerS, converged: t.converged };
        }),
      );
      const out = { command: 'relic', omega_h2: 0.12, ratio, alpha_D: alphaD, splitting, timing_ms: Math.round(performance.now() - t0), points };
      makeReporter(opts).result(out, () =>
        table([
          ['χ', 'm_χ (MeV)', "m_A' (MeV)", 'ε', 'Y', 'x_f', '⟨σv⟩_eff(x_f) (cm³/s)', 'converged'],
          ...points.map((p) => [p.chi, fmt(p.m_chi_MeV), fmt(p.m_A_MeV), fmt(p.epsilon, 3), fmt(p.Y, 4), fmt(p.x_f, 3), fmt(p.sigma_v_cm3_per_s, 3), String(p.converged)]),
        ]),
      );
    });
  });
}
