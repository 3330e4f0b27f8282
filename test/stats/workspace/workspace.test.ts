import { describe, expect, test } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jStat from 'jstat';
import { DataFormatError } from '../../../src/util/errors.js';
import { loadWorkspace, loadWorkspaceFile } from '../../../src/stats/workspace/index.js';
import { invalidSpecPath, pyhfHelloWorld } from '../fixtures.js';
import { code4Coefficients, code4Factor, code4pDelta } from '../../../src/stats/model/index.js';


function richWs(): any {
  return {
    channels: [
      {
        name: 'signal_region',
        samples: [
          {
            name: 'signal',
            data: [5, 3],
            modifiers: [
              { name: 'mu', type: 'normfactor', data: null },
              { name: 'lumi', type: 'lumi', data: null },
              { name: 'staterror_signal_region', type: 'staterror', data: [0.5, 0.4] },
            ],
          },
          {
            name: 'background',
            data: [40, 30],
            modifiers: [
              { name: 'bkg_norm', type: 'normsys', data: { lo: 0.9, hi: 1.2 } },
              { name: 'shape', type: 'histosys', data: { lo_data: [38, 31], hi_data: [43, 29] } },
              { name: 'lumi', type: 'lumi', data: null },
              { name: 'staterror_signal_region', type: 'staterror', data: [1.2, 1.0] },
            ],
          },
        ],
      },
      {
        name: 'control_region',
        samples: [{ name: 'background', data: [100], modifiers: [{ name: 'bkg_norm', type: 'normsys', data: { lo: 0.95, hi: 1.05 } }, { name: 'cr_free', type: 'normfactor', data: null }] }],
      },
    ],
    observations: [
      { name: 'signal_region', data: [47, 31] },
      { name: 'control_region', data: [104] },
    ],
    measurements: [
      {
        name: 'meas',
        config: {
          poi: 'mu',
          parameters: [
            { name: 'lumi', auxdata: [1.0], sigmas: [0.02], bounds: [[0.5, 1.5]], inits: [1.0] },
            { name: 'mu', bounds: [[0, 5]] },
            { name: 'not_in_model', fixed: true },
          ],
        },
      },
    ],
    version: '1.0.0',
  };
}


