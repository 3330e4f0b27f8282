/**
 * The registry of signal families (one entry per family module). Adding a family: write its module next to this
 * file (see ./types.ts and docs/adding-a-family.md) and add it here.
 */
import { InvalidSpecification } from '../../util/errors.js';
import { darkPhoton } from './dark-photon.js';
import { darkPhotonScalar } from './dark-photon-scalar.js';
import { darkPhotonLongLived } from './dark-photon-long-lived.js';
import { twoMediator } from './two-mediator.js';
import { leptophobic } from './leptophobic.js';
import { darkPhotonEpsilon } from './dark-photon-epsilon.js';
import type { SignalFamily } from './types.js';

// Families are typed by their own options; the registry erases them (configs are validated against each family's schema).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFamily = SignalFamily<any>;

export const FAMILIES: ReadonlyMap<string, AnyFamily> = new Map<string, AnyFamily>(
  [darkPhoton, darkPhotonScalar, darkPhotonLongLived, darkPhotonEpsilon, twoMediator, leptophobic].map((f) => [f.name, f]),
);

/** The default family of a `signal:` section without `family:`. */
export const DEFAULT_FAMILY = darkPhoton.name;

export function familyOf(name: string): AnyFamily {
  const f = FAMILIES.get(name);
  if (!f) throw new InvalidSpecification(`unknown signal family "${name}"; known families: ${[...FAMILIES.keys()].join(', ')}`, 'signal.family');
  return f;
}

export type { SignalFamily, FamilyCoupling, FamilyProbe, CommonSignalOptions } from './types.js';
