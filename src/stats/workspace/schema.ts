/**
 * zod schema of pyhf's HistFactory JSON workspace, version 1.0.0 (structure as in pyhf's
 * schemas/1.0.0/{workspace,defs}.json, written independently). Difference from pyhf: unknown keys are
 * errors everywhere (pyhf tolerates extra keys inside normsys/histosys `data`), following cevnsfit's rule
 * that unknown options are never ignored. Modifiers are discriminated by `type`, so an error names the path
 * inside the intended modifier (`channels[0].samples[1].modifiers[0].data.hi_data`).
 */
import { z } from 'zod';

const num = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const numbers = z.array(num).min(1, { message: 'expected at least one number' });

export const pyhfModifierSchema = z.discriminatedUnion('type', [
  z.strictObject({ name: z.string(), type: z.literal('histosys'), data: z.strictObject({ lo_data: numbers, hi_data: numbers }) }),
  z.strictObject({ name: z.literal('lumi'), type: z.literal('lumi'), data: z.null() }),
  z.strictObject({ name: z.string(), type: z.literal('normfactor'), data: z.null() }),
  z.strictObject({ name: z.string(), type: z.literal('normsys'), data: z.strictObject({ lo: num, hi: num }) }),
  z.strictObject({ name: z.string(), type: z.literal('shapefactor'), data: z.null() }),
  z.strictObject({ name: z.string(), type: z.literal('shapesys'), data: numbers }),
  z.strictObject({ name: z.string(), type: z.literal('staterror'), data: numbers }),
]);

export const pyhfSampleSchema = z.strictObject({
  name: z.string(),
  data: numbers,
  modifiers: z.array(pyhfModifierSchema),
});

export const pyhfChannelSchema = z.strictObject({
  name: z.string(),
  samples: z.array(pyhfSampleSchema).min(1),
});

export const pyhfParameterSchema = z.strictObject({
  name: z.string(),
  inits: numbers.optional(),
  bounds: z.array(z.tuple([num, num])).min(1).optional(),
  auxdata: numbers.optional(),
  factors: numbers.optional(),
  sigmas: numbers.optional(),
  fixed: z.boolean().optional(),
});

export const pyhfMeasurementSchema = z.strictObject({
  name: z.string(),
  config: z.strictObject({
    poi: z.string(),
    parameters: z.array(pyhfParameterSchema),
  }),
});

export const pyhfWorkspaceSchema = z.strictObject({
  channels: z.array(pyhfChannelSchema).min(1),
  measurements: z.array(pyhfMeasurementSchema).min(1),
  observations: z.array(z.strictObject({ name: z.string(), data: numbers })).min(1),
  version: z.literal('1.0.0'),
});

export type PyhfWorkspace = z.infer<typeof pyhfWorkspaceSchema>;
export type PyhfModifier = z.infer<typeof pyhfModifierSchema>;
export type PyhfParameterConfig = z.infer<typeof pyhfParameterSchema>;
