/**
 * The experiment registry: the one list of experiment kinds (`experiment:` of an analysis config). Each entry names the
 * kind, its display name, the data releases its likelihood fits, its own top-level config section (if it has one) and
 * its binding module under src/analyses/experiments/ exporting `build(config, registry)` (sync, or async for
 * combinations, which build their members through the registry). The config schema (../config.ts) takes the list of
 * kinds and their sections from here. Adding an experiment: one binding module and one entry below
 * (docs/adding-an-experiment.md).
 *
 * Binding modules are imported on demand, so an analysis loads only the datasets and physics it needs; everything
 * else in an entry is light (names, a zod schema).
 */
import { z } from 'zod';
import type { DatasetName } from '../../datasets/manifest.js';
import { InvalidSpecification } from '../../util/errors.js';
import type { AnalysisConfig } from '../config.js';
import type { ExperimentAnalysis } from '../types.js';

/** What a binding module exports. */
export interface BindingModule {
  readonly build: (config: AnalysisConfig, registry: ExperimentRegistry) => ExperimentAnalysis | Promise<ExperimentAnalysis>;
}

/** One experiment kind. */
export interface ExperimentKind {
  /** The value of `experiment:`. */
  readonly name: string;
  /** Display name (figure legends, the default label of a config). */
  readonly label: string;
  /**
   * Data releases (datasets/<name>/manifest.json) whose recorded events the likelihood fits; a combination refuses two
   * members whose releases overlap (./independence.ts). Projections on simulation inputs fit no recorded events: [].
   */
  readonly dataReleases: readonly DatasetName[];
  /**
   * The kind's own top-level config section (first-pass validation, strict): its key and zod schema. Most kinds have
   * none: their settings go under `options:`, which the binding checks (second pass, ./common.ts parseOptions).
   */
  readonly section?: { readonly key: string; readonly schema: z.ZodType };
  /** The binding module; a literal import() so that a bundler (the page of src/explore) can follow it. */
  readonly load: () => Promise<BindingModule>;
}

/** What a binding receives besides its config: the registry (a combination builds its members through it). */
export interface ExperimentRegistry {
  readonly buildExperiment: (config: AnalysisConfig) => Promise<ExperimentAnalysis>;
  readonly kindOf: (name: string) => ExperimentKind;
}

/**
 * The `combination:` section of `experiment: combination`: several analysis configs become ONE likelihood. Channels
 * are concatenated and every member parameter is renamed `<member>/<name>`, except the parameters listed in `shared`,
 * which keep their name and are one parameter (in the spirit of pyhf's Workspace.combine). The signal coupling is
 * always shared: the combination's `signal:` replaces the members' and its strength means one coupling everywhere.
 */
export const combinationSchema = z.strictObject({
  members: z
    .array(
      z.strictObject({
        /** Path of the member's analysis config, relative to the combination file. */
        config: z.string().min(1),
        /** Prefix of the member's channels and parameters. @default the member's experiment */
        name: z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/, { message: 'expected letters, digits, _ or -' })
          .optional(),
      }),
    )
    .min(1),
  /** Parameters shared by name across members, each with the reason (why they are one physical quantity). */
  shared: z
    .array(
      z.strictObject({
        parameter: z.string().min(1),
        members: z.array(z.string()).min(2),
        reason: z.string().min(1),
      }),
    )
    .default([]),
  /** Why the signal coupling is shared (documentation; it always is). */
  signal_reason: z.string().optional(),
});

/** The registry: one entry per experiment kind. */
export const EXPERIMENT_KINDS = [
  { name: 'csi2017', label: 'COHERENT CsI (2017)', dataReleases: ['coherent-csi-2017'], load: (): Promise<BindingModule> => import('./csi2017.js') },
  { name: 'csi2021', label: 'COHERENT CsI (2021)', dataReleases: ['coherent-csi-2021'], load: (): Promise<BindingModule> => import('./csi2021.js') },
  { name: 'lar2020', label: 'COHERENT LAr (2020)', dataReleases: ['coherent-lar-2020'], load: (): Promise<BindingModule> => import('./lar2020.js') },
  { name: 'ccm', label: 'CCM', dataReleases: [], load: (): Promise<BindingModule> => import('./ccm.js') },
  { name: 'jsns2', label: 'JSNS^{2}', dataReleases: [], load: (): Promise<BindingModule> => import('./jsns2.js') },
  { name: 'lar-tonne', label: 'COHERENT LAr tonne', dataReleases: [], load: (): Promise<BindingModule> => import('./lar-tonne.js') },
  // A member cannot itself be a combination (../config.ts), so a combination declares no releases of its own.
  { name: 'combination', label: 'combined', dataReleases: [], section: { key: 'combination', schema: combinationSchema }, load: (): Promise<BindingModule> => import('./combination.js') },
] as const satisfies readonly ExperimentKind[];

/** The name of a registered experiment kind. */
export type ExperimentName = (typeof EXPERIMENT_KINDS)[number]['name'];

/** The names of the registered kinds, in registry order (non-empty, for z.enum). */
export const EXPERIMENT_NAMES = EXPERIMENT_KINDS.map((k) => k.name) as unknown as readonly [ExperimentName, ...ExperimentName[]];

const BY_NAME: ReadonlyMap<string, ExperimentKind> = new Map(EXPERIMENT_KINDS.map((k) => [k.name, k]));

/** The registered kind `name` (an InvalidSpecification at `experiment` listing the known kinds otherwise). */
export function experimentKind(name: string): ExperimentKind {
  const k = BY_NAME.get(name);
  if (!k) throw new InvalidSpecification(`unknown experiment "${name}"; known experiments: ${EXPERIMENT_NAMES.join(', ')}`, 'experiment');
  return k;
}

const REGISTRY: ExperimentRegistry = { buildExperiment, kindOf: experimentKind };

/** Build the experiment binding of a validated config. */
export async function buildExperiment(config: AnalysisConfig): Promise<ExperimentAnalysis> {
  const mod = await experimentKind(config.experiment).load();
  return await mod.build(config, REGISTRY);
}
