/**
 * Quantities with units in configs: "19.3 m", "4466 kg day", "14 keVnr", "3 us" → a number in the unit the code
 * requires, converted and dimension-checked by mathjs. A plain number is taken to be in the required unit already.
 *
 * Detector energy scales are separate dimensions, so they never convert into each other or into plain energy:
 * `eVnr` (nuclear-recoil energy), `eVee` (electron-equivalent), both with SI prefixes (keVnr, MeVee, …), and `PE`
 * (photoelectrons). `POT` (protons on target) is a count.
 *
 * mathjs is loaded on first use (a config with plain numbers never pays its import time), through Node's
 * process.getBuiltinModule (Node ≥ 20.16), so this module imports no Node built-in; in a page (no `process`) a
 * quantity with units is an InvalidSpecification (configs reach a page already converted).
 */
import { z } from 'zod';
import { InvalidSpecification } from './errors.js';

type MathJs = typeof import('mathjs');
type MathInstance = ReturnType<MathJs['create']>;

let instance: MathInstance | null = null;

function math(): MathInstance {
  if (instance) return instance;
  const nodeModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:module') as
    | { createRequire(url: string): (id: string) => unknown }
    | undefined;
  if (!nodeModule) throw new InvalidSpecification('quantities with units are converted by mathjs, which needs Node (≥ 20.16)', 'units');
  const mathjs = nodeModule.createRequire(import.meta.url)('mathjs') as MathJs;
  const m = mathjs.create(mathjs.all);
  m.createUnit('eVnr', { prefixes: 'short' });
  m.createUnit('eVee', { prefixes: 'short' });
  m.createUnit('PE', { aliases: ['photoelectron', 'photoelectrons'] });
  m.createUnit('POT');
  instance = m;
  return m;
}

/**
 * Convert `value` (a number already in `unit`, or a string "number unit") to a number in `unit`.
 * @param key config key named in the error (e.g. `detector.distance`)
 * @throws InvalidSpecification naming the key, the value and the expected unit
 */
export function toQuantity(value: number | string, unit: string, key: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidSpecification(`expected a finite number (in ${unit}) or a string with units, got ${value}`, key);
    return value;
  }
  const text = value.trim();
  if (text !== '' && Number.isFinite(Number(text))) return Number(text);
  let out: number;
  try {
    const q = math().unit(text);
    if (q.value === null) throw new Error(`"${text}" has a unit but no number`);
    out = q.toNumber(unit);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new InvalidSpecification(`expected a quantity convertible to ${unit} (e.g. "1.5 ${unit}"), got "${value}": ${why}`, key);
  }
  if (!Number.isFinite(out)) throw new InvalidSpecification(`"${value}" is not a finite quantity`, key);
  return out;
}

/**
 * Zod schema for a config value in `unit`: a number (taken to be in `unit`) or a string with units, converted to a
 * number in `unit`. Errors are reported at the key's path by the config loader.
 */
export function quantity(unit: string) {
  return z.union([z.number(), z.string()]).transform((v, ctx) => {
    try {
      return toQuantity(v, unit, '');
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
      return z.NEVER;
    }
  });
}