describe('pyhf workspace reading', () => {
  test('simple workspace: pyhf names, data vector and the published twice_nll 30.77525435', () => {
    const { model, data, poi } = loadWorkspace(pyhfHelloWorld());
    expect(poi).toBe('mu');
    expect(model.params.names).toEqual(['mu', 'uncorr_bkguncrt[0]', 'uncorr_bkguncrt[1]']);
    expect(Array.from(model.flatData(data)).map((x) => +x.toFixed(8))).toEqual([51, 48, 277.77777778, 55.18367347]);
    expect(model.twiceNll(model.params.init, data)).toBeCloseTo(30.77525435, 7);
  });

  test('rich workspace: sorted channels, pyhf parameter order, measurement configs, staterror σ, lumi σ', () => {
    const { model, data, ignoredParameterConfigs } = loadWorkspace(richWs());
    expect(model.channels.map((c) => c.name)).toEqual(['control_region', 'signal_region']);
    expect(Array.from(data.main)).toEqual([104, 47, 31]);
    // groups: histosys, lumi, normfactor (first appearance over sorted channels: cr_free before mu), normsys, staterror
    expect(model.params.names).toEqual(['shape', 'lumi', 'cr_free', 'mu', 'bkg_norm', 'staterror_signal_region[0]', 'staterror_signal_region[1]']);
    expect(ignoredParameterConfigs).toEqual(['not_in_model']);
    expect(model.params.hi[model.params.index('mu')]).toBe(5);
    expect(model.params.constraints[model.params.index('lumi')]).toEqual({ type: 'gaussian', sigma: 0.02 });
    const st = model.params.constraints[model.params.index('staterror_signal_region[0]')]!;
    expect(st.type === 'gaussian' && st.sigma).toBeCloseTo(Math.hypot(0.5, 1.2) / 45, 14);
    // aux order = parameter order of constrained parameters: shape, lumi, bkg_norm, staterror×2
    expect(Array.from(model.nominalAux)).toEqual([0, 1, 0, 1, 1]);
  });

  test('pyhf default interpolation (normsys code4, histosys code4p) in expected counts', () => {
    const { model } = loadWorkspace(richWs());
    const pars = model.params.vector({ bkg_norm: 0.5, shape: -0.4, mu: 2, lumi: 1.01, cr_free: 1.3 });
    const out = new Float64Array(3);
    model.expected(pars, out);
    const fSR = code4Factor(0.5, 0.9, 1.2, code4Coefficients(0.9, 1.2), 0);
    const fCR = code4Factor(0.5, 0.95, 1.05, code4Coefficients(0.95, 1.05), 0);
    expect(out[0]).toBeCloseTo(1.3 * fCR * 100, 10);
    expect(out[1]).toBeCloseTo(2 * 1.01 * 5 + 1.01 * fSR * (40 + code4pDelta(-0.4, 3, 2)), 10);
    expect(out[2]).toBeCloseTo(2 * 1.01 * 3 + 1.01 * fSR * (30 + code4pDelta(-0.4, -1, -1)), 10);
    // twiceNll at these parameters against an independent sum
    const d = loadWorkspace(richWs()).data;
    let ref = 0;
    [104, 47, 31].forEach((n, b) => (ref += -2 * (n * Math.log(out[b]!) - out[b]! - jStat.gammaln(n + 1))));
    ref += -2 * Math.log(jStat.normal.pdf(0, -0.4, 1)) - 2 * Math.log(jStat.normal.pdf(1, 1.01, 0.02)) - 2 * Math.log(jStat.normal.pdf(0, 0.5, 1));
    ref += -2 * Math.log(jStat.normal.pdf(1, 1, Math.hypot(0.5, 1.2) / 45)) - 2 * Math.log(jStat.normal.pdf(1, 1, Math.hypot(0.4, 1.0) / 33));
    expect(model.twiceNll(pars, d)).toBeCloseTo(ref, 9);
  });

  test('invalid workspaces fail with the offending JSON path', () => {
    const a = pyhfHelloWorld();
    a.channels[0].samples[1].modifiers[0] = { name: 'h', type: 'histosys', data: { lo_data: [1, 2], hi_data: 'oops' } };
    expect(invalidSpecPath(() => loadWorkspace(a))).toBe('channels[0].samples[1].modifiers[0].data.hi_data');
    const b = pyhfHelloWorld();
    b.channels[0].samples[0].extra = 1;
    expect(invalidSpecPath(() => loadWorkspace(b))).toBe('channels[0].samples[0].extra');
    const c = pyhfHelloWorld();
    c.channels[0].samples[1].data = [50, 52, 3];
    expect(invalidSpecPath(() => loadWorkspace(c))).toBe('channels[0].samples[1].data');
    const d = pyhfHelloWorld();
    d.measurements[0].config.poi = 'nope';
    expect(invalidSpecPath(() => loadWorkspace(d))).toBe('measurements[0].config.poi');
    const e = richWs();
    e.measurements[0].config.parameters[0] = { name: 'lumi', auxdata: [1.0] };
    expect(() => loadWorkspace(e)).toThrow(/sigma/);
    const f = pyhfHelloWorld();
    f.version = '1.0.1';
    expect(invalidSpecPath(() => loadWorkspace(f))).toBe('version');
    const g = pyhfHelloWorld();
    g.channels[0].samples[1].modifiers[0].data = [3];
    expect(invalidSpecPath(() => loadWorkspace(g))).toBe('channels[0].samples[1].modifiers[0].data');
  });

  test('files: valid JSON loads; invalid JSON names the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-ws-'));
    writeFileSync(join(dir, 'ws.json'), JSON.stringify(pyhfHelloWorld()));
    expect(loadWorkspaceFile(join(dir, 'ws.json')).model.nBins).toBe(2);
    writeFileSync(join(dir, 'bad.json'), '{"channels": [');
    expect(() => loadWorkspaceFile(join(dir, 'bad.json'))).toThrow(DataFormatError);
  });
});
