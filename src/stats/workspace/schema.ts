/**
 * pyhf's HistFactory JSON workspace, version 1.0.0: the TypeScript shape of a document that passed pyhf's own JSON
 * schema (schemas/pyhf/1.0.0, vendored unmodified; compiled into a standalone ajv validator at build time by
 * scripts/build-pyhf-validator.mjs — see validate.ts).
 */

export type PyhfModifier =
  | { readonly name: string; readonly type: 'histosys'; readonly data: { readonly lo_data: number[]; readonly hi_data: number[] } }
  | { readonly name: 'lumi'; readonly type: 'lumi'; readonly data: null }
  | { readonly name: string; readonly type: 'normfactor'; readonly data: null }
  | { readonly name: string; readonly type: 'normsys'; readonly data: { readonly lo: number; readonly hi: number } }
  | { readonly name: string; readonly type: 'shapefactor'; readonly data: null }
  | { readonly name: string; readonly type: 'shapesys'; readonly data: number[] }
  | { readonly name: string; readonly type: 'staterror'; readonly data: number[] };

export interface PyhfSample {
  readonly name: string;
  readonly data: number[];
  readonly modifiers: PyhfModifier[];
}

export interface PyhfChannel {
  readonly name: string;
  readonly samples: PyhfSample[];
}

export interface PyhfParameterConfig {
  readonly name: string;
  readonly inits?: number[];
  readonly bounds?: [number, number][];
  readonly auxdata?: number[];
  readonly factors?: number[];
  readonly sigmas?: number[];
  readonly fixed?: boolean;
}

export interface PyhfMeasurement {
  readonly name: string;
  readonly config: { readonly poi: string; readonly parameters: PyhfParameterConfig[] };
}

export interface PyhfWorkspace {
  readonly channels: PyhfChannel[];
  readonly measurements: PyhfMeasurement[];
  readonly observations: { readonly name: string; readonly data: number[] }[];
  readonly version: '1.0.0';
}
