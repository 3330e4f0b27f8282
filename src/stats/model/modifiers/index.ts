/**
 * The modifier registry: one line per modifier module. Everything else — the spec schema's modifier union, the
 * semantic pass, the compiled model, pyhf reading and writing — is driven from this list (docs/adding-a-modifier.md).
 */
import { histosys } from './histosys.js';
import { lumi } from './lumi.js';
import { normfactor } from './normfactor.js';
import { normsys } from './normsys.js';
import { scale } from './scale.js';
import { shapefactor } from './shapefactor.js';
import { shapesys } from './shapesys.js';
import { staterror } from './staterror.js';
import type { ModifierEntry, ModifierModule, PyhfMapping } from './types.js';

export const MODIFIERS = [normfactor, normsys, histosys, shapesys, staterror, lumi, shapefactor, scale] as const;

type EntryOf<M> = M extends ModifierModule<infer E> ? E : never;
/** A modifier entry of the native spec (the union of every module's entry). */
export type ModifierSpec = EntryOf<(typeof MODIFIERS)[number]>;
export type ModifierType = ModifierSpec['type'];

/** Modifier modules by type. */
export const MODIFIER_REGISTRY: Readonly<Record<ModifierType, ModifierModule>> = Object.fromEntries(MODIFIERS.map((m) => [m.type, m])) as unknown as Record<
  ModifierType,
  ModifierModule
>;

/** pyhf's modifier-type order (alphabetical), which sets its parameter order; native-only types last. */
export const PYHF_TYPE_ORDER: readonly ModifierType[] = [...MODIFIERS].sort((a, b) => (a.pyhf?.order ?? Infinity) - (b.pyhf?.order ?? Infinity)).map((m) => m.type);

/** The native module that reads a pyhf modifier type. */
export function moduleForPyhfType(type: string): ModifierModule | undefined {
  return MODIFIERS.find((m) => m.pyhf?.read !== undefined && m.pyhf.type === type) as ModifierModule | undefined;
}

export type { ModifierEntry, ModifierModule };
/** The pyhf mapping of any module. */
export type ModifierMapping = PyhfMapping<ModifierEntry>;
export type { HistosysSpec } from './histosys.js';
export type { LumiSpec } from './lumi.js';
export type { NormfactorSpec } from './normfactor.js';
export type { NormsysSpec } from './normsys.js';
export type { ScaleSpec } from './scale.js';
export type { ShapefactorSpec } from './shapefactor.js';
export type { ShapesysSpec } from './shapesys.js';
export type { StaterrorSpec } from './staterror.js';
export type { BinContents } from './common.js';
export type { InterpolationChoice, ModifierUse, ParameterDefaults, ResolvedModifier, UsePayload } from './types.js';
