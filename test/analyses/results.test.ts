/**
 * The runtime guard of the result contracts (src/analyses/results.ts): a result.json read back is checked for the
 * keys its consumers read, with errors naming the file and the key; kinds are told apart by command (and scan kind,
 * significance method); limit results of older runs are brought up to the contract.
 */
import { describe, expect, it } from 'vitest';
import { expectResult, isResultKind, parseResultJson, resultKind, ResultFormatError } from '../../src/analyses/results.js';

describe('result kinds', () => {
  it('tells scans and significances apart; other commands have no contract here', () => {
    expect(resultKind({ command: 'scan', kind: 'mass-Y' } as never)).toBe('scan-mass-Y');
    expect(resultKind({ command: 'scan', kind: '1d' } as never)).toBe('scan-1d');
    expect(resultKind({ command: 'scan', kind: 'setting' } as never)).toBe('scan-setting');
    expect(resultKind({ command: 'significance', method: 'global-toys' } as never)).toBe('significance-global');
    expect(resultKind({ command: 'significance', method: 'toys' } as never)).toBe('significance');
    expect(resultKind({ command: 'workspace fit' })).toBeNull();
    expect(isResultKind({ command: 'fit' }, 'fit')).toBe(true);
    expect(isResultKind({ command: 'fit' }, 'count')).toBe(false);
  });
});

describe('parseResultJson', () => {
  const fit = { command: 'fit', config: 'toy', status: { converged: true }, parameters: {}, yields: {}, observed: 3 };

  it('accepts a complete result and results of commands without a contract', () => {
    expect(parseResultJson(fit, 'r.json')).toBe(fit);
    const ws = { command: 'workspace fit', anything: 1 };
    expect(parseResultJson(ws, 'r.json')).toBe(ws);
  });

  it('names the file and the missing key', () => {
    const { parameters: _p, ...noParams } = fit;
    expect(() => parseResultJson(noParams, 'out/fit/result.json')).toThrow(ResultFormatError);
    expect(() => parseResultJson(noParams, 'out/fit/result.json')).toThrow('out/fit/result.json: not a complete fit result: key "parameters" missing');
    expect(() => parseResultJson({ config: 'x' }, 'a.json')).toThrow('a.json: not a cevnsfit result: key "command" missing or not a string');
    expect(() => parseResultJson([1, 2], 'a.json')).toThrow(/a\.json: not a cevnsfit result/);
    expect(() => parseResultJson({ command: 'fit', config: 3 }, 'c.json')).toThrow('c.json: not a cevnsfit result: key "config" is not a string');
    expect(() => parseResultJson({ command: 'scan', values: [] }, 's.json')).toThrow(/s\.json: scan result: key "kind" missing/);
    expect(() => parseResultJson({ command: 'limit', curves: [{ name: 'c', cl: 0.9, method: 'cls', data: 'observed', points: [{ mass: 1 }] }] }, 'l.json')).toThrow('l.json: limit result: key "curves[0].points[0].status" missing');
  });

  it('brings a limit result of an older run (Y keys only, no coupling or mass label) up to the contract', () => {
    const old = { command: 'limit', cl: 0.9, method: 'cls', points: [], curves: [{ name: 'c', experiment: 'e', cl: 0.9, method: 'cls', data: 'observed', points: [{ mass: 5, y_obs: 2e-10, y_exp: [1, 2, 3, 4, 5], status: 'ok' }] }] };
    const r = expectResult(old, 'l.json', 'limit');
    expect(r.curves[0]!.coupling.name).toBe('Y');
    expect(r.curves[0]!.mass_label).toBe('m_A′');
    expect(r.curves[0]!.points[0]!.coupling_obs).toBe(2e-10);
    expect(r.curves[0]!.points[0]!.coupling_exp).toEqual([1, 2, 3, 4, 5]);
  });

  it('expectResult refuses a result of another kind', () => {
    expect(() => expectResult(fit, 'r.json', 'limit')).toThrow('r.json: expected a limit result, got fit');
  });
});
