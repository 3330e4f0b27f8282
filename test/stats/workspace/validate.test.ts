/**
 * Workspace validation with pyhf's own JSON schema (schemas/pyhf, compiled by scripts/build-pyhf-validator.mjs):
 * valid documents pass, and every kind of error names the JSON path of the offending key — inside a modifier, the
 * path of the branch its `type` names, not of the six other types pyhf's `anyOf` also tried.
 */
import { describe, expect, test } from 'vitest';
import { InvalidSpecification } from '../../../src/util/errors.js';
import { parseWorkspace } from '../../../src/stats/workspace/index.js';
import { invalidSpecPath, pyhfHelloWorld } from '../fixtures.js';

function errorOf(ws: unknown): InvalidSpecification {
  try {
    parseWorkspace(ws);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidSpecification);
    return e as InvalidSpecification;
  }
  throw new Error('expected an InvalidSpecification');
}

describe('pyhf workspace validation (pyhf schema 1.0.0)', () => {
  test('the hello-world workspace passes and is returned unchanged', () => {
    const ws = pyhfHelloWorld();
    expect(parseWorkspace(ws)).toBe(ws);
  });

  test('a histosys with a string in hi_data names that element', () => {
    const ws = pyhfHelloWorld();
    ws.channels[0].samples[1].modifiers.push({ name: 'shape', type: 'histosys', data: { lo_data: [49, 51], hi_data: [51, 'x'] } });
    expect(invalidSpecPath(() => parseWorkspace(ws))).toBe('channels[0].samples[1].modifiers[1].data.hi_data[1]');
  });

  test('a normsys missing hi names the missing key', () => {
    const ws = pyhfHelloWorld();
    ws.channels[0].samples[0].modifiers.push({ name: 'eff', type: 'normsys', data: { lo: 0.9 } });
    const e = errorOf(ws);
    expect(e.path).toBe('channels[0].samples[0].modifiers[1].data.hi');
    expect(e.message).toMatch(/missing required key 'hi'/);
  });

  test('an unknown modifier type is reported at its type, with the known types', () => {
    const ws = pyhfHelloWorld();
    ws.channels[0].samples[0].modifiers[0].type = 'normfactr';
    const e = errorOf(ws);
    expect(e.path).toBe('channels[0].samples[0].modifiers[0].type');
    expect(e.message).toMatch(/unknown modifier type "normfactr".*normfactor/);
  });

  test('unknown keys are errors (pyhf: additionalProperties false)', () => {
    const ws = pyhfHelloWorld();
    ws.measurements[0].config.parameters.push({ name: 'mu', bounds: [[0, 10]], colour: 'red' });
    const e = errorOf(ws);
    expect(e.path).toBe('measurements[0].config.parameters[0].colour');
    expect(e.message).toMatch(/unknown key 'colour'/);
  });

  test('the lumi modifier must be named lumi, the version must be 1.0.0', () => {
    const ws = pyhfHelloWorld();
    ws.channels[0].samples[0].modifiers.push({ name: 'luminosity', type: 'lumi', data: null });
    expect(invalidSpecPath(() => parseWorkspace(ws))).toBe('channels[0].samples[0].modifiers[1].name');
    const v = pyhfHelloWorld();
    v.version = '1.1.0';
    expect(invalidSpecPath(() => parseWorkspace(v))).toBe('version');
  });

  test('a missing top-level section is named', () => {
    const ws = pyhfHelloWorld();
    delete ws.observations;
    expect(invalidSpecPath(() => parseWorkspace(ws))).toBe('observations');
  });
});

describe('pyhf workspace validation: every error of a document is reported', () => {
  const unknownKey = (path: string, key: string) => `${path}: unknown key '${key}' (not part of pyhf's schema; check the spelling)`;
  test('the first error names the path; the next ones follow in the message with their paths', () => {
    const ws = pyhfHelloWorld();
    ws.channels[0].extra = 1;
    ws.observations[0].other = 2;
    ws.version = '2.0.0';
    const e = errorOf(ws);
    expect(e.path).toBe('channels[0].extra');
    expect(e.message).toBe(
      `channels[0].extra: invalid pyhf workspace: unknown key 'extra' (not part of pyhf's schema; check the spelling) (also: ${unknownKey('observations[0].other', 'other')}; version: expected "1.0.0")`,
    );
  });

  test("inside a modifier, all errors of the branch its type names and none of the other six types' branches", () => {
    const ws = pyhfHelloWorld();
    ws.channels[0].samples[1].modifiers.push({ name: 'st', type: 'staterror', data: ['x', 1], bogus: 1 });
    const e = errorOf(ws);
    expect(e.path).toBe('channels[0].samples[1].modifiers[1].bogus');
    expect(e.message).toBe(
      `channels[0].samples[1].modifiers[1].bogus: invalid pyhf workspace: unknown key 'bogus' (not part of pyhf's schema; check the spelling) (also: channels[0].samples[1].modifiers[1].data[0]: must be number)`,
    );
  });

  test('up to four further errors are listed, then the count of the others', () => {
    const withErrors = (n: number) => {
      const ws = pyhfHelloWorld();
      for (let i = 0; i < n; i++) ws.channels[0].samples.push({ name: `s${i}`, data: [1, 1], modifiers: [], [`k${i}`]: 1 });
      return errorOf(ws);
    };
    const listed = [1, 2, 3, 4].map((i) => unknownKey(`channels[0].samples[${2 + i}].k${i}`, `k${i}`)).join('; ');
    const head = "channels[0].samples[2].k0: invalid pyhf workspace: unknown key 'k0' (not part of pyhf's schema; check the spelling)";
    expect(withErrors(7).path).toBe('channels[0].samples[2].k0');
    expect(withErrors(7).message).toBe(`${head} (also: ${listed}; and 2 more)`);
    expect(withErrors(5).message).toBe(`${head} (also: ${listed})`);
    expect(withErrors(1).message).toBe(head);
    // a document that is not an object has that one error, at the root
    expect(() => parseWorkspace([1])).toThrow(new InvalidSpecification('invalid pyhf workspace: must be object', '(root)'));
  });
});
