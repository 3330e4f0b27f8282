/** Test fixtures shared by the statistics tests. */
import { expect } from 'vitest';
import { InvalidSpecification } from '../../src/util/errors.js';

/**
 * pyhf's documented two-bin "hello world" workspace (uncorrelated background): signal [12, 11], background [50, 52]
 * with shapesys uncertainties [3, 7], observed [51, 48], POI mu. A fresh copy each call (tests mutate it).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function pyhfHelloWorld(): any {
  return {
    channels: [
      {
        name: 'singlechannel',
        samples: [
          { name: 'signal', data: [12.0, 11.0], modifiers: [{ name: 'mu', type: 'normfactor', data: null }] },
          { name: 'background', data: [50.0, 52.0], modifiers: [{ name: 'uncorr_bkguncrt', type: 'shapesys', data: [3.0, 7.0] }] },
        ],
      },
    ],
    observations: [{ name: 'singlechannel', data: [51.0, 48.0] }],
    measurements: [{ name: 'Measurement', config: { poi: 'mu', parameters: [] } }],
    version: '1.0.0',
  };
}

/** Run `f`, require an InvalidSpecification, and return the JSON path it names. */
export function invalidSpecPath(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidSpecification);
    return (e as InvalidSpecification).path;
  }
  throw new Error('expected an InvalidSpecification');
}
